import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { SsoCard } from '../../console/pages/sso-card.tsx';
import { UsersPage } from '../../console/pages/users-page.tsx';
import type { SsoView } from '../../shared/sso.ts';
import { jsonResponse, messageFor, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SSO = '/v1/admin/console-users/sso';

const SET_UP: SsoView = {
  settings: {
    issuer: 'https://login.acme.test',
    clientId: 'attach-console',
    emailDomains: ['acme.test', 'acme.dev'],
    defaultRole: 'viewer',
    required: true,
    groupsClaim: 'acme_groups',
    groupRoles: [
      { group: 'acme-admins', role: 'editor' },
      { group: 'acme-staff', role: 'viewer' },
    ],
    clientSecretHint: 'wxyz',
    updatedAt: '2026-11-01T09:00:00.000Z',
  },
  redirectUri: 'https://attach.acme.test/v1/console/sso/callback',
  signInUrl: 'https://attach.acme.test/console/?sso=w1',
};

const NOT_SET_UP: SsoView = { ...SET_UP, settings: null };

type Settings = NonNullable<SsoView['settings']>;
const SETTINGS = SET_UP.settings as Settings;

/** What the form sends back when nothing is changed: the settings as read, without the secret. */
const { clientSecretHint: _hint, updatedAt: _at, ...UNCHANGED } = SETTINGS;

/** The server's answer to a PUT: what was sent, kept, as a newer version. */
const keeping = (init: RequestInit) =>
  jsonResponse({
    ...SET_UP,
    settings: { ...SETTINGS, ...JSON.parse(String(init.body)), updatedAt: '2026-11-03T09:00:00.000Z' },
  });

/**
 * Stubs fetch: GET of the SSO settings answers `view`, any change goes to `change` (204 without
 * one); the console users list and sign-in policy answer for the users page. Calls are recorded.
 */
function serving(view: SsoView, change?: (init: RequestInit) => Response) {
  const fetchMock = vi.fn(async (path: string, init: RequestInit = {}) => {
    if (init.method && init.method !== 'GET') return change?.(init) ?? new Response(null, { status: 204 });
    if (path === SSO) return jsonResponse(view);
    if (path.endsWith('/sign-in-policy'))
      return jsonResponse({ twoStepRequired: false, idleMinutes: null, usersWithoutTwoStep: [] });
    return jsonResponse({ data: [] });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const changes = (fetchMock: ReturnType<typeof serving>) =>
  fetchMock.mock.calls
    .filter(([, init]) => (init?.method ?? 'GET') !== 'GET')
    .map(([path, init]) => ({
      path,
      method: init?.method,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    }));

const card = () => screen.getByRole('region', { name: 'Single sign-on' });
const form = () => screen.getByRole('form', { name: /single sign-on$/ });
const type = (label: string, value: string) =>
  fireEvent.input(within(form()).getByLabelText(label), { target: { value } });
const addGroup = () => fireEvent.click(within(form()).getByRole('button', { name: 'Add a group' }));
/** The mapping rows of the form, as [group, role] in their order. */
const rows = () =>
  within(form())
    .queryAllByLabelText(/^Group \d+$/)
    .map((input, i) => [
      (input as HTMLInputElement).value,
      (within(form()).getByLabelText(`Role for group ${i + 1}`) as HTMLSelectElement).value,
    ]);
/** The list of the state's "Roles from groups", as its items' text. */
const stateRoles = () => {
  const term = [...card().querySelectorAll('dt')].find((dt) => dt.textContent === 'Roles from groups');
  return [...(term?.nextElementSibling?.querySelectorAll('li') ?? [])].map((li) => li.textContent);
};

/** The API's `validation_failed` answer with these issues. */
const refusal = (issues: Array<{ path: Array<string | number>; message: string; code: string }>) =>
  jsonResponse(
    { error: { code: 'validation_failed', message: 'Invalid request', details: { issues } } },
    400,
  );

describe('the single sign-on card', () => {
  it('shows a viewer on the users page how it is set up, with the addresses to copy, and no form', async () => {
    serving(SET_UP);
    const session = sessionAs('viewer');
    render(
      <SessionContext.Provider value={{ session, signOut: () => {}, refresh: () => {} }}>
        <UsersPage />
      </SessionContext.Provider>,
    );
    const region = await screen.findByRole('region', { name: 'Single sign-on' });
    await within(region).findByText('https://login.acme.test');
    const terms = [...region.querySelectorAll('dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]);
    expect(terms).toEqual([
      ['Identity provider', 'https://login.acme.test'],
      ['Client ID', 'attach-console'],
      ['Email domains', 'acme.test, acme.dev'],
      ['Default role for new users', 'Viewer'],
      ['Required', 'Yes, for editors and viewers'],
      ['Roles from groups', 'acme-admins → Editoracme-staff → Viewerfrom the acme_groups claim'],
    ]);
    expect(stateRoles()).toEqual(['acme-admins → Editor', 'acme-staff → Viewer']);
    expect(within(region).getByText('acme_groups').tagName).toBe('CODE');
    const redirect = within(region).getByLabelText('Redirect URI') as HTMLInputElement;
    expect(redirect.value).toBe(SET_UP.redirectUri);
    expect(redirect.readOnly).toBe(true);
    const link = within(region).getByLabelText('Sign-in link') as HTMLInputElement;
    expect(link.value).toBe(SET_UP.signInUrl);
    expect(link.readOnly).toBe(true);
    expect(within(region).getByRole('button', { name: 'Copy Redirect URI' })).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Copy Sign-in link' })).toBeTruthy();
    expect(within(region).queryByRole('form')).toBeNull();
    expect(within(region).queryByLabelText('Client secret')).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Remove single sign-on' })).toBeNull();
  });

  it('says when it is not set up, with the redirect URI to register first', async () => {
    serving(NOT_SET_UP);
    render(<SsoCard isOwner={false} />);
    expect(await screen.findByText(/^Not set up/)).toBeTruthy();
    expect((screen.getByLabelText('Redirect URI') as HTMLInputElement).value).toBe(SET_UP.redirectUri);
    expect(screen.queryByLabelText('Sign-in link')).toBeNull();
    expect(card().querySelector('dl')).toBeNull();
  });

  it('says when roles do not come from groups, without naming the claim', async () => {
    serving({ ...SET_UP, settings: { ...SETTINGS, groupRoles: [] } });
    render(<SsoCard isOwner={false} />);
    const term = await within(card()).findByText('Roles from groups');
    expect(term.nextElementSibling?.textContent).toBe('None: roles are set here');
    expect(within(card()).queryByText('acme_groups')).toBeNull();
  });

  it('lets an owner change it, keeping the stored secret when the field is left blank', async () => {
    const saved: SsoView = {
      ...SET_UP,
      settings: {
        ...(SET_UP.settings as NonNullable<SsoView['settings']>),
        emailDomains: ['acme.test', 'acme.io'],
        defaultRole: 'editor',
        required: false,
        updatedAt: '2026-11-02T09:00:00.000Z',
      },
    };
    const fetchMock = serving(SET_UP, () => jsonResponse(saved));
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    const secret = within(form()).getByLabelText('Client secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toBe('Stored, ends in …wxyz');
    expect(secret.required).toBe(false);
    expect((within(form()).getByLabelText('Issuer URL') as HTMLInputElement).value).toBe(
      'https://login.acme.test',
    );
    const domains = within(form()).getByLabelText('Email domains');
    expect(document.getElementById(domains.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^People with these email domains get a console user at their first SSO sign-in/,
    );
    type('Email domains', 'acme.test,  Acme.io ');
    fireEvent.change(within(form()).getByLabelText('Default role for new users'), {
      target: { value: 'editor' },
    });
    fireEvent.click(
      within(form()).getByLabelText(
        'Require SSO for editors and viewers (owners can still use their password)',
      ),
    );
    fireEvent.submit(form());

    expect(await screen.findByText('Single sign-on saved.')).toBeTruthy();
    const sent = changes(fetchMock);
    expect(sent).toEqual([
      {
        path: SSO,
        method: 'PUT',
        body: {
          issuer: 'https://login.acme.test',
          clientId: 'attach-console',
          emailDomains: ['acme.test', 'Acme.io'],
          defaultRole: 'editor',
          required: false,
          groupsClaim: 'acme_groups',
          groupRoles: SETTINGS.groupRoles,
        },
      },
    ]);
    expect(Object.keys(sent[0]?.body)).not.toContain('clientSecret');
    // The new state, as the server kept it.
    await waitFor(() =>
      expect((within(form()).getByLabelText('Email domains') as HTMLInputElement).value).toBe(
        'acme.test, acme.io',
      ),
    );
    expect(within(card()).getByText('acme.test, acme.io')).toBeTruthy();
    expect(within(card()).getByText('No, passwords work too')).toBeTruthy();
  });

  it('sets it up for the first time with the secret', async () => {
    const fetchMock = serving(NOT_SET_UP, () => jsonResponse(SET_UP));
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Set up single sign-on' });
    expect((within(form()).getByLabelText('Groups claim') as HTMLInputElement).value).toBe('groups');
    expect(rows()).toEqual([]);
    const secret = within(form()).getByLabelText('Client secret') as HTMLInputElement;
    expect(secret.required).toBe(true);
    expect(secret.placeholder).toBe('');
    type('Issuer URL', ' https://login.acme.test ');
    type('Client ID', 'attach-console');
    type('Client secret', 's3cret-wxyz');
    fireEvent.submit(form());
    await screen.findByRole('form', { name: 'Change single sign-on' });
    expect(changes(fetchMock).map((c) => c.body)).toEqual([
      {
        issuer: 'https://login.acme.test',
        clientId: 'attach-console',
        clientSecret: 's3cret-wxyz',
        emailDomains: [],
        defaultRole: 'viewer',
        required: false,
        groupsClaim: 'groups',
        groupRoles: [],
      },
    ]);
    expect((within(form()).getByLabelText('Client secret') as HTMLInputElement).value).toBe('');
    expect(within(card()).getByText('https://login.acme.test')).toBeTruthy();
  });

  it('sends the settings as read when saved without a change, the group roles included', async () => {
    const fetchMock = serving(SET_UP, keeping);
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    expect((within(form()).getByLabelText('Groups claim') as HTMLInputElement).value).toBe('acme_groups');
    expect(rows()).toEqual([
      ['acme-admins', 'editor'],
      ['acme-staff', 'viewer'],
    ]);
    fireEvent.submit(form());
    expect(await screen.findByText('Single sign-on saved.')).toBeTruthy();
    expect(changes(fetchMock).map((c) => c.body)).toEqual([UNCHANGED]);
  });

  it('lets an owner add, remove and change the roles given by groups', async () => {
    const fetchMock = serving(SET_UP, keeping);
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    const claim = within(form()).getByLabelText('Groups claim');
    expect(document.getElementById(claim.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The id token claim listing a person’s groups: groups for Okta, Microsoft Entra ID and Keycloak.',
    );
    const fieldset = within(form()).getByRole('group', { name: 'Roles from groups' });
    expect(document.getElementById(fieldset.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^At each SSO sign-in, an editor or viewer gets the highest role their groups are given here/,
    );

    addGroup();
    expect(rows()).toEqual([
      ['acme-admins', 'editor'],
      ['acme-staff', 'viewer'],
      ['', 'viewer'],
    ]);
    expect(within(form()).getByRole('button', { name: 'Remove group 3' })).toBeTruthy();
    type('Group 3', ' acme-support ');
    addGroup();
    type('Group 4', 'acme-contractors');
    fireEvent.click(within(form()).getByRole('button', { name: 'Remove group acme-staff' }));
    // The rows after it move up, keeping what was typed.
    expect(rows()).toEqual([
      ['acme-admins', 'editor'],
      [' acme-support ', 'viewer'],
      ['acme-contractors', 'viewer'],
    ]);
    fireEvent.change(within(form()).getByLabelText('Role for group 2'), { target: { value: 'editor' } });
    type('Groups claim', 'roles');
    fireEvent.submit(form());

    expect(await screen.findByText('Single sign-on saved.')).toBeTruthy();
    expect(changes(fetchMock).map((c) => c.body)).toEqual([
      {
        ...UNCHANGED,
        groupsClaim: 'roles',
        groupRoles: [
          { group: 'acme-admins', role: 'editor' },
          { group: 'acme-support', role: 'editor' },
          { group: 'acme-contractors', role: 'viewer' },
        ],
      },
    ]);
    await waitFor(() =>
      expect(stateRoles()).toEqual([
        'acme-admins → Editor',
        'acme-support → Editor',
        'acme-contractors → Viewer',
      ]),
    );
    expect(within(card()).getByText('roles').tagName).toBe('CODE');
  });

  it('drops a group row left empty when saving', async () => {
    const fetchMock = serving(SET_UP, keeping);
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    addGroup();
    type('Group 3', '  ');
    fireEvent.submit(form());
    expect(await screen.findByText('Single sign-on saved.')).toBeTruthy();
    expect(changes(fetchMock).map((c) => c.body.groupRoles)).toEqual([SETTINGS.groupRoles]);
    // The form starts again from what was kept: the empty row is gone.
    await waitFor(() =>
      expect(rows()).toEqual([
        ['acme-admins', 'editor'],
        ['acme-staff', 'viewer'],
      ]),
    );
  });

  it('shows a refused group against its row, counting past a dropped empty one', async () => {
    const fetchMock = serving(SET_UP, () =>
      refusal([
        {
          path: ['groupRoles', 2, 'group'],
          message: 'Too big: expected string to have <=200 characters',
          code: 'too_big',
        },
      ]),
    );
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    addGroup();
    addGroup();
    type('Group 4', 'a'.repeat(201));
    fireEvent.submit(form());
    const long = within(form()).getByLabelText('Group 4');
    await waitFor(() => expect(messageFor(long)).toBe('Too big: expected string to have <=200 characters'));
    expect(long.getAttribute('aria-invalid')).toBe('true');
    expect(messageFor(within(form()).getByLabelText('Group 3'))).toBeUndefined();
    expect(within(form()).queryByRole('alert')).toBeNull();
    expect(changes(fetchMock)[0]?.body.groupRoles).toHaveLength(3);
  });

  it('says why the provider could not be read, and keeps what was typed', async () => {
    const message = 'https://login.acme.test/.well-known/openid-configuration answered 404';
    serving(SET_UP, () => jsonResponse({ error: { code: 'sso_discovery_failed', message } }, 400));
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    type('Client secret', 'new-secret');
    fireEvent.submit(form());
    expect((await within(form()).findByRole('alert')).textContent).toBe(message);
    expect((within(form()).getByLabelText('Client secret') as HTMLInputElement).value).toBe('new-secret');
    expect(screen.queryByText('Single sign-on saved.')).toBeNull();
  });

  it('shows a refused domain against the domains field, naming it', async () => {
    serving(SET_UP, () =>
      refusal([{ path: ['emailDomains', 1], message: 'a domain, as example.com', code: 'invalid_format' }]),
    );
    render(<SsoCard isOwner />);
    await screen.findByRole('form', { name: 'Change single sign-on' });
    type('Email domains', 'acme.test acme');
    fireEvent.submit(form());
    const domains = within(form()).getByLabelText('Email domains');
    await waitFor(() => expect(messageFor(domains)).toBe('acme: a domain, as example.com'));
    expect(domains.getAttribute('aria-invalid')).toBe('true');
    expect(within(form()).queryByRole('alert')).toBeNull();
  });

  it('lets an owner remove it, once confirmed', async () => {
    const fetchMock = serving(SET_UP);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<SsoCard isOwner />);
    const remove = await screen.findByRole('button', { name: 'Remove single sign-on' });
    fireEvent.click(remove);
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/^Remove single sign-on\?/));
    expect(changes(fetchMock)).toEqual([]);

    confirm.mockReturnValue(true);
    fireEvent.click(remove);
    expect(await screen.findByText('Single sign-on removed.')).toBeTruthy();
    expect(changes(fetchMock)).toEqual([{ path: SSO, method: 'DELETE', body: undefined }]);
    expect(screen.getByText(/^Not set up/)).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Set up single sign-on' })).toBeTruthy();
    expect((within(form()).getByLabelText('Issuer URL') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('button', { name: 'Remove single sign-on' })).toBeNull();
  });
});
