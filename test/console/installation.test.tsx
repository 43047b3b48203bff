import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Installation } from '../../console/pages/home-page.tsx';
import { jsonResponse } from './support.ts';

const answering = (origins: Array<{ name: string; lastSeenAt: string }>) =>
  vi.stubGlobal('fetch', async (path: string) => {
    if (path.startsWith('/v1/admin/vocabulary/origin'))
      return jsonResponse({
        data: origins.map((o) => ({ ...o, firstSeenAt: '2026-11-01T00:00:00.000Z' })),
        nextCursor: null,
      });
    if (path.startsWith('/v1/admin/settings'))
      return jsonResponse({
        publishableKey: 'pk_live_123',
        secretKeyHint: '…abcd',
        allowedOrigins: ['https://app.acme.com'],
        settings: { identityMode: 'report' },
      });
    if (path.startsWith('/v1/admin/accounts'))
      return jsonResponse({ data: [{ id: 'acme' }], nextCursor: null });
    if (path.startsWith('/v1/admin/webhooks/endpoints')) return jsonResponse({ endpoints: [] });
    return jsonResponse({ data: [], nextCursor: null });
  });
/**
 * Answers the Installation card's reads: each path starting with a key of `answers` gets its body,
 * the settings `settings`, anything else an empty list. Returns the paths asked for.
 */
