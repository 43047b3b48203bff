import { describe, expect, it } from 'vitest';
import { setupChecklist } from '../../console/lib/setup-checklist.ts';

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

  it('leaves out what is still loading', () => {
    expect(setupChecklist({ widgetOrigins: 0 }).map((i) => i.id)).toEqual(['widget']);
  });
});
