import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_PARAM } from '../../../shared/preview-param.ts';
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
 * A product manager opens a preview link on the host's own pages: the draft shows in place, marked
 * as a preview, on every page of the tab, and nothing of it is recorded or told to the host.
 */
const DRAFT_TITLE = 'Alerts for Reports Pro';
const ACCOUNT = 'hooli';

let attach: AttachServer;
let host: HostSite;
let browser: Browser;
let ws: WorkspaceCredentials;
let draftId: string;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  ({ ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] }));
  const draft = await admin(attach.ctx, ws, 'POST', '/campaigns', {
    name: 'Alerts draft',
    motion: 'cross_sell_adjacent',
    target: { kind: 'product', productKey: 'reports' },
    presentation: { format: 'callout' },
    content: { en: { title: DRAFT_TITLE, body: 'Get told when a number moves.', primaryLabel: 'Buy now' } },
    holdout: { percent: 0 },
  });
  draftId = draft.id;
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  const page = hostPage({
    server: attach.url,
    key: ws.publishableKey,
    token: await userToken(ws, 'u-pm', 'admin', ACCOUNT),
  });
  host.set('/dashboard', { body: page });
  host.set('/reports', { body: page });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

async function recordedFor(account: string) {
  const [row] = await attach.ctx.database.rows<{ decisions: number; states: number }>(
    sql`select (select count(*)::int from decisions where account_id = ${account}) as decisions,
               (select count(*)::int from message_states where account_id = ${account}) as states`,
  );
  return row;
}

const hostEvents = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.map((e) => e.name),
  );

describe('a preview link in a real browser', () => {
  it('shows the draft in place, marked, on every page of the tab, and records nothing', async () => {
    const { token } = await admin(attach.ctx, ws, 'POST', '/campaigns/preview-link', { campaignId: draftId });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.origin}/dashboard?tab=usage&${PREVIEW_PARAM}=${encodeURIComponent(token)}#top`);
    const draft = page.getByRole('region', { name: DRAFT_TITLE });
    await draft.waitFor();
    expect(await draft.textContent()).toContain('Preview');
    // The tab keeps the token; the address no longer carries it (a link copied from it shows no
    // preview), the rest of it as it was.
    expect(page.url()).toBe(`${host.origin}/dashboard?tab=usage#top`);
    // Only the previewed campaign: the live one this user would get stays out of the way.
    expect(await page.getByRole('region', { name: 'Try Reports Pro' }).count()).toBe(0);

    // Its button buys nothing and opens nothing.
    await draft.getByRole('button', { name: 'Buy now' }).click();
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Another page of the product, without the parameter: still the preview.
    await page.goto(`${host.origin}/reports`);
    await page.getByRole('region', { name: DRAFT_TITLE }).waitFor();
    await page.getByRole('region', { name: DRAFT_TITLE }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('region', { name: DRAFT_TITLE }).waitFor({ state: 'detached' });
    // The event queue flushes within 2 s; give it the time to (wrongly) send something.
    await page.waitForTimeout(2_500);

    expect(await hostEvents(page)).toEqual([]);
    expect(await recordedFor(ACCOUNT)).toEqual({ decisions: 0, states: 0 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ends with a link that no longer works: the tab gets its own prompts again', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.origin}/dashboard?${PREVIEW_PARAM}=v1.forged.link.token`);
    await page.getByRole('region', { name: 'Try Reports Pro' }).waitFor();
    expect(await page.getByRole('region', { name: DRAFT_TITLE }).count()).toBe(0);
    expect(await page.evaluate((name) => sessionStorage.getItem(name), PREVIEW_PARAM)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