function serving(answers: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    const answer = Object.entries(answers).find(([prefix]) => path.startsWith(prefix));
    if (answer) return jsonResponse(answer[1]);
    if (path.startsWith('/v1/admin/settings'))
      return jsonResponse({ publishableKey: 'pk_1', allowedOrigins: [], settings });
    return jsonResponse({ data: [], nextCursor: null, endpoints: [] });
  });
  return asked;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Overview › Installation', () => {
  it('lists the page origins the widget has called from, with the day each was last seen', async () => {
    answering([{ name: 'https://app.acme.com', lastSeenAt: '2026-12-06T09:00:00.000Z' }]);
    render(<Installation />);
    const card = await screen.findByRole('region', { name: 'Installation' });
    expect(card.textContent).toContain('The widget has called Attach from:');
    expect(card.textContent).toContain('https://app.acme.com last seen 6 Dec 2026');
    // The steps to go live, each with its state in words.
    await screen.findByText('Webhooks');
    const steps = [...card.querySelectorAll('.checklist li')].map(
      (li) => `${li.querySelector('strong')?.textContent}: ${li.querySelector('.badge')?.textContent}`,
    );
    expect(steps).toEqual([
      'Allowed origins: Done',
      'Script tag: Done',
      'Signed user tokens: Check',
      'Accounts synced: Done',
      'Catalogue: To do',
      'Webhooks: To do',
    ]);
  });

  it('before any, gives the script tag to add, with the workspace’s publishable key', async () => {
    answering([]);
    render(<Installation />);
    const card = await screen.findByRole('region', { name: 'Installation' });
    expect(card.textContent).toContain('The widget has not called Attach from a page yet.');
    await screen.findByText(/data-key="pk_live_123"/);
    expect(card.querySelector('pre code')?.textContent).toBe(
      `<script src="${location.origin}/widget.js" data-key="pk_live_123" data-user-token="…" async></script>`,
    );
    // The other way in: Segment's webhook destination, with what to paste.
    const segment = screen.getByText('Already sending events to Segment?').closest('details') as HTMLElement;
    expect(segment.querySelector('pre code')?.textContent).toBe(
      `${location.origin}/v1/admin/integrations/segment\nAuthorization: Bearer <a data sync API key>`,
    );
  });

  it('names the origins the widget was turned away from lately, and lets an editor allow one', async () => {
    const day = 24 * 60 * 60 * 1000;
    const seen = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    let allowed = ['https://app.acme.com'];
    const patches: unknown[] = [];
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
      if (init.method === 'PATCH') {
        const body = JSON.parse(String(init.body));
        patches.push(body);
        allowed = body.allowedOrigins;
        return jsonResponse({});
      }
      if (path.startsWith('/v1/admin/vocabulary/refused_origin')) {
        asked.push(path);
        return jsonResponse({
          data: [
            { name: 'https://app.acme.com', lastSeenAt: seen(1) },
            { name: 'https://staging.acme.com', lastSeenAt: seen(0) },
          ].map((o) => ({ ...o, firstSeenAt: seen(40) })),
          nextCursor: null,
        });
      }
      if (path.startsWith('/v1/admin/settings'))
        return jsonResponse({ publishableKey: 'pk_1', allowedOrigins: allowed, settings: {} });
      return jsonResponse({ data: [], nextCursor: null, endpoints: [] });
    });
    render(<Installation editable />);
    const allow = await screen.findByRole('button', { name: 'Allow https://staging.acme.com' });
    // Allowed since: not listed.
    expect(screen.queryByText('https://app.acme.com')).toBeNull();
    // Every origin refused in the last two weeks (the server keeps at most 100), not the first by name.
    const query = new URL(asked[0] ?? '', 'http://x').searchParams;
    expect(query.get('limit')).toBe('100');
    expect(Math.abs(Date.parse(query.get('seenSince') ?? '') - Date.parse(seen(14)))).toBeLessThan(60_000);
    fireEvent.click(allow);
    expect(await screen.findByText(/^https:\/\/staging\.acme\.com is allowed/)).toBeTruthy();
    expect(patches).toEqual([{ allowedOrigins: ['https://app.acme.com', 'https://staging.acme.com'] }]);
    await waitFor(() => expect(screen.queryByText('The widget was turned away from')).toBeNull());
  });

  it('offers a viewer no button, and says who can allow them', async () => {
    serving({
      '/v1/admin/vocabulary/refused_origin': {
        data: [
          {
            name: 'https://staging.acme.com',
            lastSeenAt: new Date().toISOString(),
            firstSeenAt: '2026-01-01T00:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    });
    render(<Installation />);
    await screen.findByText('https://staging.acme.com');
    expect(screen.queryByRole('button', { name: /^Allow/ })).toBeNull();
    expect(screen.getByText('An editor or owner can allow them under Settings.')).toBeTruthy();
  });

  it('says why user tokens failed lately, and that report mode only lets them through for now', async () => {
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000).toISOString();
    const asked = serving(
      {
        '/v1/admin/vocabulary/refused_token': {
          data: [
            { name: 'User token signature is invalid', lastSeenAt: at(2), firstSeenAt: at(30) },
            { name: 'User token has expired', lastSeenAt: at(0), firstSeenAt: at(3) },
          ],
          nextCursor: null,
        },
      },
      { identityMode: 'report' },
    );
    render(<Installation />);
    const title = await screen.findByText('User tokens failed verification lately');
    const notice = title.closest('.notice') as HTMLElement;
    expect(notice.textContent).toContain('let through now, but refused once signed tokens are enforced');
    // The last two weeks' reasons, the most recent first.
    expect([...notice.querySelectorAll('li')].map((li) => li.firstChild?.textContent)).toEqual([
      'User token has expired',
      'User token signature is invalid',
    ]);
    const reasons = asked.find((path) => path.startsWith('/v1/admin/vocabulary/refused_token'));
    const since = new URL(reasons ?? '', 'http://x').searchParams.get('seenSince') ?? '';
    expect(Math.abs(Date.parse(since) - Date.parse(at(14)))).toBeLessThan(60_000);
  });

  it('lists the ten most recent refusals first and counts the rest', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    serving({
      '/v1/admin/vocabulary/refused_origin': {
        // In name order, as the server pages them: a-00 was seen longest ago, a-14 most lately.
        data: Array.from({ length: 15 }, (_, i) => ({
          name: `https://a-${String(i).padStart(2, '0')}.example.com`,
          lastSeenAt: at(100 - i),
          firstSeenAt: at(200),
        })),
        nextCursor: null,
      },
    });
    render(<Installation />);
    const title = await screen.findByText('The widget was turned away from');
    const items = [...(title.closest('.notice') as HTMLElement).querySelectorAll('li')].map(
      (li) => li.querySelector('code')?.textContent ?? li.textContent,
    );
    expect(items).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `https://a-${String(14 - i).padStart(2, '0')}.example.com`),
      '…and 5 more',
    ]);
  });

  it('warns of integrations’ calls that failed in the last day', async () => {
    const asked = serving(
      {
        '/v1/admin/failed-calls': {
          data: [
            {
              id: '00000000-0000-4000-8000-000000000001',
              at: new Date().toISOString(),
              actor: 'key:Billing',
              method: 'POST',
              path: '/v1/admin/usage/batch',
              status: 400,
              code: 'batch_item_invalid',
              message: 'items[0].metric: Required',
              requestId: null,
            },
          ],
          nextCursor: null,
        },
      },
      { identityMode: 'enforce' },
    );
    render(<Installation />);
    const item = await screen.findByText('API calls');
    expect(item.closest('li')?.textContent).toContain(
      'Check 1 call(s) with a secret key failed in the last day; the latest, POST /v1/admin/usage/batch, answered 400 batch_item_invalid',
    );
    const failed = asked.find((path) => path.startsWith('/v1/admin/failed-calls'));
    const since = new URL(failed ?? '', 'http://x').searchParams.get('since') ?? '';
    expect(Math.abs(Date.parse(since) - (Date.now() - 24 * 60 * 60 * 1000))).toBeLessThan(60_000);
  });

  it('says when Segment last sent a message, once it has', async () => {
    serving({
      '/v1/admin/vocabulary/integration': {
        data: [
          {
            name: 'segment',
            firstSeenAt: '2026-11-01T00:00:00.000Z',
            lastSeenAt: '2026-12-06T09:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    });
    render(<Installation />);
    expect(await screen.findByText('Segment is connected: its last message came on 6 Dec 2026')).toBeTruthy();
    expect(screen.queryByText('Already sending events to Segment?')).toBeNull();
  });

  it('lists the Segment messages skipped, opening on a skip within the day, filtered by reason', async () => {
    const skip = (messageId: string, reason: string, hoursAgo: number) => ({
      id: `00000000-0000-4000-8000-00000000000${messageId.length}`,
      at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      messageId,
      type: 'track',
      event: 'Report Exported',
      reason,
      message: 'No account: set context.groupId (Segment’s group call) or properties.accountId',
    });
    const asked = serving({
      '/v1/admin/vocabulary/integration': {
        data: [
          { name: 'segment', firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: new Date().toISOString() },
        ],
        nextCursor: null,
      },
      '/v1/admin/integrations/segment/skipped': { data: [skip('msg-1', 'no_account', 2)], nextCursor: null },
    });
    render(<Installation />);
    const summary = await screen.findByText('Some of its messages were skipped in the last day.');
    const details = summary.closest('details') as HTMLDetailsElement;
    await waitFor(() => expect(details.open).toBe(true));
    const table = await screen.findByRole('region', { name: 'Skipped messages, newest first' });
    const row = table.querySelector('tbody tr') as HTMLElement;
    expect(row.textContent).toContain('track Report Exported');
    expect(row.textContent).toContain('msg-1');
    expect(row.querySelector('.badge')?.textContent).toBe('No account');
    expect(row.textContent).toContain('set context.groupId');
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'unknown_account' } });
    await waitFor(() =>
      expect(asked).toContain('/v1/admin/integrations/segment/skipped?limit=20&reason=unknown_account'),
    );
  });

  it('keeps Segment’s details closed, without a skipped list, before Segment has sent anything', async () => {
    const asked = serving({});
    render(<Installation />);
    const summary = await screen.findByText('Already sending events to Segment?');
    await waitFor(() =>
      expect(asked.some((p) => p.startsWith('/v1/admin/integrations/segment/skipped'))).toBe(true),
    );
    expect((summary.closest('details') as HTMLDetailsElement).open).toBe(false);
    expect(screen.queryByRole('heading', { name: 'Skipped messages' })).toBeNull();
  });

  it('says when host data last arrived, from the sync vocabulary', async () => {
    const asked = serving({
      '/v1/admin/vocabulary/sync': {
        data: [
          {
            name: 'accounts',
            firstSeenAt: '2026-11-01T00:00:00.000Z',
            lastSeenAt: '2026-11-20T09:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    });
    render(<Installation />);
    const item = (await screen.findByText('Data freshness')).closest('li') as HTMLElement;
    expect(item.querySelector('.badge')?.textContent).toBe('Check');
    expect(item.textContent).toMatch(/Accounts have not arrived for \d+ days: is your sync still running\?/);
    expect(item.textContent).toContain('Last arrived: accounts 20 Nov 2026.');
    expect(asked).toContain('/v1/admin/vocabulary/sync?limit=10');
  });
});
