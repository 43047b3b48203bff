import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { AccountPage } from '../../console/pages/account-page.tsx';
import { answering, jsonResponse, messageFor, sessionAs } from './support.ts';

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

function fill(current: string, next: string, again: string) {
  fireEvent.input(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.input(screen.getByLabelText('New password, again'), { target: { value: again } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('your account: changing your password', () => {
  it('sends the current and the new password, then says so and empties the fields', async () => {
    const asked = answering(new Response(null, { status: 204 }));
    renderPage();
    expect(screen.getByText('pm@example.com · viewer in Acme')).toBeTruthy();
    fill('old-password-1', 'new-password-22', 'new-password-22');
    expect(await screen.findByText('Password changed.')).toBeTruthy();
    const [path, init] = asked.mock.calls[0] as unknown as [string, RequestInit];
    expect([path, init.method]).toEqual(['/v1/admin/session/password', 'PUT']);
    expect(JSON.parse(String(init.body))).toEqual({
      currentPassword: 'old-password-1',
      newPassword: 'new-password-22',
    });
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('asks nothing while the two new passwords differ', () => {
    const asked = answering(new Response(null, { status: 204 }));
    renderPage();
    fill('old-password-1', 'new-password-22', 'new-password-23');
    expect(messageFor(screen.getByLabelText('New password, again'))).toBe('The two new passwords differ');
    expect(asked).not.toHaveBeenCalled();
  });

  it('shows a wrong current password under its field', async () => {
    answering(
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
    const asked = answering(jsonResponse({ signedOut: 2 }));
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await screen.findByText('Signed out of 2 other sessions.')).toBeTruthy();
    const [path, init] = asked.mock.calls[0] as unknown as [string, RequestInit];
    expect([path, init.method]).toEqual(['/v1/admin/session/others', 'DELETE']);
  });

  it('says so when there was none', async () => {
    answering(jsonResponse({ signedOut: 0 }));
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await screen.findByText('You had no other session.')).toBeTruthy();
  });
});
