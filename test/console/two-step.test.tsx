import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QrCode } from '../../console/components/qr-code.tsx';
import { SessionContext } from '../../console/lib/session.ts';
import { AccountPage } from '../../console/pages/account-page.tsx';
import { jsonResponse, messageFor, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP';
const URI = `otpauth://totp/Attach%20(Acme):pm%40example.com?secret=${SECRET}&issuer=Attach%20(Acme)`;
const RECOVERY = Array.from({ length: 10 }, (_, i) => `code${i}abcde`);

const invalid = (field: string, message: string) =>
  jsonResponse(
    {
      error: {
        code: 'validation_failed',
        message: `body.${field}: ${message}`,
        details: { issues: [{ path: [field], message, code: 'custom' }] },
      },
    },
    400,
  );

/** The two-step API as the account page calls it: the app shows 123456, the password is right-password. */
function serving() {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    const body = init?.body === undefined ? undefined : JSON.parse(String(init.body));
    const call = `${init?.method} ${path}`;
    if (call === 'POST /v1/admin/session/two-step')
      return body.password === 'right-password'
        ? jsonResponse({ secret: SECRET, uri: URI }, 201)
        : invalid('password', 'Not your password');
    if (call === 'POST /v1/admin/session/two-step/confirm')
      return body.code === '123456'
        ? jsonResponse({ recoveryCodes: RECOVERY })
        : invalid('code', 'Not the code your app shows now; is its clock right?');
    if (call === 'DELETE /v1/admin/session/two-step')
      return body.password === 'right-password'
        ? new Response(null, { status: 204 })
        : invalid('password', 'Not your password');
    if (call === 'GET /v1/admin/session/others') return jsonResponse({ data: [] });
    return jsonResponse({ error: { code: 'not_found', message: call } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
/** What the two-step section asked (the account page also lists the other sessions). */
const calls = (fetchMock: ReturnType<typeof serving>) =>
  fetchMock.mock.calls
    .filter(([path]) => path !== '/v1/admin/session/others')
    .map(([path, init]) => [
      `${init?.method} ${path}`,
      init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    ]);

/** Reads the session again: the console's other pages must see the change. */
const refresh = vi.fn();

function renderPage(twoStep: boolean) {
  const session = sessionAs('editor');
  refresh.mockClear();
  render(
    <SessionContext.Provider
      value={{ session: { ...session, user: { ...session.user, twoStep } }, signOut: () => {}, refresh }}
    >
      <AccountPage />
    </SessionContext.Provider>,
  );
  return screen.getByRole('region', { name: 'Two-step sign-in' });
}

async function startSetup(section: HTMLElement) {
  fireEvent.input(within(section).getByLabelText('Password'), { target: { value: 'right-password' } });
  fireEvent.click(within(section).getByRole('button', { name: 'Turn on two-step sign-in' }));
  return within(section).findByRole('region', { name: 'Add Attach to your authenticator app' });
}

function enterCode(section: HTMLElement, code: string) {
  fireEvent.input(within(section).getByLabelText('Code from your app'), { target: { value: code } });
  fireEvent.click(within(section).getByRole('button', { name: 'Confirm code' }));
}

describe('your account: turning two-step sign-in on', () => {
  it('gives the key in blocks of four and the address, each to copy whole', async () => {
    const fetchMock = serving();
    const copy = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const section = renderPage(false);
    expect(within(section).getByText(/asks for the 6-digit code an authenticator app/)).toBeTruthy();
    const setup = await startSetup(section);
    expect(calls(fetchMock)).toEqual([['POST /v1/admin/session/two-step', { password: 'right-password' }]]);
    await waitFor(() => expect(document.activeElement).toBe(setup));
    expect(within(setup).getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP')).toBeTruthy();
    expect(within(setup).getByText(URI)).toBeTruthy();
    fireEvent.click(within(setup).getByRole('button', { name: 'Copy key' }));
    fireEvent.click(within(setup).getByRole('button', { name: 'Copy address' }));
    await waitFor(() => expect(copy.mock.calls).toEqual([[SECRET], [URI]]));
  });

  it('shows the address as a QR code for the app to scan', async () => {
    serving();
    const setup = await startSetup(renderPage(false));
    const qr = within(setup).getByRole('img', { name: /^QR code of the key/ });
    const { container } = render(<QrCode value={URI} label="expected" />);
    expect(qr.querySelector('path')?.getAttribute('d')).toBe(
      container.querySelector('path')?.getAttribute('d'),
    );
  });

  it('confirms a code from the app and shows the recovery codes once, to copy together', async () => {
    const fetchMock = serving();
    const copy = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const section = renderPage(false);
    await startSetup(section);
    enterCode(section, '123 456');
    const codes = await within(section).findByRole('region', { name: 'Your recovery codes' });
    expect(calls(fetchMock)[1]).toEqual(['POST /v1/admin/session/two-step/confirm', { code: '123456' }]);
    await waitFor(() => expect(document.activeElement).toBe(codes));
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(RECOVERY);
    expect(within(codes).getByText(/Store these codes somewhere safe/).textContent).toMatch(
      /each one signs you in once in place of a code\. They will not be shown again\./,
    );
    fireEvent.click(within(codes).getByRole('button', { name: 'Copy recovery codes' }));
    await waitFor(() => expect(copy).toHaveBeenCalledWith(RECOVERY.join('\n')));
    expect(within(section).queryByRole('button', { name: 'Turn on two-step sign-in' })).toBeNull();
    expect(within(section).getByRole('button', { name: 'Turn off two-step sign-in' })).toBeTruthy();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('asks for the password first, and shows a wrong one under its field', async () => {
    serving();
    const section = renderPage(false);
    fireEvent.input(within(section).getByLabelText('Password'), { target: { value: 'wrong-password' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Turn on two-step sign-in' }));
    await within(section).findByText('Not your password');
    expect(
      within(section).queryByRole('region', { name: 'Add Attach to your authenticator app' }),
    ).toBeNull();
  });

  it('shows a wrong code under its field and stays off', async () => {
    serving();
    const section = renderPage(false);
    await startSetup(section);
    enterCode(section, '000000');
    await within(section).findByText('Not the code your app shows now; is its clock right?');
    expect(messageFor(within(section).getByLabelText('Code from your app'))).toBe(
      'Not the code your app shows now; is its clock right?',
    );
    expect(within(section).queryByRole('region', { name: 'Your recovery codes' })).toBeNull();
    expect(within(section).getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP')).toBeTruthy();
  });
});

describe('your account: turning two-step sign-in off', () => {
  it('takes the password, then says it is off and offers to turn it on again', async () => {
    const fetchMock = serving();
    const section = renderPage(true);
    expect(within(section).queryByRole('button', { name: 'Turn on two-step sign-in' })).toBeNull();
    fireEvent.input(within(section).getByLabelText('Password'), { target: { value: 'right-password' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Turn off two-step sign-in' }));
    expect(await within(section).findByText('Two-step sign-in is off.')).toBeTruthy();
    expect(calls(fetchMock)).toEqual([['DELETE /v1/admin/session/two-step', { password: 'right-password' }]]);
    expect(document.activeElement).toBe(section);
    expect(within(section).getByRole('button', { name: 'Turn on two-step sign-in' })).toBeTruthy();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('shows a wrong password under its field and stays on', async () => {
    serving();
    const section = renderPage(true);
    fireEvent.input(within(section).getByLabelText('Password'), { target: { value: 'wrong-password' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Turn off two-step sign-in' }));
    await within(section).findByText('Not your password');
    expect(messageFor(within(section).getByLabelText('Password'))).toBe('Not your password');
    expect(within(section).queryByText('Two-step sign-in is off.')).toBeNull();
    expect(within(section).getByRole('button', { name: 'Turn off two-step sign-in' })).toBeTruthy();
  });
});
