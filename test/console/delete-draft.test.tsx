import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../console/lib/api.ts';
import { SessionContext } from '../../console/lib/session.ts';
import { DeleteDraft } from '../../console/pages/campaigns/delete-draft.tsx';
import { CampaignListPage } from '../../console/pages/campaigns/list-page.tsx';
import { Campaign, type CampaignStatus } from '../../shared/campaign.ts';
import { jsonResponse, sessionAs } from './support.ts';

const ID = '0b9c3a52-5c55-4c1f-9d36-0a4a5f1e2b77';

function campaign(status: CampaignStatus, deletable = status === 'draft'): Campaign {
  return Campaign.parse({
    id: ID,
    name: 'Reports for exporters',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: { en: { title: 'Stop exporting by hand' } },
    status,
    version: 3,
    deletable,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  window.history.replaceState(null, '', `/console/campaigns/${ID}`);
  fetchMock = vi.fn(async (path: string) =>
    path.startsWith('/v1/admin/campaigns/')
      ? new Response(null, { status: 204 })
      : jsonResponse({ data: [] }),
  );
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('DeleteDraft (campaign editor)', () => {
  it('asks first, deletes the draft at its version, then the campaigns list says it was deleted', async () => {
    const confirm = vi.fn((_question: string) => true);
    vi.stubGlobal('confirm', confirm);
    render(<DeleteDraft campaign={campaign('draft')} disabled={false} onError={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    expect(confirm.mock.calls[0]).toEqual([expect.stringContaining('Reports for exporters')]);
    await waitFor(() => expect(window.location.pathname).toBe('/console/campaigns'));
    const [path, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect([path, init.method, (init.headers as Record<string, string>)['if-match']]).toEqual([
      `/v1/admin/campaigns/${ID}`,
      'DELETE',
      '3',
    ]);
    cleanup();
    const list = () =>
      render(
        <SessionContext.Provider
          value={{ session: sessionAs('editor'), signOut: () => {}, refresh: () => {} }}
        >
          <CampaignListPage />
        </SessionContext.Provider>,
      );
    list();
    expect(screen.getByText('Deleted the draft “Reports for exporters”.')).toBeTruthy();
    // Once: coming back to the list later does not repeat it.
    cleanup();
    list();
    expect(screen.queryByText(/Deleted the draft/)).toBeNull();
  });

  it('deletes nothing when the question is declined', () => {
    vi.stubGlobal('confirm', () => false);
    render(<DeleteDraft campaign={campaign('draft')} disabled={false} onError={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(window.location.pathname).toBe(`/console/campaigns/${ID}`);
  });

  it('stays on the page and hands the refusal on when the draft has history', async () => {
    vi.stubGlobal('confirm', () => true);
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ error: { code: 'campaign_has_history', message: 'archive it instead' } }, 409),
    );
    const onError = vi.fn();
    render(<DeleteDraft campaign={campaign('draft')} disabled={false} onError={onError} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    await waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(ApiFailure);
    expect(onError.mock.calls[0]?.[0].code).toBe('campaign_has_history');
    expect(window.location.pathname).toBe(`/console/campaigns/${ID}`);
  });

  it('is not offered for a draft the API says has history', () => {
    render(<DeleteDraft campaign={campaign('draft', false)} disabled={false} onError={vi.fn()} />);
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
  });

  it.each([
    'active',
    'paused',
    'archived',
  ] as const)('is not offered for a %s campaign that went live', (status) => {
    render(<DeleteDraft campaign={campaign(status, false)} disabled={false} onError={vi.fn()} />);
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
  });

  it('offers “Delete” for an archived campaign that never went live, and deletes it after asking', async () => {
    const confirm = vi.fn((_question: string) => true);
    vi.stubGlobal('confirm', confirm);
    render(<DeleteDraft campaign={campaign('archived', true)} disabled={false} onError={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(confirm.mock.calls[0]).toEqual([
      'Delete the archived campaign “Reports for exporters” and its change history? This cannot be undone.',
    ]);
    await waitFor(() => expect(window.location.pathname).toBe('/console/campaigns'));
    const [path, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect([path, init.method]).toEqual([`/v1/admin/campaigns/${ID}`, 'DELETE']);
    cleanup();
    render(
      <SessionContext.Provider value={{ session: sessionAs('editor'), signOut: () => {}, refresh: () => {} }}>
        <CampaignListPage />
      </SessionContext.Provider>,
    );
    expect(screen.getByText('Deleted the archived campaign “Reports for exporters”.')).toBeTruthy();
  });
});
