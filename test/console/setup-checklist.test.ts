import { describe, expect, it } from 'vitest';
import {
  RECENT_FAILED_CALLS_READ,
  STALE_SYNC_DAYS,
  setupChecklist,
} from '../../console/lib/setup-checklist.ts';

describe('setup checklist', () => {
  it('a fresh workspace: every step to do, each saying what is missing', () => {
    const items = setupChecklist({
      allowedOrigins: [],
      widgetOrigins: 0,
      identityMode: 'off',
      accounts: false,
      products: false,
      enabledEndpoints: 0,
    });
    expect(items.map((i) => [i.id, i.state])).toEqual([
      ['origins', 'todo'],
      ['widget', 'todo'],
      ['identity', 'todo'],
      ['accounts', 'todo'],
      ['products', 'todo'],
      ['webhooks', 'todo'],
    ]);
    expect(items.find((i) => i.id === 'identity')?.detail).toContain('purchases are refused');
    expect(items.find((i) => i.id === 'accounts')?.detail).toContain('POST /v1/admin/accounts/batch');
    expect(items.find((i) => i.id === 'accounts')?.detail).toContain('/v1/admin/integrations/segment');
  });

  it('a live integration: all done; report mode asks to be checked', () => {
    const live = {
      allowedOrigins: ['https://app.acme.com', 'https://*.acme.eu'],
      widgetOrigins: 1,
      accounts: true,
      products: true,
      enabledEndpoints: 1,
    };
    expect(setupChecklist({ ...live, identityMode: 'enforce' }).every((i) => i.state === 'done')).toBe(true);
    const report = setupChecklist({ ...live, identityMode: 'report' }).find((i) => i.id === 'identity');
    expect(report?.state).toBe('warn');
    // Any origin works, but is not what production should run with.
    const any = setupChecklist({ ...live, allowedOrigins: ['*'], identityMode: 'enforce' })[0];
    expect([any?.state, any?.detail]).toEqual([
      'warn',
      'Any origin (*) may call the widget API: list your product’s own origins for production (Settings).',
    ]);
  });

  it('warns of the last day’s failed API calls, naming the latest, and says nothing of a quiet day', () => {
    const call = {
      method: 'POST',
      path: '/v1/admin/accounts/batch',
      status: 400,
      code: 'batch_item_invalid',
    };
    const [item] = setupChecklist({
      recentFailedCalls: [call, { ...call, status: 401, code: 'invalid_api_key' }],
    });
    expect([item?.id, item?.state, item?.detail]).toEqual([
      'failed-calls',
      'warn',
      '2 call(s) with a secret key failed in the last day; the latest, POST /v1/admin/accounts/batch, answered 400 batch_item_invalid (API keys → Recent failed calls).',
    ]);
    const many = setupChecklist({
      recentFailedCalls: Array.from({ length: RECENT_FAILED_CALLS_READ }, () => call),
    });
    expect(many[0]?.detail).toMatch(/^100 or more call\(s\)/);
    expect(setupChecklist({ recentFailedCalls: [] })).toEqual([]);
  });

  it('leaves out what is still loading', () => {
    expect(setupChecklist({ widgetOrigins: 0 }).map((i) => i.id)).toEqual(['widget']);
  });

  it('says when host data last arrived, and warns when accounts or usage stopped arriving', () => {
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    const daysAgo = (n: number) => new Date(now - n * 24 * 60 * 60 * 1000).toISOString();
    const fresh = setupChecklist({
      now,
      synced: { usage: daysAgo(1), accounts: daysAgo(0), ownership: daysAgo(40) },
    });
    expect(fresh).toEqual([
      {
        id: 'freshness',
        label: 'Data freshness',
        state: 'done',
        detail: 'Last arrived: accounts 7 Dec 2026 · ownership 28 Oct 2026 · usage 6 Dec 2026.',
      },
    ]);
    const stopped = setupChecklist({
      now,
      synced: { accounts: daysAgo(STALE_SYNC_DAYS + 1), usage: daysAgo(9), events: daysAgo(30) },
    });
    expect(stopped[0]?.state).toBe('warn');
    expect(stopped[0]?.detail).toBe(
      'Accounts have not arrived for 4 days, usage for 9 days: is your sync still running? Decisions use what it last sent. ' +
        'Last arrived: accounts 3 Dec 2026 · usage 28 Nov 2026 · events 7 Nov 2026.',
    );
    // Before anything arrived (or before the server noted it), nothing is said.
    expect(setupChecklist({ now, synced: {} })).toEqual([]);
  });
});
