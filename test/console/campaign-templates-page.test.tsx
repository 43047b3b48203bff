import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CAMPAIGN_TEMPLATES } from '../../console/lib/campaign-templates.ts';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { Campaign } from '../../shared/campaign.ts';
import { Product } from '../../shared/catalog.ts';
import { fieldValue, jsonResponse, openConsoleAt, postedCampaigns, sessionAs } from './support.ts';

const ID = '0b9c3a52-5c55-4c1f-9d36-0a4a5f1e2b77';
const seatPack = Product.parse({
  id: '5f0d6c1e-3a2b-4c5d-8e9f-0a1b2c3d4e5f',
  key: 'seat-pack',
  name: 'Seat Pack',
  role: 'attach',
  price: { amount: 4900, currency: 'USD', interval: 'month' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** What the console's API answers: the session, one product, and the campaign the save creates. */
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (path === '/v1/admin/session') return jsonResponse(sessionAs('editor'));
    if (path.startsWith('/v1/admin/products')) return jsonResponse({ data: [seatPack], nextCursor: null });
    if (path === '/v1/admin/campaigns' && init?.method === 'POST') {
      const created = { ...JSON.parse(String(init.body)), id: ID, version: 1, deletable: true };
      return jsonResponse(
        Campaign.parse({
          ...created,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }),
        201,
      );
    }
    return jsonResponse({ data: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
installPlainMessages();

const posted = () => postedCampaigns(fetchMock);

describe('Start from a template', () => {
  it('is offered beside New campaign, and lists every play with its motion, summary and own button', async () => {
    openConsoleAt('campaigns');
    fireEvent.click(await screen.findByRole('link', { name: 'Start from a template' }));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Start from a template');
    expect(window.location.pathname).toBe('/console/campaigns/templates');
    const cards = screen.getAllByRole('listitem').filter((li) => li.closest('.template-list'));
    expect(cards.map((li) => within(li).getByRole('heading', { level: 2 }).textContent)).toEqual(
      CAMPAIGN_TEMPLATES.map((t) => t.name),
    );
    const capacity = within(cards[0] as HTMLElement);
    expect(capacity.getByText('Upsell: capacity')).toBeTruthy();
    expect(capacity.getByText(/80–90 % of a quota convert best to more capacity \(20–30 %\)/)).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Use template Renewal → annual plan' }).getAttribute('href'),
    ).toBe('/console/campaigns/new?template=renewal-annual');
    expect(screen.getByRole('link', { name: 'Blank campaign' }).getAttribute('href')).toBe(
      '/console/campaigns/new',
    );
  });

  it('opens the editor filled from the chosen template; the product manager picks the product and saves', async () => {
    openConsoleAt('campaigns/templates');
    fireEvent.click(await screen.findByRole('link', { name: 'Use template Capacity upsell' }));
    expect(await screen.findByText(/Started from the template/)).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe(
      '/console/campaigns/new?template=capacity',
    );
    expect(fieldValue('Name')).toBe('Capacity upsell');
    expect(fieldValue('Motion')).toBe('upsell_capacity');
    expect(fieldValue('Trigger')).toBe('metric_quota');
    expect(fieldValue('Metric')).toBe('seats');
    expect(fieldValue('At least % of quota')).toBe('85');
    expect(fieldValue('Title')).toBe('You are using {{usage.seats.percent}}% of your seats');
    expect(fieldValue('Primary button')).toBe('Add more seats');
    expect(fieldValue('Product')).toBe('');
    // Nothing is saved by choosing a template: only the save creates the campaign.
    expect(posted()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Save campaign' }));
    expect(await screen.findByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(posted()).toEqual([]);
    await screen.findByRole('option', { name: 'Seat Pack (seat-pack)' });
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'seat-pack' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save campaign' }));
    await waitFor(() => expect(posted()).toHaveLength(1));
    expect(posted()[0]).toMatchObject({
      name: 'Capacity upsell',
      motion: 'upsell_capacity',
      target: { kind: 'product', productKey: 'seat-pack' },
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'seats', atLeastPercent: 85 }] },
      content: { en: { primaryLabel: 'Add more seats' } },
      status: 'draft',
    });
  });

  it('fills a guided trial with its week-by-week plan and success criteria', async () => {
    openConsoleAt('campaigns/new?template=guided-trial');
    expect(await screen.findByLabelText('Offer a guided trial')).toBeTruthy();
    expect((screen.getByLabelText('Offer a guided trial') as HTMLInputElement).checked).toBe(true);
    expect(fieldValue('Trial length (days)')).toBe('21');
    expect(screen.getAllByLabelText('Week title').map((el) => (el as HTMLInputElement).value)).toEqual([
      'Set up',
      'First use case',
      'Value review',
    ]);
    expect(screen.getByRole('heading', { name: 'Success criteria (2–3)' })).toBeTruthy();
    expect(fieldValue('Motion')).toBe('cross_sell_adjacent');
  });

  it('starts blank, saying so, from an address naming no template', async () => {
    openConsoleAt('campaigns/new?template=gone');
    expect(await screen.findByText(/There is no template “gone”: this campaign starts blank./)).toBeTruthy();
    expect(fieldValue('Name')).toBe('');
    expect(fieldValue('Motion')).toBe('');
    expect(screen.getByRole('link', { name: 'Choose a template' }).getAttribute('href')).toBe(
      '/console/campaigns/templates',
    );
  });
});
