import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { PipelinePage } from '../../console/pages/pipeline-page.tsx';
import type { AdminAccessRequest, Lead } from '../../shared/money.ts';
import { jsonResponse, sessionAs } from './support.ts';

const lead = (id: string, accountId: string, status: Lead['status'] = 'open'): Lead => ({
  id,
  accountId,
  userId: null,
  campaignId: null,
  decisionId: null,
  productKey: 'analytics',
  channel: 'sales',
  context: { account: { name: `${accountId} Inc`, seats: 240 }, firedTriggers: ['usage.api'] },
  status,
  createdAt: '2026-12-01T10:00:00.000Z',
});
const request: AdminAccessRequest = {
  id: 'r1',
  productKey: 'reports',
  status: 'open',
  createdAt: '2026-12-02T10:00:00.000Z',
  accountId: 'acme',
  userId: 'u7',
  campaignId: null,
  decisionId: null,
  note: 'We export by hand every week',
  updatedAt: '2026-12-02T10:00:00.000Z',
};

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (init?.method === 'PATCH' && path.startsWith('/v1/admin/leads/')) {
      return jsonResponse({ ...lead('l1', 'globex'), ...JSON.parse(String(init.body)) });
    }
    if (init?.method === 'PATCH') return jsonResponse({ ...request, ...JSON.parse(String(init.body)) });
    if (path.startsWith('/v1/admin/leads')) {
      return path.includes('cursor=')
        ? jsonResponse({ leads: [lead('l2', 'initech')], nextCursor: null })
        : jsonResponse({ leads: [lead('l1', 'globex')], nextCursor: 'next-page' });
    }
    return jsonResponse({ requests: [request], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderAs = (role: 'editor' | 'viewer') =>
  render(
    <SessionContext.Provider value={{ session: sessionAs(role), signOut: () => {}, refresh: () => {} }}>
      <PipelinePage />
    </SessionContext.Provider>,
  );
const calls = () =>
  fetchMock.mock.calls.map(([path, init]) => `${(init as RequestInit | undefined)?.method ?? 'GET'} ${path}`);

describe('PipelinePage', () => {
  it('lists open leads with what was known, moves one along and pages on with the cursor', async () => {
    renderAs('editor');
    expect(await screen.findByText('globex Inc · 240 seats · fired: usage.api')).toBeTruthy();
    expect(calls()).toContain('GET /v1/admin/leads?limit=50&status=open');
    fireEvent.change(screen.getByLabelText('Status of the lead for globex'), {
      target: { value: 'contacted' },
    });
    expect(await screen.findByText('Lead for globex marked contacted.')).toBeTruthy();
    const patch = fetchMock.mock.calls.find(
      ([, init]) => (init as RequestInit | undefined)?.method === 'PATCH',
    );
    expect(patch?.[0]).toBe('/v1/admin/leads/l1');
    expect(JSON.parse(String((patch?.[1] as RequestInit).body))).toEqual({ status: 'contacted' });
    expect((screen.getByLabelText('Status of the lead for globex') as HTMLSelectElement).value).toBe(
      'contacted',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show more leads' }));
    expect(await screen.findByText('initech')).toBeTruthy();
    expect(calls()).toContain('GET /v1/admin/leads?limit=50&status=open&cursor=next-page');
    expect(screen.queryByRole('button', { name: 'Show more leads' })).toBeNull();
  });

  it('filters leads by status (and their CSV download with them) and decides an open access request', async () => {
    renderAs('editor');
    await screen.findByText('We export by hand every week');
    const download = () => screen.getByRole('link', { name: 'Download leads (CSV)' }).getAttribute('href');
    expect(download()).toBe('/v1/admin/leads.csv?status=open');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    await waitFor(() => expect(calls()).toContain('GET /v1/admin/leads?limit=50'));
    // The export follows the filter.
    expect(download()).toBe('/v1/admin/leads.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Request of u7 approved.')).toBeTruthy();
    expect(calls()).toContain('PATCH /v1/admin/requests/r1');
    // Decided: the row says so instead of offering the buttons again.
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('lets viewers read but not change', async () => {
    renderAs('viewer');
    await screen.findByText('globex Inc · 240 seats · fired: usage.api');
    expect((screen.getByLabelText('Status of the lead for globex') as HTMLSelectElement).disabled).toBe(true);
    expect((await screen.findByRole('button', { name: 'Approve' })).hasAttribute('disabled')).toBe(true);
  });
});
