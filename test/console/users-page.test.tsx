import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { UsersPage } from '../../console/pages/users-page.tsx';
import type { ConsoleUserListItem } from '../../shared/console.ts';
import { answering, jsonResponse, rowCells, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAs(role: 'owner' | 'viewer') {
  render(
    <SessionContext.Provider value={{ session: sessionAs(role), signOut: () => {} }}>
      <UsersPage />
    </SessionContext.Provider>,
  );
}

const user = (email: string, lastSignedInAt: string | null): ConsoleUserListItem => ({
  id: `id-${email}`,
  email,
  name: email.split('@')[0] ?? '',
  role: 'editor',
  createdAt: '2026-11-01T09:00:00.000Z',
  lastSignedInAt,
});

describe('console users', () => {
  it('says when each user last signed in, and "Never" for one who has not', async () => {
    answering(
      jsonResponse({
        data: [user('ana@acme.test', '2026-12-06T12:00:00.000Z'), user('bo@acme.test', null)],
      }),
    );
    renderAs('owner');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Last signed in');
    expect(rowCells(/ana@acme\.test/)[3]).toMatch(/6 Dec 2026/);
    expect(rowCells(/bo@acme\.test/)[3]).toBe('Never');
  });

  it('lets an owner set a colleague’s password, not their own, and says to pass it on', async () => {
    // The signed-in owner (sessionAs: id u1) is on the list too.
    const list = { data: [{ ...user('pm@example.com', null), id: 'u1' }, user('bo@acme.test', null)] };
    const fetchMock = vi.fn(async (_path: string, init?: RequestInit) =>
      init?.method === 'PUT' ? new Response(null, { status: 204 }) : jsonResponse(list),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderAs('owner');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.queryByRole('button', { name: 'Set password of pm@example.com' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Set password of bo@acme.test' }));
    const form = screen.getByRole('form', { name: 'Set a password for bo@acme.test' });
    fireEvent.input(within(form).getByLabelText('New password'), { target: { value: 'temporary-pass-1' } });
    fireEvent.submit(form);
    expect(await screen.findByText(/^Password of bo@acme\.test set: pass it on privately/)).toBeTruthy();
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(put?.[0]).toBe('/v1/admin/console-users/id-bo@acme.test/password');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ password: 'temporary-pass-1' });
    expect(screen.queryByRole('form', { name: /^Set a password/ })).toBeNull();
  });

  it('offers viewers no password to set', async () => {
    answering(jsonResponse({ data: [user('bo@acme.test', null)] }));
    renderAs('viewer');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.queryByRole('button', { name: /^Set password/ })).toBeNull();
  });
});
