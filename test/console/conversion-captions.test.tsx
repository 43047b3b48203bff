import { cleanup, render, screen, within } from '@testing-library/preact';
import type { JSX } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { FunnelPanel, MotionTable } from '../../console/pages/analytics/campaign-results.tsx';
import { analyticsFilters } from '../../console/pages/analytics/filters.tsx';
import { CampaignListPage } from '../../console/pages/campaigns/list-page.tsx';
import { HomePage } from '../../console/pages/home-page.tsx';
import type { CampaignFunnel } from '../../shared/analytics.ts';
import { CampaignDefinition, type CampaignListItem } from '../../shared/campaign.ts';
import type { ConsoleSession } from '../../shared/console.ts';
import { jsonResponse } from './support.ts';

/**
 * Conversion is counted differently per screen (per prompt served and all time on the overview and
 * the campaigns list; per account and per period on Analytics): each screen says which.
 */
const campaign: CampaignListItem = {
  ...CampaignDefinition.parse({
    name: 'Capacity Pack',
    motion: 'upsell_capacity',
    target: { kind: 'product', productKey: 'capacity' },
    content: { en: { title: 'More room' } },
  }),
  id: '0d3e0000-0000-4000-8000-000000000001',
  status: 'active',
  version: 1,
  deletable: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  stats: {
    served: 200,
    heldOut: 20,
    shown: 180,
    clicked: 40,
    dismissed: 10,
    conversions: 30,
    conversionRate: 0.15,
  },
};
const funnel: CampaignFunnel & { name: string; motion: string } = {
  campaignId: campaign.id,
  name: campaign.name,
  motion: campaign.motion,
  eligible: 110,
  heldOut: 10,
  treated: 100,
  shown: 90,
  clicked: 30,
  dismissed: 5,
  trialsStarted: 0,
  converted: 12,
  revenue: 120_000,
  currency: 'USD',
};
const day = { date: '2026-01-10', shown: 9, clicked: 4, dismissed: 3, trialsStarted: 0, converted: 1 };
const changes = [
  { at: '2026-01-03T09:30:00.000Z', version: 2, action: 'activated', actor: 'api', fields: [] },
  {
    at: '2026-01-10T14:00:00.000Z',
    version: 3,
    action: 'updated',
    actor: 'pm@acme.test',
    fields: ['content.en.title', 'holdout.percent'],
  },
];
const session: ConsoleSession = {
  user: {
    id: '0d3e0000-0000-4000-8000-0000000000aa',
    email: 'pm@acme.test',
    name: 'PM',
    role: 'viewer',
    twoStep: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  workspace: { id: 'ws_1', name: 'Acme', twoStepRequired: false },
  csrfToken: 'csrf',
  expiresAt: '2026-01-02T00:00:00.000Z',
  viaSso: false,
};

beforeEach(() => {
  vi.stubGlobal('fetch', async (path: string) => {
    const body = path.startsWith('/v1/admin/campaigns')
      ? { data: [campaign], nextCursor: null }
      : path.startsWith('/v1/admin/analytics/funnel')
        ? // The period before (asked with a `to`) converted half as many.
          { data: [path.includes('&to=') ? { ...funnel, converted: 6 } : funnel] }
        : path.includes('/daily?')
          ? { campaignId: campaign.id, days: [day], changes }
          : path.startsWith('/v1/admin/settings')
            ? { publishableKey: 'pk_1', allowedOrigins: [], settings: { identityMode: 'enforce' } }
            : path.startsWith('/v1/admin/webhooks/endpoints')
              ? { endpoints: [] }
              : { data: [] };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The analytics funnel of the one campaign, over the last 30 days. */
function renderFunnel() {
  const query = new URLSearchParams('period=30');
  render(
    <FunnelPanel
      campaigns={[campaign]}
      selected={campaign.id}
      query={query}
      filters={analyticsFilters(query)}
    />,
  );
}

const signedIn = (page: JSX.Element) =>
  render(
    <SessionContext.Provider value={{ session, signOut: () => {}, refresh: () => {} }}>
      {page}
    </SessionContext.Provider>,
  );

describe('conversion says its denominator and period on every screen', () => {
  it('overview: completed purchases per prompt served, all time', async () => {
    signedIn(<HomePage />);
    expect((await screen.findByText('15%')).tagName).toBe('DD');
    expect(screen.getByText(/^All time, over every campaign/).textContent).toBe(
      'All time, over every campaign. Conversion = completed purchases through a campaign ÷ prompts served.',
    );
  });

  it('campaigns list: the same conversion, and lift over the last 90 days', async () => {
    signedIn(<CampaignListPage />);
    const table = await screen.findByRole('table');
    expect(within(table).getByText(/^Shown =/).tagName).toBe('CAPTION');
    // A campaign testing copy says so beside its status; this one does not.
    expect(within(table).queryByText(/testing \d copies/)).toBeNull();
    expect(table.querySelector('caption')?.textContent).toBe(
      "Shown = impressions, all time. Dismissed = dismissals ÷ impressions, all time (every prompt must earn its place: a high share says it annoys more than it helps). Conversion = completed purchases through the campaign ÷ prompts served, all time. Lift = conversion of treated accounts minus the holdout's, last 90 days (as on Analytics).",
    );
  });

  it('campaigns list: the share of impressions dismissed beside them, and none before any', async () => {
    const unseen = {
      ...campaign,
      id: '0d3e0000-0000-4000-8000-000000000009',
      name: 'Unseen',
      stats: { ...campaign.stats, shown: 0, dismissed: 0 },
    };
    vi.stubGlobal('fetch', async (path: string) =>
      jsonResponse(
        path.startsWith('/v1/admin/campaigns')
          ? { data: [campaign, unseen], nextCursor: null }
          : { data: [] },
      ),
    );
    signedIn(<CampaignListPage />);
    const table = await screen.findByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    const column = headers.indexOf('Dismissed') - 1;
    expect(column).toBe(4);
    const cellOf = (name: RegExp) =>
      within(screen.getByRole('row', { name })).getAllByRole('cell')[column]?.textContent;
    // 10 dismissals of 180 impressions.
    expect(cellOf(/^Capacity Pack/)).toBe('5.6%');
    expect(cellOf(/^Unseen/)).toBe('—');
  });

  it('campaigns list: a campaign testing copy says how many copies beside its status', async () => {
    const testing = {
      ...campaign,
      variants: [{ key: 'b', percent: 50, content: { en: { title: 'B', body: '' } } }],
    };
    vi.stubGlobal('fetch', async (path: string) =>
      jsonResponse(
        path.startsWith('/v1/admin/campaigns') ? { data: [testing], nextCursor: null } : { data: [] },
      ),
    );
    signedIn(<CampaignListPage />);
    const row = await screen.findByRole('row', { name: /^Capacity Pack/ });
    expect(within(row).getAllByRole('cell')[0]?.textContent).toBe('active · testing 2 copies');
  });

  it('analytics funnel: accounts that bought through the campaign ÷ eligible accounts not held out, in the period', async () => {
    renderFunnel();
    expect((await screen.findByText(/^Conversion \(bought, of eligible\)/)).textContent).toBe(
      'Conversion (bought, of eligible) = accounts with a purchase through this campaign, from its prompt or its trial (failed ones left out), ÷ eligible accounts not held out, last 30 days.',
    );
  });

  it('analytics funnel: this period’s conversion beside the period as long just before it', async () => {
    renderFunnel();
    expect((await screen.findByText(/^Bought, of eligible:/)).textContent).toBe(
      'Bought, of eligible: 12% · the 30 days before: 6% (+6 pts)',
    );
  });

  it('analytics funnel: the campaign’s changes in the period, under its daily chart, with the fields each changed', async () => {
    renderFunnel();
    const heading = await screen.findByRole('heading', { name: /^Changes to the campaign in this period/ });
    const items = within(heading.parentElement as HTMLElement).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.replace(/^.*? · /, ''))).toEqual([
      'version 2 activated by api',
      'version 3 updated by pm@acme.test: content.en.title, holdout.percent',
    ]);
    expect(items[1]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-10T14:00:00.000Z');
  });

  it('analytics funnel: the daily chart carries dismissals beside the funnel steps', async () => {
    renderFunnel();
    const chart = await screen.findByRole('img', { name: /^Day by day/ });
    expect(chart.getAttribute('aria-label')).toBe(
      'Day by day (accounts, UTC days). Latest: Saw it: 9; Clicked: 4; Dismissed: 3; Bought: 1',
    );
  });

  it('conversion by motion: treated accounts, the lift’s treatment arm, in the period', () => {
    render(
      <MotionTable
        scope="last 7 days"
        rows={[
          {
            motion: 'upsell_capacity',
            served: 50,
            conversions: 10,
            rate: 0.2,
            benchmark: { low: 0.2, high: 0.3 },
          },
        ]}
      />,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Motion',
      'Treated accounts',
      'Bought',
      'Conversion',
      'Benchmark',
    ]);
    expect(screen.getByText(/^Conversion =/).textContent).toBe(
      "Conversion = treated accounts (not held out) that bought the campaign's product after their first decision ÷ treated accounts with a decision, last 7 days: the lift's treatment arm.",
    );
  });
});
