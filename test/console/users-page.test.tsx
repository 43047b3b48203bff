import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { UsersPage } from '../../console/pages/users-page.tsx';
import type { ConsoleSession, ConsoleUserListItem, SignInPolicyView } from '../../shared/console.ts';
import { jsonResponse, rowCells, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAs(role: 'owner' | 'viewer', user: Partial<ConsoleSession['user']> = {}) {
  const session = sessionAs(role);
  render(
    <SessionContext.Provider
      value={{
        session: { ...session, user: { ...session.user, ...user } },
        signOut: () => {},
        refresh: () => {},
      }}
    >
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

const POLICY = '/v1/admin/console-users/sign-in-policy';

/**
 * Stubs fetch: GETs answer the users list (read anew each time) or the sign-in policy; any change
 * goes to `change`, 204 without one. The mock records what was asked.
 */
function serving(
  users: () => ConsoleUserListItem[],
  options: {
    policy?: Partial<SignInPolicyView>;
    change?: (path: string, init: RequestInit) => Response;
  } = {},
) {
  const fetchMock = vi.fn(async (path: string, init: RequestInit = {}) => {
    if (init.method && init.method !== 'GET')
      return options.change?.(path, init) ?? new Response(null, { status: 204 });
    if (path === POLICY)
      return jsonResponse({
        twoStepRequired: false,
        idleMinutes: null,
        usersWithoutTwoStep: [],
        ...options.policy,
      });
    return jsonResponse({ data: users() });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const gets = (fetchMock: ReturnType<typeof serving>, path: string) =>
  fetchMock.mock.calls.filter(([p, init]) => p === path && (init?.method ?? 'GET') === 'GET');

describe('console users', () => {
  it('says when each user last signed in, and "Never" for one who has not', async () => {
    serving(() => [user('ana@acme.test', '2026-12-06T12:00:00.000Z'), user('bo@acme.test', null)]);
    renderAs('owner');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Last signed in');
    expect(rowCells(/ana@acme\.test/)[3]).toMatch(/6 Dec 2026/);
    expect(rowCells(/bo@acme\.test/)[3]).toBe('Never');
  });

  it('lets an owner set a colleague’s password, not their own, and says to pass it on', async () => {
    // The signed-in owner (sessionAs: id u1) is on the list too.
    const fetchMock = serving(() => [
      { ...user('pm@example.com', null), id: 'u1' },
      user('bo@acme.test', null),
    ]);
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
    serving(() => [user('bo@acme.test', null)]);
    renderAs('viewer');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.queryByRole('button', { name: /^Set password/ })).toBeNull();
  });

  it('says whose two-step sign-in is on', async () => {
    serving(() => [user('ana@acme.test', null, true), user('bo@acme.test', null)]);
    renderAs('viewer');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Two-step');
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
    expect(rowCells(/bo@acme\.test/)[4]).toBe('Off');
  });

  it('lets an owner turn off a colleague’s two-step sign-in, once confirmed, and reloads the list', async () => {
    // The signed-in owner (sessionAs: id u1) has it on too: theirs goes off under Your account.
    let ana = user('ana@acme.test', null, true);
    const fetchMock = serving(
      () => [{ ...user('pm@example.com', null, true), id: 'u1' }, ana, user('bo@acme.test', null)],
      {
        change: () => {
          ana = { ...ana, twoStep: false };
          return jsonResponse(ana);
        },
      },
    );
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
    expect(gets(fetchMock, '/v1/admin/console-users')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /^Turn off two-step/ })).toBeNull();
  });

  it('lets an owner sign a colleague out everywhere, once confirmed, and says how many sessions ended', async () => {
    const fetchMock = serving(
      () => [{ ...user('pm@example.com', null), id: 'u1' }, user('bo@acme.test', null)],
      { change: () => jsonResponse({ signedOut: 3 }) },
    );
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    renderAs('owner');
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.queryByRole('button', { name: 'Sign out everywhere pm@example.com' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere bo@acme.test' }));
    expect(await screen.findByText('bo@acme.test signed out of 3 sessions.')).toBeTruthy();
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/^Sign bo@acme\.test out everywhere\?/));
    const del = fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE');
    expect(del.map(([path]) => path)).toEqual(['/v1/admin/console-users/id-bo@acme.test/sessions']);
  });

  it('asks nothing when the owner does not confirm', async () => {
    const fetchMock = serving(() => [user('ana@acme.test', null, true)]);
    vi.stubGlobal('confirm', () => false);
    renderAs('owner');
    fireEvent.click(await screen.findByRole('button', { name: 'Turn off two-step for ana@acme.test' }));
    // Only the list and the policy: a DELETE would have gone out with the click.
    expect(fetchMock.mock.calls.every(([, init]) => (init?.method ?? 'GET') === 'GET')).toBe(true);
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
  });

  it('offers viewers no two-step to turn off', async () => {
    serving(() => [user('ana@acme.test', null, true)]);
    renderAs('viewer');
    await screen.findByRole('row', { name: /ana@acme\.test/ });
    expect(rowCells(/ana@acme\.test/)[4]).toBe('On');
    expect(screen.queryByRole('button', { name: /^Turn off two-step/ })).toBeNull();
  });

  it('lets an owner with two-step sign-in require it of everyone, naming who must set it up', async () => {
    let required = false;
    const fetchMock = serving(() => [user('ana@acme.test', null, true), user('bo@acme.test', null)], {
      change: (_path, init) => {
        required = JSON.parse(String(init.body)).twoStepRequired;
        return jsonResponse({ twoStepRequired: required, idleMinutes: null, usersWithoutTwoStep: [] });
      },
      policy: { usersWithoutTwoStep: [{ id: 'id-bo', email: 'bo@acme.test' }] },
    });
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    renderAs('owner', { twoStep: true });
    const box = (await screen.findByLabelText(
      'Require two-step sign-in of every console user',
    )) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByText('Without two-step sign-in: bo@acme.test.')).toBeTruthy();
    fireEvent.click(box);
    expect(await screen.findByText('Two-step sign-in is now required of everyone.')).toBeTruthy();
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('bo@acme.test will have to set it up'));
    const patch = fetchMock.mock.calls.find(([, init]) => init?.method === 'PATCH');
    expect(patch?.[0]).toBe(POLICY);
    expect(required).toBe(true);
    await waitFor(() => expect(gets(fetchMock, POLICY)).toHaveLength(2));
  });

  it('requires nothing when the owner does not confirm, and the box stays clear', async () => {
    const fetchMock = serving(() => [user('bo@acme.test', null)], {
      policy: { usersWithoutTwoStep: [{ id: 'id-bo', email: 'bo@acme.test' }] },
    });
    vi.stubGlobal('confirm', () => false);
    renderAs('owner', { twoStep: true });
    const box = (await screen.findByLabelText(
      'Require two-step sign-in of every console user',
    )) as HTMLInputElement;
    fireEvent.click(box);
    expect(box.checked).toBe(false);
    expect(fetchMock.mock.calls.every(([, init]) => (init?.method ?? 'GET') === 'GET')).toBe(true);
  });

  it('lets an owner end sessions after inactivity, and shows a limit set elsewhere as it is', async () => {
    const sent: unknown[] = [];
    serving(() => [user('ana@acme.test', null, true)], {
      policy: { idleMinutes: 90 },
      change: (_path, init) => {
        sent.push(JSON.parse(String(init.body)));
        return jsonResponse({ twoStepRequired: false, idleMinutes: 30, usersWithoutTwoStep: [] });
      },
    });
    renderAs('owner', { twoStep: true });
    const select = (await screen.findByLabelText('Sign out after inactivity')) as HTMLSelectElement;
    expect(select.selectedOptions[0]?.textContent).toBe('After 1.5 hours');
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Never (12 hours after sign-in)',
      'After 15 minutes',
      'After 30 minutes',
      'After 1 hour',
      'After 4 hours',
      'After 8 hours',
      'After 1.5 hours',
    ]);
    fireEvent.change(select, { target: { value: '30' } });
    expect(await screen.findByText('Sessions unused for 30 minutes now end.')).toBeTruthy();
    expect(sent).toEqual([{ idleMinutes: 30 }]);
  });

  it('shows the limit that holds when a change is refused', async () => {
    serving(() => [user('ana@acme.test', null, true)], {
      policy: { idleMinutes: 60 },
      change: () => jsonResponse({ error: { code: 'forbidden', message: 'Owners only' } }, 403),
    });
    renderAs('owner', { twoStep: true });
    const select = (await screen.findByLabelText('Sign out after inactivity')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: '15' } });
    expect(await screen.findByText('Owners only')).toBeTruthy();
    await waitFor(() => expect(select.value).toBe('60'));
  });

  it('asks an owner without two-step sign-in to turn on their own first', async () => {
    const fetchMock = serving(() => [user('ana@acme.test', null)]);
    renderAs('owner');
    const box = (await screen.findByLabelText(
      'Require two-step sign-in of every console user',
    )) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByText(/Turn on two-step sign-in for yourself first/)).toBeTruthy();
    fireEvent.click(box);
    expect(fetchMock.mock.calls.every(([, init]) => (init?.method ?? 'GET') === 'GET')).toBe(true);
  });

  it('shows viewers the policy without a way to change it', async () => {
    serving(() => [user('ana@acme.test', null, true)], { policy: { twoStepRequired: true } });
    renderAs('viewer', { twoStep: true });
    const box = (await screen.findByLabelText(
      'Require two-step sign-in of every console user',
    )) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(screen.getByText('Everyone has two-step sign-in on.')).toBeTruthy();
  });
});
