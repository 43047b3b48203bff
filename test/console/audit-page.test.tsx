import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Shell } from '../../console/components/shell.tsx';
import { RouteContext, useRoute } from '../../console/lib/router.ts';
import { SessionContext } from '../../console/lib/session.ts';
import { AuditPage } from '../../console/pages/audit-page.tsx';
import type { AuditEntry, AuditLog } from '../../shared/audit.ts';
import { rowCells as cells, jsonResponse, sessionAs } from './support.ts';

const LONG = `Reports ${'and exports '.repeat(10)}`.trim();

const entry = (id: string, fields: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: '2026-12-01T10:00:00.000Z',
  actor: 'pm@example.com',
  action: 'product.updated',
  target: { type: 'product', id: 'reports', name: 'Reports' },
  changes: [],
  details: null,
  ...fields,
});

const priceChange = entry('00000000-0000-4000-8000-000000000001', {
  changes: [
    { field: 'price.amount', from: 4900, to: 5900 },
    { field: 'description', from: null, to: LONG },
  ],
});
const rotation = entry('00000000-0000-4000-8000-000000000002', {
  at: '2026-11-30T09:00:00.000Z',
  actor: 'api',
  action: 'keys.rotated',
  target: { type: 'workspace', id: 'w1', name: null },
  details: { keys: 'both', overlapSeconds: 3600 },
});
const activation = entry('00000000-0000-4000-8000-000000000003', {
  at: '2026-11-29T08:00:00.000Z',
  action: 'campaign.activated',
  target: { type: 'campaign', id: 'c-42', name: 'Spring upsell' },
  changes: [{ field: 'status', from: 'draft', to: 'active' }],
});

