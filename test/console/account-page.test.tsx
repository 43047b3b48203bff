import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { AccountPage } from '../../console/pages/account-page.tsx';
import type { OtherSession } from '../../shared/console.ts';
import { jsonResponse, messageFor, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  render(
    <SessionContext.Provider value={{ session: sessionAs('viewer'), signOut: () => {}, refresh: () => {} }}>
      <AccountPage />
    </SessionContext.Provider>,
  );
}

const OTHERS = '/v1/admin/session/others';

/**
 * Stubs fetch: the other sessions as `sessions` holds them (read anew each time), every other call
 * answered by `answer`. The mock records what was asked, the list's reads left out.
 */
function answering(answer: () => Response, sessions: () => OtherSession[] = () => []) {
  const fetchMock = vi.fn(async (path: string, init: RequestInit = {}) =>
    path === OTHERS && init.method === 'GET' ? jsonResponse({ data: sessions() }) : answer(),
  );
  vi.stubGlobal('fetch', fetchMock);
  return {
    mock: fetchMock,
    asked: () => fetchMock.mock.calls.filter(([path, init]) => !(path === OTHERS && init?.method === 'GET')),
  };
}

function fill(current: string, next: string, again: string) {
  fireEvent.input(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.input(screen.getByLabelText('New password, again'), { target: { value: again } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('your account: changing your password', () => {
  it('sends the current and the new password, then says so and empties the fields', async () => {
    const stub = answering(() => new Response(null, { status: 204 }));
    renderPage();
    expect(screen.getByText('pm@example.com · viewer in Acme')).toBeTruthy();
    fill('old-password-1', 'new-password-22', 'new-password-22');
    expect(await screen.findByText('Password changed.')).toBeTruthy();
    const [path, init] = stub.asked()[0] as unknown as [string, RequestInit];
    expect([path, init.method]).toEqual(['/v1/admin/session/password', 'PUT']);
    expect(JSON.parse(String(init.body))).toEqual({
      currentPassword: 'old-password-1',
      newPassword: 'new-password-22',
    });
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('asks nothing while the two new passwords differ', () => {
    const stub = answering(() => new Response(null, { status: 204 }));
    renderPage();
    fill('old-password-1', 'new-password-22', 'new-password-23');
    expect(messageFor(screen.getByLabelText('New password, again'))).toBe('The two new passwords differ');
    expect(stub.asked()).toEqual([]);
  });

  it('shows a wrong current password under its field', async () => {
    answering(() =>
      jsonResponse(
        {
          error: {
            code: 'validation_failed',
            message: 'body.currentPassword: Not your current password',
            details: {
              issues: [{ path: ['currentPassword'], message: 'Not your current password', code: 'custom' }],
            },
          },
        },
        400,
      ),
    );
    renderPage();
    fill('wrong-password', 'new-password-22', 'new-password-22');
    await screen.findByText('Not your current password');
    expect(messageFor(screen.getByLabelText('Current password'))).toBe('Not your current password');
    expect(screen.queryByText('Password changed.')).toBeNull();
  });
});

describe('your account: other sessions', () => {
  it('signs out every other session and says how many', async () => {
    const stub = answering(() => jsonResponse({ signedOut: 2 }));
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await screen.findByText('Signed out of 2 other sessions.')).toBeTruthy();
    const [path, init] = stub.asked()[0] as unknown as [string, RequestInit];
    expect([path, init.method]).toEqual(['/v1/admin/session/others', 'DELETE']);
  });

  it('says so when there was none', async () => {
    answering(() => jsonResponse({ signedOut: 0 }));
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await screen.findByText('You had no other session.')).toBeTruthy();
  });

  it('lists each by browser, address and time, and signs out the one chosen', async () => {
    let sessions: OtherSession[] = [
      {
        id: '11111111-1111-4111-8111-111111111111',
        createdAt: '2026-12-01T09:00:00.000Z',
        lastSeenAt: '2026-12-07T08:30:00.000Z',
        address: '198.51.100.7',
        userAgent:
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36',
        viaSso: false,
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        createdAt: '2026-12-05T18:00:00.000Z',
        lastSeenAt: '2026-12-05T18:00:00.000Z',
        address: null,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
        viaSso: true,
      },
    ];
    const stub = answering(
      () => {
        sessions = sessions.slice(1);
        return new Response(null, { status: 204 });
      },
      () => sessions,
    );
    renderPage();
    const list = await screen.findByRole('list', { name: 'Your other sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('strong')?.textContent)).toEqual([
      'Chrome on macOS',
      'Firefox on Linux',
    ]);
    expect(items[0]?.textContent).toContain('198.51.100.7');
    expect(items[0]?.textContent).toMatch(/signed in 1 Dec 2026.*last used 7 Dec 2026/);
    expect(items[1]?.textContent).toMatch(/signed in with SSO 5 Dec 2026/);
    fireEvent.click(
      within(list).getByRole('button', { name: /^Sign out Chrome on macOS, 198\.51\.100\.7, signed in/ }),
    );
    expect(await screen.findByText(/^Signed out of Chrome on macOS, 198\.51\.100\.7/)).toBeTruthy();
    const [path, init] = stub.asked()[0] as unknown as [string, RequestInit];
    expect([path, init.method]).toEqual([`${OTHERS}/11111111-1111-4111-8111-111111111111`, 'DELETE']);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
  });

  it('says when this is the only session', async () => {
    answering(() => new Response(null, { status: 204 }));
    renderPage();
    expect(await screen.findByText('You are signed in here only.')).toBeTruthy();
  });
});
