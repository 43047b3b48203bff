import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { JSX } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { CampaignListPage } from '../../console/pages/campaigns/list-page.tsx';
import { ExplainPicker } from '../../console/pages/explain-picker.tsx';
import { HomePage } from '../../console/pages/home-page.tsx';
import { CampaignDefinition, type CampaignListItem } from '../../shared/campaign.ts';
import type { User } from '../../shared/host-data.ts';
import { jsonResponse, sessionAs } from './support.ts';

/** A campaign of the list, numbered; each served 10 prompts and converted one. */
const campaign = (n: number): CampaignListItem => ({
  ...CampaignDefinition.parse({
    name: `Campaign ${n}`,
    motion: 'upsell_capacity',
    target: { kind: 'product', productKey: 'capacity' },
    content: { en: { title: 'More room' } },
  }),
  id: `0d3e0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  status: 'active',
  version: 1,
  deletable: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  stats: { served: 10, heldOut: 0, shown: 10, clicked: 2, dismissed: 1, conversions: 1, conversionRate: 0.1 },
});

/** 201 campaigns: a first page of 200, then the oldest one on a page of its own. */
function servingCampaigns() {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    if (path.startsWith('/v1/admin/campaigns')) {
      return jsonResponse(
        path.includes('cursor=')
          ? { data: [campaign(201)], nextCursor: null }
          : { data: Array.from({ length: 200 }, (_, i) => campaign(i + 1)), nextCursor: 'page-2' },
      );
    }
    if (path.startsWith('/v1/admin/settings'))
      return jsonResponse({ publishableKey: 'pk_1', allowedOrigins: [], settings: {} });
    return jsonResponse({ data: [], nextCursor: null, endpoints: [] });
  });
  return asked;
}

const signedIn = (page: JSX.Element) =>
  render(
    <SessionContext.Provider value={{ session: sessionAs('viewer'), signOut: () => {}, refresh: () => {} }}>
      {page}
    </SessionContext.Provider>,
  );

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('lists longer than a page', () => {
  it('the campaigns list shows every campaign, reading each page by its cursor, filters kept', async () => {
    const asked = servingCampaigns();
    signedIn(<CampaignListPage />);
    expect(await screen.findByRole('link', { name: 'Campaign 201' })).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(202);
    expect(asked).toContain('/v1/admin/campaigns?limit=200&cursor=page-2');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'active' } });
    await waitFor(() => expect(asked).toContain('/v1/admin/campaigns?limit=200&status=active&cursor=page-2'));
  });

  it('the overview totals every campaign, not the first page’s', async () => {
    servingCampaigns();
    signedIn(<HomePage />);
    const figure = (name: string) => screen.getByText(name).nextElementSibling?.textContent;
    await waitFor(() => expect(figure('Active campaigns')).toBe('201'));
    expect(figure('Prompts shown')).toBe('2,010');
    expect(figure('Conversions')).toBe('201');
  });
});

const user = (id: string): User => ({
  id,
  accountId: 'acme',
  email: null,
  name: id.toUpperCase(),
  role: 'member',
  locale: null,
  attributes: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function servingUsers(page: { data: User[]; nextCursor: string | null }) {
  vi.stubGlobal('fetch', async () => jsonResponse(page));
}

function Picker({ initialUser = '' }: { initialUser?: string }) {
  return <ExplainPicker account="acme" user={initialUser} onAccount={() => {}} onUser={() => {}} />;
}

describe('Explain › user picker', () => {
  it('offers a choice of every user of an account that has a page of them, and keeps a user the link named', async () => {
    servingUsers({ data: [user('u1'), user('u2')], nextCursor: null });
    render(<Picker initialUser="u-from-link" />);
    await waitFor(() => expect(screen.getByLabelText('User').tagName).toBe('SELECT'));
    const select = screen.getByLabelText('User') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'u-from-link', 'u1', 'u2']);
    expect(select.value).toBe('u-from-link');
  });

  it('takes any user id for an account with more users than a page, suggesting the first ones', async () => {
    servingUsers({ data: [user('u1'), user('u2')], nextCursor: 'more' });
    render(<Picker />);
    await waitFor(() => expect(screen.getByLabelText('User').getAttribute('list')).toBe('explain-users'));
    expect(screen.getByLabelText('User').tagName).toBe('INPUT');
    expect(
      [...document.querySelectorAll('#explain-users option')].map((o) => (o as HTMLOptionElement).value),
    ).toEqual(['u1', 'u2']);
  });
});
