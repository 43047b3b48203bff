import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../console/app.tsx';
import type { ConsoleSession } from '../../shared/console.ts';
import { jsonResponse, sessionAs } from './support.ts';

/**
 * The console's API for one user: whether the workspace requires two-step sign-in and whether they
 * have it, as the server would change them; the campaigns list refused while they must set it up.
 */
function serving(state: { required: boolean; twoStep: boolean; viaSso?: boolean }) {
  const session = (): ConsoleSession => {
    const base = sessionAs('editor');
    return {
      ...base,
      user: { ...base.user, twoStep: state.twoStep },
      workspace: { ...base.workspace, twoStepRequired: state.required },
      viaSso: state.viaSso ?? false,
    };
  };
  const held = () => state.required && !state.twoStep && !state.viaSso;
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const call = `${init.method ?? 'GET'} ${path}`;
    if (call === 'GET /v1/admin/session' || call === 'POST /v1/admin/session') return jsonResponse(session());
    if (call === 'DELETE /v1/admin/session') return new Response(null, { status: 204 });
    if (call === 'POST /v1/admin/session/two-step')
      return jsonResponse(
        { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Attach:pm?secret=JBSWY3DPEHPK3PXP' },
        201,
      );
    if (call === 'POST /v1/admin/session/two-step/confirm') {
      state.twoStep = true;
      return jsonResponse({ recoveryCodes: ['aaaaa-bbbbb'] });
    }
    if (held()) {
      return jsonResponse({ error: { code: 'two_step_setup_required', message: 'Set it up first' } }, 403);
    }
    return jsonResponse({ data: [], nextCursor: null });
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const gate = () => screen.queryByRole('heading', { name: 'Set up two-step sign-in' });
const nav = () => screen.queryByRole('navigation', { name: 'Console' });

describe('a workspace that requires two-step sign-in', () => {
  it('lets a single sign-on session in without it: the identity provider did the second factor', async () => {
    serving({ required: true, twoStep: false, viaSso: true });
    window.history.replaceState(null, '', '/console/');
    render(<App />);
    await screen.findByRole('navigation', { name: 'Console' });
    expect(gate()).toBeNull();
  });

  it('moves an open console to the setup page when the API says it is required now', async () => {
    const state = { required: false, twoStep: false };
    serving(state);
    window.history.replaceState(null, '', '/console/');
    render(<App />);
    await screen.findByRole('navigation', { name: 'Console' });
    expect(gate()).toBeNull();
    state.required = true;
    fireEvent.click(within(nav() as HTMLElement).getByRole('link', { name: 'Campaigns' }));
    await screen.findByRole('heading', { name: 'Set up two-step sign-in' });
    expect(nav()).toBeNull();
  });

  it('keeps the recovery codes in view until the user goes on, and forgets that for the next sign-in', async () => {
    const state = { required: true, twoStep: false };
    serving(state);
    window.history.replaceState(null, '', '/console/');
    render(<App />);
    await screen.findByRole('heading', { name: 'Set up two-step sign-in' });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'my-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-step sign-in' }));
    fireEvent.input(await screen.findByLabelText('Code from your app'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm code' }));
    await screen.findByRole('region', { name: 'Your recovery codes' });
    // On now, and the session says so: still here, so the codes can be kept.
    await screen.findByRole('button', { name: 'Continue to the console' });
    expect(screen.getByRole('region', { name: 'Your recovery codes' })).toBeTruthy();
    expect(nav()).toBeNull();

    // Signed out from here, the next sign-in goes straight in.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    const form = await screen.findByRole('form', { name: 'Sign in' });
    fireEvent.input(within(form).getByLabelText('Email'), { target: { value: 'pm@example.com' } });
    fireEvent.input(within(form).getByLabelText('Password'), { target: { value: 'my-password' } });
    fireEvent.submit(form);
    await screen.findByRole('navigation', { name: 'Console' });
    expect(gate()).toBeNull();
  });
});
