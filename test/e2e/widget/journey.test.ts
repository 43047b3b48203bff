import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { signUserToken } from '../../support/app.ts';
import {
  type AttachServer,
  createWidgetWorkspace,
  startAttachServer,
  userToken,
} from '../support/attach-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { HOST_SCRIPT, type HostSite, hostPage, startHostSite } from '../support/host-page.ts';

let attach: AttachServer;
let host: HostSite;
let browser: Browser;
let ws: WorkspaceCredentials;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  ({ ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] }));
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  // Another account: a member who may not buy, and that account's admin.
  const page = async (sub: string, role: string) =>
    hostPage({ server: attach.url, key: ws.publishableKey, token: await userToken(ws, sub, role, 'globex') });
  host.set('/member', { body: await page('g-member', 'member') });
  host.set('/buyer', { body: await page('g-admin', 'admin') });
  host.set('/dismiss', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token: await userToken(ws, 'u-dismiss', 'admin', 'initech'),
    }),
  });
  // A page whose token expired before it loaded; the host renews it when the widget says so.
  const stale = await signUserToken(
    ws.identitySecret,
    { sub: 'u-renew', account: 'hooli', role: 'admin' },
    '-1m',
  );
  const fresh = await userToken(ws, 'u-renew', 'admin', 'hooli');
  host.set('/renew', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token: stale,
      extraHead: `<script>window.refusals = [];
addEventListener('attach:unauthorized', function (e) {
  window.refusals.push(e.detail.code);
  setTimeout(function () { window.Attach.identify('${fresh}'); }, 0);
});</script>`,
    }),
  });
  host.set('*', {
    body: hostPage({ server: attach.url, key: ws.publishableKey, token: await userToken(ws) }),
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

async function open(path = '/app'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.origin + path);
  return { page, errors };
}

describe('widget journey in a real browser', () => {
  it('script tag → callout → trial → checklist progress → one-click purchase → purchased on the host', async () => {
    const { page, errors } = await open();
    const callout = page.getByRole('region', { name: 'Try Reports Pro' });
    await callout.waitFor();
    expect(await callout.getByText('scheduled').evaluate((el) => el.tagName)).toBe('STRONG');
    await page.waitForFunction(() =>
      (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.some(
        (e) => e.name === 'shown',
      ),
    );

    await callout.getByRole('button', { name: 'Start free trial' }).click();
    const panel = page.getByRole('region', { name: 'Trial: Reports Pro' });
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('0 of 4 done');
    expect(
      await page.evaluate(() =>
        (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.map((e) => e.name),
      ),
    ).toContain('trial_started');

    await page.evaluate(() =>
      (window as unknown as { Attach: { track(n: string): void } }).Attach.track('report.created'),
    );
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain('2 of 4 done');

    // The checklist survives a full reload (and therefore SPA navigation, which keeps the page).
    await page.reload();
    await page.getByRole('region', { name: 'Trial: Reports Pro' }).waitFor();

    await page
      .getByRole('region', { name: 'Trial: Reports Pro' })
      .getByRole('button', { name: 'Buy now' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Confirm your purchase' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('per month');
    await dialog.getByRole('button', { name: 'Confirm purchase' }).click();
    await page.getByText('Done! Reports Pro is ready to use.').waitFor();
    await page.waitForFunction(() => document.getElementById('events')?.textContent?.includes('purchased'));
    const purchased = await page.evaluate(
      () =>
        (
          window as unknown as {
            hostEvents: Array<{ name: string; detail: { productKey: string; status: string } }>;
          }
        ).hostEvents.find((e) => e.name === 'purchased')?.detail,
    );
    expect(purchased).toMatchObject({ productKey: 'reports' });

    const rows = await attach.ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from purchases where workspace_id = ${ws.workspaceId} and product_key = 'reports'`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an expired token raises one unauthorized event; the host’s fresh token brings the prompt', async () => {
    const { page, errors } = await open('/renew');
    await page.getByRole('region', { name: 'Try Reports Pro' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { refusals: string[] }).refusals)).toEqual([
      'invalid_user_token',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('SPA route changes are recorded as page views', async () => {
    const { page, errors } = await open('/spa');
    await page.waitForFunction(() =>
      (window as unknown as { Attach: { isReady(): boolean } }).Attach.isReady(),
    );
    await page.evaluate(() => history.pushState({}, '', '/spa/settings'));
    await page.evaluate(() => history.pushState({}, '', '/spa/billing'));
    await page.goBack();
    await expect
      .poll(
        async () =>
          (
            await attach.ctx.database.rows<{ path: string }>(
              sql`select props->>'path' as path from events where workspace_id = ${ws.workspaceId} and name = 'page.viewed' and props->>'path' like '/spa%' order by ts, props->>'path'`,
            )
          ).map((r) => r.path),
        { timeout: 20_000 },
      )
      .toEqual(expect.arrayContaining(['/spa', '/spa/settings', '/spa/billing']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dismissed prompt stays away on the next SPA route, before the server has the dismissal', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const decided: Array<{ messages: Array<{ campaignId: string }> }> = [];
    page.on('response', async (r) => {
      if (r.url().endsWith('/v1/decide')) decided.push(await r.json());
    });
    await page.goto(`${host.origin}/dismiss`);
    const callout = page.getByRole('region', { name: 'Try Reports Pro' });
    await callout.waitFor();
    await callout.getByRole('button', { name: 'Close' }).click();
    await callout.waitFor({ state: 'detached' });
    // The route changes at once: the dismissal is still in the widget's event batch.
    await page.evaluate(() => history.pushState({}, '', '/dismiss/reports'));
    // The server, not knowing yet, offers the same campaign again; the widget keeps it away.
    await expect.poll(() => decided.length).toBe(2);
    expect(decided[1]?.messages.map((m) => m.campaignId)).toEqual(
      decided[0]?.messages.map((m) => m.campaignId),
    );
    await page.waitForTimeout(300);
    expect(await callout.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a member asks their admin in one click; the admin then sees the request', async () => {
    const { page, errors } = await open('/member');
    const callout = page.getByRole('region', { name: 'Try Reports Pro' });
    await callout.waitFor();
    expect(await callout.getByRole('button', { name: 'Buy now' }).count()).toBe(0);
    await callout.getByRole('button', { name: 'Ask your admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ask your admin' });
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.getByText('Request sent. We let your admin know.').waitFor();
    await page.waitForFunction(() => document.getElementById('events')?.textContent?.includes('requested'));
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rows = await attach.ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from access_requests where workspace_id = ${ws.workspaceId} and account_id = 'globex'`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(errors).toEqual([]);
    await page.close();

    const admin = await open('/buyer');
    // The admin's own offer comes first; once it is closed, the team's request shows.
    const offer = admin.page.getByRole('region', { name: 'Try Reports Pro' });
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Close' }).click();
    const notice = admin.page.getByRole('region', { name: 'Requests from your team' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('asked for Reports Pro');
    expect(admin.errors).toEqual([]);
    await admin.page.close();
  });
});
