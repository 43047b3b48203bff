import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInPage } from '../../console/pages/sign-in-page.tsx';
import type { ConsoleSession } from '../../shared/console.ts';
import { SSO_ERROR_MESSAGES } from '../../shared/sso.ts';
import { jsonResponse, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  window.history.replaceState(null, '', '/console/');
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

/** Stubs the navigation to the identity provider (happy-dom would try to load it); records where to. */
const leaving = () => vi.spyOn(window.location, 'assign').mockImplementation(() => {});

describe('sign-in with single sign-on', () => {
  it('says why a single sign-on came back unfinished, once: the reason leaves the address', async () => {
    window.history.replaceState(null, '', '/console/?ssoError=not_a_member&from=idp');
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toBe(SSO_ERROR_MESSAGES.not_a_member);
    await waitFor(() => expect(window.location.search).toBe('?from=idp'));
    expect(window.location.pathname).toBe('/console/');

    // A reload finds no reason to show.
    cleanup();
    renderPage();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says something plain for a reason it does not know', async () => {
    window.history.replaceState(null, '', '/console/?ssoError=made_up');
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toBe('Single sign-on did not complete.');
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('opens at once, filled in, from a shared sign-in link, and leaves for that workspace', () => {
    const assign = leaving();
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    window.history.replaceState(null, '', '/console/?sso=acme%2Fteam');
    renderPage();
    const form = screen.getByRole('form', { name: 'Sign in with SSO' });
    expect((within(form).getByLabelText('Workspace ID') as HTMLInputElement).value).toBe('acme/team');
    expect(screen.queryByRole('button', { name: 'Sign in with SSO' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Continue with SSO' }));
    expect(assign.mock.calls).toEqual([['/v1/console/sso/start?workspace=acme%2Fteam']]);
    expect(localStorage.getItem('attach.ssoWorkspace')).toBe('acme/team');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks for the workspace behind a button, filled in with the one used last', async () => {
    const assign = leaving();
    localStorage.setItem('attach.ssoWorkspace', 'w-last');
    renderPage();
    expect(screen.queryByLabelText('Workspace ID')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with SSO' }));
    const input = screen.getByLabelText('Workspace ID') as HTMLInputElement;
    expect(input.value).toBe('w-last');
    await waitFor(() => expect(document.activeElement).toBe(input));
    fireEvent.input(input, { target: { value: ' w-other ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' }));
    expect(assign.mock.calls).toEqual([['/v1/console/sso/start?workspace=w-other']]);
    expect(localStorage.getItem('attach.ssoWorkspace')).toBe('w-other');
  });

  it('still leaves for the provider when the browser keeps no storage', () => {
    const assign = leaving();
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with SSO' }));
    const input = screen.getByLabelText('Workspace ID') as HTMLInputElement;
    expect(input.value).toBe('');
    fireEvent.input(input, { target: { value: 'w1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' }));
    expect(assign.mock.calls).toEqual([['/v1/console/sso/start?workspace=w1']]);
  });

  it('offers single sign-on, one click away, when the workspace refuses the password for it', async () => {
    const assign = leaving();
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        {
          error: {
            code: 'sso_required',
            message: 'Your workspace signs in with single sign-on',
            details: { workspaceId: 'w-acme' },
          },
        },
        403,
      ),
    );
    const signedIn = renderPage();
    signIn('right-password');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your workspace signs in with single sign-on',
    );
    const form = screen.getByRole('form', { name: 'Sign in' });
    fireEvent.click(within(form).getByRole('button', { name: 'Continue with SSO' }));
    expect(assign.mock.calls).toEqual([['/v1/console/sso/start?workspace=w-acme']]);
    expect(localStorage.getItem('attach.ssoWorkspace')).toBe('w-acme');
    expect(signedIn).not.toHaveBeenCalled();
  });

  it('offers no single sign-on for other refusals', async () => {
    serving(false);
    renderPage();
    signIn('wrong-password');
    await screen.findByRole('alert');
    expect(screen.queryByRole('button', { name: 'Continue with SSO' })).toBeNull();
  });
});
