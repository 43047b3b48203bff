import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
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
    <SessionContext.Provider value={{ session: sessionAs(role), signOut: () => {}, refresh: () => {} }}>
      <UsersPage />
    </SessionContext.Provider>,
  );
}

const user = (email: string, lastSignedInAt: string | null, twoStep = false): ConsoleUserListItem => ({
  id: `id-${email}`,
  email,
  name: email.split('@')[0] ?? '',
  role: 'editor',
  twoStep,
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

  it('says whose two-step sign-in is on', async () => {
    answering(jsonResponse({ data: [user('ana@acme.test', null, true), user('bo@acme.test', null)] }));
    renderAs('viewer');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Two-step');
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
    expect(rowCells(/bo@acme\.test/)[4]).toBe('Off');
  });

  it('lets an owner turn off a colleague’s two-step sign-in, once confirmed, and reloads the list', async () => {
    // The signed-in owner (sessionAs: id u1) has it on too: theirs goes off under Your account.
    let ana = user('ana@acme.test', null, true);
    const list = () => ({
      data: [{ ...user('pm@example.com', null, true), id: 'u1' }, ana, user('bo@acme.test', null)],
    });
    const fetchMock = vi.fn(async (_path: string, init?: RequestInit) => {
      if (init?.method !== 'DELETE') return jsonResponse(list());
      ana = { ...ana, twoStep: false };
      return jsonResponse(ana);
    });
    vi.stubGlobal('fetch', fetchMock);
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    renderAs('owner');
    await screen.findByRole('row', { name: /ana@acme\.test/ });
    expect(screen.queryByRole('button', { name: 'Turn off two-step for pm@example.com' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Turn off two-step for bo@acme.test' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Turn off two-step for ana@acme.test' }));
    expect(await screen.findByText('Two-step sign-in turned off for ana@acme.test.')).toBeTruthy();
    expect(confirm).toHaveBeenCalledWith(
      expect.stringMatching(/^Turn off two-step sign-in for ana@acme\.test\?/),
    );
    const del = fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE');
    expect(del.map(([path]) => path)).toEqual(['/v1/admin/console-users/id-ana@acme.test/two-step']);
    await waitFor(() => expect(rowCells(/ana@acme\.test/)[4]).toBe('Off'));
    expect(fetchMock.mock.calls.filter(([, init]) => (init?.method ?? 'GET') === 'GET')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /^Turn off two-step/ })).toBeNull();
  });

  it('asks nothing when the owner does not confirm', async () => {
    const fetchMock = answering(jsonResponse({ data: [user('ana@acme.test', null, true)] }));
    vi.stubGlobal('confirm', () => false);
    renderAs('owner');
    fireEvent.click(await screen.findByRole('button', { name: 'Turn off two-step for ana@acme.test' }));
    // Only the list: a DELETE would have gone out with the click.
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
  });

  it('offers viewers no two-step to turn off', async () => {
    answering(jsonResponse({ data: [user('ana@acme.test', null, true)] }));
    renderAs('viewer');
    await screen.findByRole('row', { name: /ana@acme\.test/ });
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
    expect(screen.queryByRole('button', { name: /^Turn off two-step/ })).toBeNull();
  });
});
