import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Shell } from '../../console/components/shell.tsx';
import { SessionContext } from '../../console/lib/session.ts';
import { ApiKeysPage } from '../../console/pages/api-keys-page.tsx';
import type { ApiKey, CreatedApiKey, RolledApiKey } from '../../shared/api-keys.ts';
import { apiKey, jsonResponse, rowCells, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function renderAs(role: 'owner' | 'viewer') {
  render(
    <SessionContext.Provider value={{ session: sessionAs(role), signOut: () => {}, refresh: () => {} }}>
      <ApiKeysPage />
    </SessionContext.Provider>,
  );
}

const looker = apiKey('Looker', {
  lastUsedAt: '2026-12-06T12:00:00.000Z',
  expiresAt: '2027-03-01T09:00:00.000Z',
});
const billing = apiKey('Billing sync', {
  role: 'editor',
  status: 'revoked',
  createdBy: 'api',
  revokedAt: '2026-12-02T08:00:00.000Z',
  revokedBy: 'pm@example.com',
});

/** The API as the page calls it: the list, and what creating or revoking answers; every call recorded. */
function serving(answers: {
  list: () => ApiKey[];
  post?: () => Response;
  del?: (path: string) => Response;
  patch?: (body: unknown) => Response;
}) {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (init?.method === 'POST' && answers.post) return answers.post();
    if (init?.method === 'PATCH' && answers.patch) return answers.patch(JSON.parse(String(init.body)));
    if (init?.method === 'DELETE' && answers.del) return answers.del(path);
    // The page's failed calls, read beside the keys: none here (test/console/failed-calls.test.tsx).
    if (path.startsWith('/v1/admin/failed-calls')) return jsonResponse({ data: [], nextCursor: null });
    return jsonResponse({ data: answers.list() });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
/** The calls to the keys' own paths, not the failed calls the page also reads. */
const callsOf = (fetchMock: ReturnType<typeof serving>, method: string) =>
  fetchMock.mock.calls.filter(
    ([path, init]) => (init?.method ?? 'GET') === method && path.startsWith('/v1/admin/api-keys'),
  );

function fillForm(name: string, role: string, expires: string) {
  const form = screen.getByRole('form', { name: 'Create an API key' });
  fireEvent.input(within(form).getByLabelText('Name'), { target: { value: name } });
  fireEvent.change(within(form).getByLabelText('Role'), { target: { value: role } });
  fireEvent.change(within(form).getByLabelText('Expires'), { target: { value: expires } });
  fireEvent.submit(form);
}

describe('API keys page', () => {
  it('lists each key with its role, hint, status, who created it, last use and expiry', async () => {
    serving({ list: () => [looker, billing] });
    renderAs('owner');
    await screen.findByRole('row', { name: /Billing sync/ });
    const looked = rowCells(/Looker/);
    expect(looked.slice(0, 3)).toEqual(['Viewer', 'sk_live_…a1b2', 'active']);
    expect(looked[3]).toMatch(/1 Nov 2026.*by pm@example\.com/);
    expect(looked[4]).toMatch(/6 Dec 2026/);
    expect(looked[5]).toMatch(/1 Mar 2027/);
    const revoked = rowCells(/Billing sync/);
    expect(revoked[0]).toBe('Editor');
    expect(revoked[2]).toMatch(/^revoked 2 Dec 2026.* by pm@example\.com$/);
    expect(revoked[3]).toMatch(/by API \(secret key\)$/);
    expect(revoked.slice(4, 6)).toEqual(['Never', 'Never']);
    // Each key's own audit entries.
    expect(screen.getByRole('link', { name: 'History of Looker' }).getAttribute('href')).toBe(
      `/console/audit?targetType=api_key&targetId=${looker.id}`,
    );
  });

  it('lets an owner revoke an active key, asking first, and offers no revoke for a revoked one', async () => {
    const fetchMock = serving({
      list: () => [looker, billing],
      del: () => jsonResponse({ ...looker, status: 'revoked' }),
    });
    const confirm = vi.fn((_question: string) => false);
    vi.stubGlobal('confirm', confirm);
    renderAs('owner');
    await screen.findByRole('row', { name: /Looker/ });
    expect(screen.queryByRole('button', { name: 'Revoke Billing sync' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke Looker' }));
    expect(confirm).toHaveBeenCalledWith(
      'Revoke the API key “Looker”? Integrations using it stop working at once.',
    );
    expect(callsOf(fetchMock, 'DELETE')).toEqual([]);
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke Looker' }));
    expect(await screen.findByText('Revoked “Looker”.')).toBeTruthy();
    expect(callsOf(fetchMock, 'DELETE').map(([path]) => path)).toEqual([`/v1/admin/api-keys/${looker.id}`]);
    // The list is read again, to show the key revoked.
    await waitFor(() => expect(callsOf(fetchMock, 'GET')).toHaveLength(2));
  });

  it('shows a viewer the keys, but no form and no revoke, and says owners manage them', async () => {
    serving({ list: () => [looker] });
    renderAs('viewer');
    await screen.findByRole('row', { name: /Looker/ });
    expect(screen.getByText('Only owners create, roll and revoke API keys.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Create an API key' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Revoke/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Roll/ })).toBeNull();
  });

  it('creates a key, shows its secret once with a way to copy it, and lists it', async () => {
    const created: CreatedApiKey = {
      ...apiKey('Splunk', { expiresAt: '2027-03-06T09:00:00.000Z' }),
      key: 'sk_live_secret',
    };
    let list: ApiKey[] = [];
    const fetchMock = serving({
      list: () => list,
      post: () => {
        const { key: _secret, ...stored } = created;
        list = [stored];
        return jsonResponse(created, 201);
      },
    });
    renderAs('owner');
    expect(await screen.findByText('No API keys yet.')).toBeTruthy();
    fillForm('Splunk', 'viewer', '90');
    const panel = await screen.findByRole('region', { name: 'The key for “Splunk”' });
    expect(JSON.parse(String(callsOf(fetchMock, 'POST')[0]?.[1]?.body))).toEqual({
      name: 'Splunk',
      role: 'viewer',
      expiresInDays: 90,
    });
    expect(within(panel).getByText('sk_live_secret')).toBeTruthy();
    expect(panel.textContent).toMatch(/it will not be shown again/);
    // Brought to the owner's attention (and into view) at once.
    await waitFor(() => expect(document.activeElement).toBe(panel));
    const copy = vi.spyOn(navigator.clipboard, 'writeText');
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy API key' }));
    expect(await within(panel).findByText('Copied.')).toBeTruthy();
    expect(copy).toHaveBeenCalledWith('sk_live_secret');
    // The list is read again and has the new key, by its hint: the secret is on the page once.
    await screen.findByRole('row', { name: /Splunk/ });
    expect(rowCells(/Splunk/)[1]).toBe('sk_live_…a1b2');
    expect(screen.getAllByText('sk_live_secret')).toHaveLength(1);
  });

  it('offers a data sync role for a key given to a third party, and lists such a key by it', async () => {
    const segment = apiKey('Segment', { role: 'sync' });
    const fetchMock = serving({
      list: () => [segment],
      post: () => jsonResponse({ ...segment, key: 'sk_live_s' }, 201),
    });
    renderAs('owner');
    await screen.findByRole('row', { name: /Segment/ });
    expect(rowCells(/Segment/)).toContain('Data sync');
    const form = screen.getByRole('form', { name: 'Create an API key' });
    const role = within(form).getByLabelText('Role') as HTMLSelectElement;
    expect([...role.options].map((o) => o.textContent)).toEqual(['Editor', 'Viewer', 'Data sync']);
    fillForm('Segment', 'sync', '90');
    await waitFor(() => expect(callsOf(fetchMock, 'POST')).toHaveLength(1));
    expect(JSON.parse(String(callsOf(fetchMock, 'POST')[0]?.[1]?.body))).toMatchObject({ role: 'sync' });
  });

  it('rolls a key: the owner picks how long the old one keeps working, and gets the new one once', async () => {
    const rolled: RolledApiKey = {
      ...apiKey('Looker', { id: 'key-looker-2', hint: 'sk_live_…c3d4', expiresAt: looker.expiresAt }),
      key: 'sk_live_new_secret',
      previous: { ...looker, replacedBy: 'key-looker-2', expiresAt: '2026-12-14T09:00:00.000Z' },
    };
    let list: ApiKey[] = [looker, billing];
    const fetchMock = serving({
      list: () => list,
      post: () => {
        const { key: _secret, previous, ...stored } = rolled;
        list = [stored, previous, billing];
        return jsonResponse(rolled, 201);
      },
    });
    renderAs('owner');
    await screen.findByRole('row', { name: /Looker/ });
    expect(screen.queryByRole('button', { name: 'Roll Billing sync' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Roll Looker' }));
    const form = screen.getByRole('form', { name: 'Roll “Looker”' });
    fireEvent.change(within(form).getByLabelText('The old key'), { target: { value: '604800' } });
    fireEvent.submit(form);
    const panel = await screen.findByRole('region', { name: 'The new key for “Looker”' });
    const [path, init] = callsOf(fetchMock, 'POST')[0] ?? [];
    expect(path).toBe(`/v1/admin/api-keys/${looker.id}/roll`);
    expect(JSON.parse(String(init?.body))).toEqual({ overlapSeconds: 604_800 });
    expect(within(panel).getByText('sk_live_new_secret')).toBeTruthy();
    expect(panel.textContent).toMatch(/The old key \(sk_live_…a1b2\) keeps working until 14 Dec 2026/);
    expect(screen.queryByRole('form', { name: 'Roll “Looker”' })).toBeNull();
    // Listed again: the old key marked rolled and not offered for another roll; the new one is.
    await waitFor(() => expect(screen.getAllByRole('row', { name: /Looker/ })).toHaveLength(2));
    expect(screen.getAllByRole('button', { name: 'Roll Looker' })).toHaveLength(1);
    expect(screen.getAllByText('rolled')).toHaveLength(1);
  });

  it('lists where each key may be used from, and lets an owner change it', async () => {
    let list: ApiKey[] = [looker];
    const fetchMock = serving({
      list: () => list,
      patch: (body) => {
        list = [{ ...looker, ...(body as Pick<ApiKey, 'allowedIps'>) }];
        return jsonResponse(list[0]);
      },
    });
    renderAs('owner');
    await screen.findByRole('row', { name: /Looker/ });
    expect(rowCells(/Looker/)[6]).toBe('Anywhere');
    fireEvent.click(screen.getByRole('button', { name: 'Addresses of Looker' }));
    const form = screen.getByRole('form', { name: 'Where “Looker” may be used from' });
    fireEvent.input(within(form).getByLabelText('Allowed IP addresses'), {
      target: { value: ' 203.0.113.0/24, 198.51.100.7,' },
    });
    fireEvent.submit(form);
    expect(await screen.findByText('“Looker” works from 203.0.113.0/24, 198.51.100.7 only.')).toBeTruthy();
    const [path, init] = callsOf(fetchMock, 'PATCH')[0] ?? [];
    expect(path).toBe(`/v1/admin/api-keys/${looker.id}`);
    expect(JSON.parse(String(init?.body))).toEqual({ allowedIps: ['203.0.113.0/24', '198.51.100.7'] });
    await waitFor(() => expect(rowCells(/Looker/)[6]).toBe('203.0.113.0/24, 198.51.100.7'));
    expect(screen.queryByRole('form', { name: /may be used from/ })).toBeNull();
  });

  it('shows why the API refused a key, and nothing is shown as created', async () => {
    serving({
      list: () => [looker],
      post: () =>
        jsonResponse(
          { error: { code: 'conflict', message: 'An active API key is already named Looker.' } },
          409,
        ),
    });
    renderAs('owner');
    await screen.findByRole('row', { name: /Looker/ });
    fillForm('Looker', 'editor', '');
    expect(
      await screen.findByText('Nothing was saved: An active API key is already named Looker.'),
    ).toBeTruthy();
    expect(screen.queryByRole('region', { name: /^The key for/ })).toBeNull();
  });

  it('is in the navigation beside Webhooks', () => {
    render(
      <SessionContext.Provider value={{ session: sessionAs('viewer'), signOut: () => {}, refresh: () => {} }}>
        <Shell route="api-keys">
          <p>page</p>
        </Shell>
      </SessionContext.Provider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Console' });
    const labels = within(nav)
      .getAllByRole('link')
      .map((l) => l.textContent);
    expect(labels.slice(labels.indexOf('Webhooks'), labels.indexOf('Webhooks') + 2)).toEqual([
      'Webhooks',
      'API keys',
    ]);
    const link = within(nav).getByRole('link', { name: 'API keys' });
    expect(link.getAttribute('href')).toBe('/console/api-keys');
    expect(link.getAttribute('aria-current')).toBe('page');
  });
});
