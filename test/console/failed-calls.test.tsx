import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { ApiKeysPage } from '../../console/pages/api-keys-page.tsx';
import { FailedCalls } from '../../console/pages/failed-calls.tsx';
import type { ApiKey } from '../../shared/api-keys.ts';
import type { FailedCall, FailedCallPage } from '../../shared/failed-calls.ts';
import { apiKey, jsonResponse, rowCells, sessionAs } from './support.ts';

const call = (n: number, fields: Partial<FailedCall>): FailedCall => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  at: '2026-12-06T12:00:00.000Z',
  actor: 'api',
  method: 'POST',
  path: '/v1/admin/accounts/batch',
  status: 422,
  code: 'validation_failed',
  message: 'Invalid request body',
  requestId: `req-${n}`,
  ...fields,
});

const lookerRefused = call(1, {
  actor: 'key:Looker',
  method: 'GET',
  path: '/v1/admin/audit-log',
  status: 403,
  code: 'forbidden',
  message: 'This API key only reads.',
});
const batchInvalid = call(2, { at: '2026-12-05T08:30:00.000Z' });
const overlapFailed = call(3, {
  at: '2026-12-04T07:00:00.000Z',
  actor: 'api:previous',
  method: 'DELETE',
  path: '/v1/admin/accounts/a-1',
  status: 500,
  code: 'internal_error',
  message: 'Database unavailable',
  requestId: null,
});
const zapierRefused = call(4, {
  actor: 'key:Zapier',
  status: 401,
  code: 'unauthorized',
  message: 'Revoked.',
});

