import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
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
/** Accepts connections and never answers: the "hanging API". */
let hanging: Server;
let hangingUrl: string;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  ({ ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] }));
  hanging = createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  const token = await userToken(ws);
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  host.set('/app', { body: hostPage({ server: attach.url, key: ws.publishableKey, token }) });
  // The script loads, its API does not answer (connection refused / never responds).
  host.set('/down', {
    body: hostPage({ server: attach.url, key: ws.publishableKey, token, api: 'http://127.0.0.1:9' }),
  });
  host.set('/hanging', {
    body: hostPage({ server: attach.url, key: ws.publishableKey, token, api: hangingUrl }),
  });
  // Set-up mistakes: a key that does not exist, and an origin the workspace does not allow.
  host.set('/wrong-key', { body: hostPage({ server: attach.url, key: 'pk_doesnotexist', token }) });
  const { ws: elsewhere } = await createWidgetWorkspace(attach.ctx, {
    allowedOrigins: ['https://app.other.example'],
  });
  host.set('/wrong-origin', {
    body: hostPage({ server: attach.url, key: elsewhere.publishableKey, token: await userToken(elsewhere) }),
  });
});
afterAll(async () => {
  await browser?.close();
  hanging?.closeAllConnections();
  await new Promise((r) => hanging?.close(r));
  await host?.close();
  await attach?.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.origin + path);
  return { page, errors };
}

const ready = (page: Page) =>
  page.waitForFunction(
    () => (window as unknown as { Attach?: { isReady?(): boolean } }).Attach?.isReady?.() === true,
    null,
    { timeout: 10_000 },
  );

describe('resilience', () => {
  for (const path of ['/down', '/hanging']) {
    it(`${path === '/down' ? 'API down' : 'API hanging'}: nothing shown, no uncaught errors, host buttons keep working`, async () => {
      const { page, errors } = await open(path);
      const started = Date.now();
      await ready(page);
      // A hanging API is given up on after 3 s.
      if (path === '/hanging') expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
      await page.evaluate(() => {
        const a = (window as unknown as { Attach: { track(n: string): void; page(): void } }).Attach;
        a.track('still.works');
        a.page();
      });
      await page.click('#host-button');
      await page.click('#host-button');
      expect(await page.textContent('#clicks')).toBe('2');
      expect(await page.getByRole('region').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('a set-up mistake shows nothing and tells the developer why in the console, once per cause', async () => {
    for (const [path, why] of [
      ['/wrong-key', /Attach: .*publishable key/i],
      ['/wrong-origin', /Attach: Origin http:\/\/\S+ is not in this workspace's allowed origins/],
    ] as const) {
      const page = await browser.newPage();
      const warnings: string[] = [];
      const errors: string[] = [];
      page.on(
        'console',
        (m) => m.type() === 'warning' && m.text().startsWith('Attach:') && warnings.push(m.text()),
      );
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(host.origin + path);
      await ready(page);
      await page.evaluate(() => (window as unknown as { Attach: { page(): void } }).Attach.page());
      await page.waitForTimeout(500);
      expect(warnings, path).toHaveLength(1);
      expect(warnings[0]).toMatch(why);
      expect(await page.getByRole('region').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('events tracked while offline arrive exactly once after reconnection', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.origin}/app`);
    await ready(page);
    await context.setOffline(true);
    await page.evaluate(() => {
      const a = (window as unknown as { Attach: { track(n: string, p: object): void } }).Attach;
      for (let i = 0; i < 5; i++) a.track('offline.test', { i });
    });
    // Let at least one delivery attempt fail while offline.
    await page.waitForTimeout(3_000);
    const count = async () =>
      (
        await attach.ctx.database.rows<{ n: number }>(
          sql`select count(*)::int as n from events where workspace_id = ${ws.workspaceId} and name = 'offline.test'`,
        )
      )[0]?.n ?? 0;
    expect(await count()).toBe(0);
    await context.setOffline(false);
    await expect.poll(count, { timeout: 30_000 }).toBe(5);
    // Leaving the page sends a beacon with anything still queued; nothing arrives twice.
    await page.goto('about:blank');
    await page.waitForTimeout(1_500);
    expect(await count()).toBe(5);
    expect(errors).toEqual([]);
    await context.close();
  });
});
