import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteContext } from '../../console/lib/router.ts';
import { SessionContext } from '../../console/lib/session.ts';
import { AccountsPage } from '../../console/pages/accounts-page.tsx';
import type { Account, AccountDetail } from '../../shared/host-data.ts';
import { jsonResponse, sessionAs } from './support.ts';

const account: Account = {
  id: 'acme',
  name: 'Acme',
  segment: 'smb',
  industry: null,
  seats: 12,
  plan: 'starter',
  mrr: 49_900,
  healthScore: 80,
  signupAt: null,
  renewalAt: null,
  attributes: {},
  firstPurchaseAt: null,
  test: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** The server's state of the account, as the PATCH leaves it. */
let stored: Account;
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  stored = { ...account };
  fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (init?.method === 'PATCH') stored = { ...stored, ...JSON.parse(String(init.body)) };
    if (path.startsWith('/v1/admin/accounts/acme')) {
      const detail: AccountDetail = { ...stored, products: [], entitlements: [], usage: [], userCount: 3 };
      return jsonResponse(detail);
    }
    if (path.startsWith('/v1/admin/accounts')) return jsonResponse({ data: [stored], nextCursor: null });
    return jsonResponse({ data: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AccountsPage › test accounts', () => {
  it('marks an account as a test account, says what that means, and counts it as a customer again', async () => {
    render(
      <SessionContext.Provider value={{ session: sessionAs('editor'), signOut: () => {}, refresh: () => {} }}>
        <RouteContext.Provider value="accounts?id=acme">
          <AccountsPage />
        </RouteContext.Provider>
      </SessionContext.Provider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as test account' }));
    expect(await screen.findByText(/Acme is a test account: never held out/)).toBeTruthy();
    const patch = fetchMock.mock.calls.find(
      ([, init]) => (init as RequestInit | undefined)?.method === 'PATCH',
    );
    expect(patch?.[0]).toBe('/v1/admin/accounts/acme');
    expect(JSON.parse(String((patch?.[1] as RequestInit).body))).toEqual({ test: true });
    expect(await screen.findByText('Test account')).toBeTruthy();
    expect(await screen.findByText('Test')).toBeTruthy();

    fireEvent.click(await screen.findByRole('button', { name: 'Count as a customer' }));
    expect(await screen.findByText(/Acme counts as a customer again/)).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Mark as test account' })).toBeTruthy();
    expect(screen.queryByText('Test account')).toBeNull();
  });
});