let pages: Record<string, AuditLog>;
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  window.history.replaceState(null, '', '/console/audit');
  pages = {};
  fetchMock = vi.fn(async (path: string) => jsonResponse(pages[path] ?? { data: [], nextCursor: null }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The page under the console's router, so the filters it writes to the address come back to it. */
function Routed() {
  const route = useRoute();
  return (
    <RouteContext.Provider value={route}>
      <AuditPage />
    </RouteContext.Provider>
  );
}

const asked = () => fetchMock.mock.calls.map(([path]) => path as string);
const FIRST = '/v1/admin/audit-log?limit=50';

describe('AuditPage', () => {
  it('lists who did what to which target, with each change and detail as text', async () => {
    pages[FIRST] = { data: [priceChange, rotation, activation], nextCursor: null };
    render(<Routed />);
    await screen.findByRole('table');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Audit log');
    expect(asked()).toEqual([FIRST]);
    const truncated = `“${LONG}”`.slice(0, 79);
    expect(cells(/Product updated/)).toEqual([
      'pm@example.com',
      'Product updated',
      'Product Reports',
      `price.amount: 4900 → 5900description: — → ${truncated}…`,
    ]);
    // A value cut short keeps the whole of it on hover.
    expect(screen.getByText(`${truncated}…`).getAttribute('title')).toBe(`“${LONG}”`);
    expect(cells(/Keys rotated/)).toEqual([
      'API (secret key)',
      'Keys rotated',
      'Workspace w1',
      'keys: “both”overlapSeconds: 3600',
    ]);
    expect(cells(/Campaign activated/)).toEqual([
      'pm@example.com',
      'Campaign activated',
      'Campaign Spring upsell',
      'status: “draft” → “active”',
    ]);
    const campaign = screen.getByRole('link', { name: 'Spring upsell' });
    expect(campaign.getAttribute('href')).toBe('/console/campaigns/c-42');
    // When: local time in the cell, the recorded instant on hover.
    const when = within(screen.getByRole('row', { name: /Keys rotated/ })).getByRole('rowheader');
    expect(when.querySelector('time')?.getAttribute('title')).toBe('2026-11-30T09:00:00.000Z');
    expect(when.textContent).toMatch(/30 Nov 2026/);
  });

  it('names a named API key as the one who acted, and what was done to one', async () => {
    const keyCall = entry('00000000-0000-4000-8000-000000000004', { actor: 'key:Billing sync' });
    const revocation = entry('00000000-0000-4000-8000-000000000005', {
      action: 'api_key.revoked',
      target: { type: 'api_key', id: 'k-1', name: 'Looker' },
    });
    pages[FIRST] = { data: [keyCall, revocation], nextCursor: null };
    render(<Routed />);
    await screen.findByRole('table');
    expect(cells(/Product updated/).slice(0, 2)).toEqual(['API key “Billing sync”', 'Product updated']);
    expect(cells(/API key revoked/).slice(0, 3)).toEqual([
      'pm@example.com',
      'API key revoked',
      'API key Looker',
    ]);
    // The keys page lists revoked keys too.
    expect(screen.getByRole('link', { name: 'Looker' }).getAttribute('href')).toBe('/console/api-keys');
    const keys = screen.getByLabelText('Action').querySelector('optgroup[label="API keys"]');
    expect([...(keys?.querySelectorAll('option') ?? [])].map((o) => o.textContent)).toEqual([
      'API key created',
      'API key revoked',
      'API key rolled',
      'API key’s allowed addresses changed',
    ]);
  });

  it('asks the API for the chosen action and the typed actor, and keeps both in the address', async () => {
    render(<Routed />);
    await screen.findByText('No changes recorded yet.');
    const select = screen.getByLabelText('Action') as HTMLSelectElement;
    // Grouped by what the action changes.
    const workspace = select.querySelector('optgroup[label="Workspace"]');
    expect([...(workspace?.querySelectorAll('option') ?? [])].map((o) => o.textContent)).toEqual([
      'Workspace created',
      'Settings updated',
      'Keys rotated',
      'Affinity recomputed',
      'Sign-in policy changed',
      'Single sign-on set',
      'Single sign-on removed',
    ]);
    fireEvent.change(select, { target: { value: 'keys.rotated' } });
    await waitFor(() => expect(asked()).toContain(`${FIRST}&action=keys.rotated`));
    for (const typed of ['a', 'ap', 'api ']) {
      fireEvent.input(screen.getByLabelText('Who'), { target: { value: typed } });
    }
    await waitFor(() => expect(asked()).toContain(`${FIRST}&action=keys.rotated&actor=api`));
    // Once per pause in the typing, not once per key.
    expect(asked().filter((path) => path.includes('actor='))).toEqual([
      `${FIRST}&action=keys.rotated&actor=api`,
    ]);
    expect(window.location.search).toBe('?action=keys.rotated&actor=api');
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    expect(select.value).toBe('keys.rotated');
    // The download carries the same filters, and no page size: it is every matching entry.
    const download = screen.getByRole('link', { name: 'Download these entries (CSV)' });
    expect(download.getAttribute('href')).toBe('/v1/admin/audit-log.csv?action=keys.rotated&actor=api');
  });

  it('shows one thing’s history when another page links to it, with the way back to every entry', async () => {
    window.history.replaceState(null, '', '/console/audit?targetType=product&targetId=reports');
    render(<Routed />);
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    expect(asked()).toEqual([`${FIRST}&targetType=product&targetId=reports`]);
    expect(screen.getByText(/^The history of product/).textContent).toBe(
      'The history of product reports · Every entry',
    );
    expect(screen.getByRole('link', { name: 'Download these entries (CSV)' }).getAttribute('href')).toBe(
      '/v1/admin/audit-log.csv?targetType=product&targetId=reports',
    );
    fireEvent.click(screen.getByRole('link', { name: 'Every entry' }));
    await waitFor(() => expect(asked().at(-1)).toBe(FIRST));
  });

  it('opens with the filters a shared address carries', async () => {
    window.history.replaceState(null, '', '/console/audit?actor=ops%40example.com&action=nonsense');
    render(<Routed />);
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    // An action this console does not know is no filter at all.
    expect(asked()).toEqual([`${FIRST}&actor=ops%40example.com`]);
    expect((screen.getByLabelText('Who') as HTMLInputElement).value).toBe('ops@example.com');
    expect((screen.getByLabelText('Action') as HTMLSelectElement).value).toBe('');
  });

  it('loads the next page with the cursor and appends it', async () => {
    pages[FIRST] = { data: [priceChange], nextCursor: 'page-2' };
    pages[`${FIRST}&cursor=page-2`] = { data: [rotation], nextCursor: null };
    render(<Routed />);
    await screen.findByRole('row', { name: /Product updated/ });
    expect(screen.queryByRole('row', { name: /Keys rotated/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('row', { name: /Keys rotated/ });
    expect(asked()).toEqual([FIRST, `${FIRST}&cursor=page-2`]);
    // Appended below the first page, which stays.
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual([
      'Product updated',
      'Keys rotated',
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says so when nothing was recorded yet, and shows an error the API returns', async () => {
    render(<Routed />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(await screen.findByText('No changes recorded yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText('Loading…')).toBeNull();
    cleanup();
    fetchMock.mockImplementation(async () =>
      jsonResponse({ error: { code: 'internal_error', message: 'Database unavailable' } }, 500),
    );
    render(<Routed />);
    expect(await screen.findByText('Database unavailable')).toBeTruthy();
    expect(screen.queryByText('No changes recorded yet.')).toBeNull();
  });

  it('is in the navigation for every role, viewers included', () => {
    render(
      <SessionContext.Provider value={{ session: sessionAs('viewer'), signOut: () => {}, refresh: () => {} }}>
        <Shell route="audit">
          <p>page</p>
        </Shell>
      </SessionContext.Provider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Console' });
    const link = within(nav).getByRole('link', { name: 'Audit log' });
    expect(link.getAttribute('href')).toBe('/console/audit');
    expect(link.getAttribute('aria-current')).toBe('page');
  });
});
