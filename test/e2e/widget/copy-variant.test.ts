import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVariant } from '../../../server/domain/copy-variant.ts';
import { CampaignDefinition } from '../../../shared/campaign.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import {
  type AttachServer,
  admin,
  createWidgetWorkspace,
  startAttachServer,
  userToken,
} from '../support/attach-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { HOST_SCRIPT, type HostSite, hostPage, startHostSite } from '../support/host-page.ts';

/**
 * A copy experiment in the browser: each account sees its own copy of the callout, every time, and
 * the host's `attach:shown` says which, so the host's analytics can split by it.
 */
const ORIGINAL = {
  title: 'Try Reports Pro',
  body: 'Send reports to your team.',
  primaryLabel: 'Start free trial',
};
const VARIANT_B = {
  title: 'Stop exporting by hand',
  body: 'Reports Pro sends them for you.',
  primaryLabel: 'Start free trial',
};
const EXTRA_ACCOUNTS = Array.from({ length: 20 }, (_, i) => `copy-${i}`);

let attach: AttachServer;
let host: HostSite;
let browser: Browser;
let ws: WorkspaceCredentials;
let campaignId: string;
const accountOf: Record<string, string> = {};

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  const campaign = {
    content: { en: ORIGINAL },
    variants: [{ key: 'b', percent: 50, content: { en: VARIANT_B } }],
  };
  ({ ws, campaignId } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin], campaign }));
  // Enough accounts that both copies are drawn (each is a fair coin per account).
  await admin(attach.ctx, ws, 'POST', '/accounts/batch', {
    items: EXTRA_ACCOUNTS.map((id) => ({ id, seats: 5 })),
  });
  await admin(attach.ctx, ws, 'POST', '/ownership/batch', {
    items: EXTRA_ACCOUNTS.map((accountId) => ({ accountId, productKey: 'core', status: 'active' })),
  });
  const definition = CampaignDefinition.parse({
    ...campaign,
    name: 'x',
    motion: 'cross_sell_adjacent',
    target: { kind: 'product', productKey: 'reports' },
  });
  for (const account of EXTRA_ACCOUNTS) {
    const { key } = copyVariant(definition, campaignId, account);
    accountOf[key] ??= account;
  }
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  for (const [variant, account] of Object.entries(accountOf)) {
    host.set(`/${variant}`, {
      body: hostPage({
        server: attach.url,
        key: ws.publishableKey,
        token: await userToken(ws, `u-${account}`, 'admin', account),
      }),
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

type HostEvent = { name: string; detail: { campaignId: string; decisionId: string; variant?: string } };

describe('copy experiment in a real browser', () => {
  it('shows each account its copy on every visit, and names the copy in the host’s events', async () => {
    expect(Object.keys(accountOf).sort()).toEqual(['b', 'original']);
    for (const [variant, copy] of [
      ['original', ORIGINAL],
      ['b', VARIANT_B],
    ] as const) {
      for (let visit = 0; visit < 2; visit++) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${host.origin}/${variant}`);
        const callout = page.getByRole('region', { name: copy.title });
        await callout.waitFor();
        expect(await callout.textContent()).toContain(copy.body);
        await page.waitForFunction(() =>
          (window as unknown as { hostEvents: HostEvent[] }).hostEvents.some((e) => e.name === 'shown'),
        );
        const shown = await page.evaluate(
          () =>
            (window as unknown as { hostEvents: HostEvent[] }).hostEvents.find((e) => e.name === 'shown')
              ?.detail,
        );
        expect(shown).toMatchObject({ campaignId, variant });
        expect(errors).toEqual([]);
        await page.close();
      }
    }
    const recorded = await attach.ctx.database.rows<{ account_id: string; variant: string }>(
      sql`select distinct account_id, variant from decisions
          where campaign_id = ${campaignId}::uuid and account_id like 'copy-%' order by account_id`,
    );
    expect(recorded).toEqual(
      Object.entries(accountOf)
        .map(([variant, account]) => ({ account_id: account, variant }))
        .sort((x, y) => x.account_id.localeCompare(y.account_id)),
    );
  });
});
