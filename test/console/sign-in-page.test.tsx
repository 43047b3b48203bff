import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInPage } from '../../console/pages/sign-in-page.tsx';
import type { ConsoleSession } from '../../shared/console.ts';
import { jsonResponse, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const refusal = (code: string, message: string) => jsonResponse({ error: { code, message } }, 401);

/** The sign-in API for pm@example.com, with two-step sign-in on (the app shows 123456) or off; calls recorded. */
function serving(twoStep: boolean) {
  const fetchMock = vi.fn(async (_path: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { password: string; code?: string };
    if (body.password !== 'right-password') return refusal('unauthorized', 'Wrong email or password');
    if (!twoStep) return jsonResponse(sessionAs('editor'));
    if (body.code === undefined)
      return refusal('two_step_required', 'Enter the code from your authenticator app');
    return body.code === '123456'
      ? jsonResponse(sessionAs('editor'))
      : refusal('unauthorized', 'Not the code your app shows');
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const bodies = (fetchMock: ReturnType<typeof serving>) =>
  fetchMock.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));

function renderPage() {
  const signedIn = vi.fn((_s: ConsoleSession) => {});
  render(<SignInPage onSignedIn={signedIn} />);
  return signedIn;
}

function signIn(password: string) {
  fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'pm@example.com' } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in with two-step sign-in on', () => {
  it('asks for the code after the password, focused, and signs in with the same email and password', async () => {
    const fetchMock = serving(true);
    const signedIn = renderPage();
    signIn('right-password');
    const code = await screen.findByLabelText('Authentication code');
    await waitFor(() => expect(document.activeElement).toBe(code));
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    const hint = document.getElementById(code.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(
      'The 6-digit code from your authenticator app, or one of your recovery codes.',
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('right-password');
    expect(signedIn).not.toHaveBeenCalled();

    fireEvent.input(code, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(signedIn).toHaveBeenCalledOnce());
    expect(signedIn.mock.calls[0]?.[0].user.email).toBe('pm@example.com');
    expect(bodies(fetchMock)).toEqual([
      { email: 'pm@example.com', password: 'right-password' },
      { email: 'pm@example.com', password: 'right-password', code: '123456' },
    ]);
    expect(fetchMock.mock.calls.map(([path, init]) => [path, init?.method])).toEqual([
      ['/v1/admin/session', 'POST'],
      ['/v1/admin/session', 'POST'],
    ]);
  });

  it('says a wrong code is wrong and keeps the field to try again', async () => {
    const fetchMock = serving(true);
    const signedIn = renderPage();
    signIn('right-password');
    fireEvent.input(await screen.findByLabelText('Authentication code'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not the code your app shows');
    expect(screen.getByLabelText('Authentication code')).toBeTruthy();
    expect(signedIn).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

describe('sign-in without two-step sign-in', () => {
  it('shows a wrong password as before, and asks for no code', async () => {
    serving(true);
    renderPage();
    signIn('wrong-password');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password');
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
  });

  it('signs in with the password alone', async () => {
    const fetchMock = serving(false);
    const signedIn = renderPage();
    signIn('right-password');
    await waitFor(() => expect(signedIn).toHaveBeenCalledOnce());
    expect(bodies(fetchMock)).toEqual([{ email: 'pm@example.com', password: 'right-password' }]);
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
  });
});
