import { render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { vi } from 'vitest';
import { App } from '../../console/app.tsx';
import type { ApiKey } from '../../shared/api-keys.ts';
import type { CampaignDefinition } from '../../shared/campaign.ts';
import type { ConsoleSession } from '../../shared/console.ts';

/** A signed-in console session of `role`, for pages that read who may edit. */
export const sessionAs = (role: ConsoleSession['user']['role']): ConsoleSession => ({
  user: {
    id: 'u1',
    email: 'pm@example.com',
    name: 'PM',
    role,
    twoStep: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  workspace: { id: 'w1', name: 'Acme', twoStepRequired: false },
  csrfToken: 'csrf',
  expiresAt: '2026-01-02T00:00:00.000Z',
  viaSso: false,
});

/** A JSON answer, as the stubbed fetch of a console page test returns it. */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The message shown under a control, found the way assistive technology finds it. */
export function messageFor(control: HTMLElement): string | undefined {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field-error'))
      ?.textContent ?? undefined
  );
}

/** Stubs fetch to answer every request with `response`; the mock records what was asked. */
export function answering(response: Response) {
  const fetchMock = vi.fn(async (_path: string) => response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The data cells of the table row whose name matches, as text. */
export const rowCells = (name: RegExp) =>
  [...screen.getByRole('row', { name }).querySelectorAll('td')].map((td) => td.textContent);

/** A named API key as the API lists it: active, viewer, never used, unless `fields` say otherwise. */
export const apiKey = (name: string, fields: Partial<ApiKey> = {}): ApiKey => ({
  id: `key-${name.toLowerCase().replaceAll(' ', '-')}`,
  name,
  role: 'viewer',
  hint: 'sk_live_…a1b2',
  status: 'active',
  createdAt: '2026-11-01T09:00:00.000Z',
  createdBy: 'pm@example.com',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  replacedBy: null,
  allowedIps: [],
  ...fields,
});

/** The whole console, opened at `route` as a browser would load it. */
export function openConsoleAt(route: string) {
  window.history.replaceState(null, '', `/console/${route}`);
  return render(h(App, null));
}

/** The value of the form field labelled `label`. */
export const fieldValue = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

/** The campaigns a stubbed fetch was asked to create, as posted. */
export const postedCampaigns = (fetchMock: { mock: { calls: unknown[][] } }) =>
  fetchMock.mock.calls
    .filter(([path, init]) => path === '/v1/admin/campaigns' && (init as RequestInit)?.method === 'POST')
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)) as CampaignDefinition);