const FIRST = '/v1/admin/failed-calls?limit=50';
/** What each path answers: a page of failed calls (or the key list), or a whole response. */
let pages: Record<string, FailedCallPage | { data: ApiKey[] } | Response>;
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  pages = {};
  fetchMock = vi.fn(async (path: string) => {
    const answer = pages[path] ?? { data: [], nextCursor: null };
    return answer instanceof Response ? answer : jsonResponse(answer);
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const asked = () => fetchMock.mock.calls.map(([path]) => path as string);
const callerOptions = () =>
  [...(screen.getByLabelText('Caller') as HTMLSelectElement).options].map((o) => [o.value, o.textContent]);

describe('FailedCalls', () => {
  it('lists each failed call: when, which key, the call, its status, error and request id', async () => {
    pages[FIRST] = { data: [lookerRefused, batchInvalid, overlapFailed], nextCursor: null };
    render(<FailedCalls keyNames={['Looker', 'Billing sync']} />);
    await screen.findByRole('table');
    expect(asked()).toEqual([FIRST]);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Recent failed calls');
    expect(screen.getByRole('region', { name: 'Recent failed calls' }).textContent).toMatch(
      /from the last 14 days \(at most 1,000.*the console's own calls are not listed/,
    );
    expect(rowCells(/This API key only reads/)).toEqual([
      'Looker',
      'GET /v1/admin/audit-log',
      '403',
      'forbidden This API key only reads.',
      'req-1',
    ]);
    expect(rowCells(/Invalid request body/)).toEqual([
      'Workspace secret key',
      'POST /v1/admin/accounts/batch',
      '422',
      'validation_failed Invalid request body',
      'req-2',
    ]);
    expect(rowCells(/Database unavailable/)).toEqual([
      'Replaced secret key (overlap)',
      'DELETE /v1/admin/accounts/a-1',
      '500',
      'internal_error Database unavailable',
      '—',
    ]);
    const when = within(screen.getByRole('row', { name: /Database unavailable/ })).getByRole('rowheader');
    expect(when.querySelector('time')?.getAttribute('dateTime')).toBe('2026-12-04T07:00:00.000Z');
    expect(when.textContent).toMatch(/4 Dec 2026/);
    // Every key on the page is offered, and every caller the list showed, whether or not a key.
    await waitFor(() =>
      expect(callerOptions()).toEqual([
        ['', 'All callers'],
        ['api', 'Workspace secret key'],
        ['api:previous', 'Replaced secret key (overlap)'],
        ['key:Billing sync', 'Billing sync'],
        ['key:Looker', 'Looker'],
      ]),
    );
  });

  it('says so when nothing failed', async () => {
    render(<FailedCalls keyNames={[]} />);
    expect(await screen.findByText('No failed calls in the last 14 days.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: /Load more/ })).toBeNull();
    expect(callerOptions()).toEqual([['', 'All callers']]);
  });

  it('asks the API for one caller’s calls when one is chosen, keeping the others on offer', async () => {
    pages[FIRST] = { data: [lookerRefused, batchInvalid, zapierRefused], nextCursor: null };
    pages[`${FIRST}&actor=key%3ALooker`] = { data: [lookerRefused], nextCursor: null };
    render(<FailedCalls keyNames={['Looker']} />);
    await screen.findByRole('row', { name: /Invalid request body/ });
    fireEvent.change(screen.getByLabelText('Caller'), { target: { value: 'key:Looker' } });
    await waitFor(() => expect(screen.queryByRole('row', { name: /Invalid request body/ })).toBeNull());
    expect(asked()).toEqual([FIRST, `${FIRST}&actor=key%3ALooker`]);
    expect(rowCells(/This API key only reads/).slice(0, 2)).toEqual(['Looker', 'GET /v1/admin/audit-log']);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2);
    expect(callerOptions().map(([value]) => value)).toEqual(['', 'api', 'key:Looker', 'key:Zapier']);
    expect((screen.getByLabelText('Caller') as HTMLSelectElement).value).toBe('key:Looker');
  });

  it('names the caller when it has no failed calls', async () => {
    render(<FailedCalls keyNames={['Looker']} />);
    await screen.findByText('No failed calls in the last 14 days.');
    fireEvent.change(screen.getByLabelText('Caller'), { target: { value: 'key:Looker' } });
    expect(await screen.findByText('No failed calls by Looker in the last 14 days.')).toBeTruthy();
  });

  it('loads the next page with the cursor and appends it', async () => {
    pages[FIRST] = { data: [lookerRefused], nextCursor: 'page-2' };
    pages[`${FIRST}&cursor=page-2`] = { data: [batchInvalid], nextCursor: null };
    render(<FailedCalls keyNames={[]} />);
    await screen.findByRole('row', { name: /This API key only reads/ });
    fireEvent.click(screen.getByRole('button', { name: 'Load more failed calls' }));
    await screen.findByRole('row', { name: /Invalid request body/ });
    expect(asked()).toEqual([FIRST, `${FIRST}&cursor=page-2`]);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'Looker',
      'Workspace secret key',
    ]);
    expect(screen.queryByRole('button', { name: /Load more/ })).toBeNull();
  });

  it('reads the list again on Refresh, from its newest page', async () => {
    pages[FIRST] = { data: [batchInvalid], nextCursor: null };
    render(<FailedCalls keyNames={[]} />);
    await screen.findByRole('row', { name: /Invalid request body/ });
    pages[FIRST] = { data: [lookerRefused, batchInvalid], nextCursor: null };
    const refresh = screen.getByRole('button', { name: 'Refresh failed calls' });
    fireEvent.click(refresh);
    await screen.findByRole('row', { name: /This API key only reads/ });
    expect(asked()).toEqual([FIRST, FIRST]);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);
    // The button stays where it was, so a keyboard user can refresh again.
    expect(screen.getByRole('button', { name: 'Refresh failed calls' })).toBe(refresh);
  });

  it('shows the error the API returns', async () => {
    pages[FIRST] = jsonResponse({ error: { code: 'internal_error', message: 'Database unavailable' } }, 500);
    render(<FailedCalls keyNames={[]} />);
    const error = await screen.findByText('Database unavailable');
    expect(error.className).toBe('field-error');
    expect(screen.queryByText('No failed calls in the last 14 days.')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('is on the API keys page for a viewer, offering the listed keys as callers', async () => {
    pages['/v1/admin/api-keys'] = { data: [apiKey('Looker')] };
    render(
      <SessionContext.Provider value={{ session: sessionAs('viewer'), signOut: () => {}, refresh: () => {} }}>
        <ApiKeysPage />
      </SessionContext.Provider>,
    );
    await screen.findByRole('row', { name: /sk_live_…a1b2/ });
    expect(screen.getByRole('region', { name: 'Recent failed calls' })).toBeTruthy();
    expect(await screen.findByText('No failed calls in the last 14 days.')).toBeTruthy();
    expect(callerOptions()).toContainEqual(['key:Looker', 'Looker']);
    expect(asked()).toContain(FIRST);
  });
});
