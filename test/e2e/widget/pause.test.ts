import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttachServer,
  createWidgetWorkspace,
  startAttachServer,
  userToken,
} from '../support/attach-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { HOST_SCRIPT, type HostSite, hostPage, startHostSite } from '../support/host-page.ts';

/**
 * The host runs its own product tour: it pauses the widget before the script has even loaded
 * (through the single-page-app stub of widget/README.md), and resumes it when the tour ends.
 */
const STUB = `
window.Attach = window.Attach || { q: [] };
['identify', 'track', 'page', 'reset', 'on', 'off', 'show', 'colorScheme', 'pause', 'resume'].forEach((m) => {
  window.Attach[m] = window.Attach[m] || ((...args) => window.Attach.q.push([m, args]));
});
window.Attach.pause();
`;

let attach: AttachServer;
let host: HostSite;
let browser: Browser;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  const { ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] });
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  host.set('/stub.js', { body: STUB, type: 'text/javascript' });
  host.set('/tour', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token: await userToken(ws, 'u-tour', 'admin', 'acme'),
      extraHead: '<script src="/stub.js"></script>',
    }),
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

const hostEvents = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.map((e) => e.name),
  );

describe('pausing the widget in a real browser', () => {
  it('neither decides nor shows while paused; resume decides and shows; pausing again hides it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const decides: string[] = [];
    page.on('request', (r) => r.url().endsWith('/v1/decide') && decides.push(r.url()));
    const pageView = page.waitForResponse((r) => r.url().endsWith('/v1/events'));
    await page.goto(`${host.origin}/tour`);
    // The page view is recorded, but no decision is made: it would spend the campaign's caps on a
    // prompt nobody sees.
    expect((await pageView).status()).toBe(202);
    await page.evaluate(() => window.Attach?.page());
    await page.waitForTimeout(1_000);
    const callout = page.getByRole('region', { name: 'Try Reports Pro' });
    expect(decides).toEqual([]);
    expect(await page.evaluate(() => window.Attach?.isReady())).toBe(false);
    expect(await callout.count()).toBe(0);
    expect(await hostEvents(page)).toEqual([]);

    const decided = page.waitForResponse((r) => r.url().endsWith('/v1/decide'));
    await page.evaluate(() => window.Attach?.resume());
    expect((await decided).status()).toBe(200);
    await callout.waitFor();
    await expect.poll(() => hostEvents(page)).toEqual(['shown']);
    expect(decides).toHaveLength(1);

    await page.evaluate(() => window.Attach?.pause());
    await callout.waitFor({ state: 'detached' });
    // Resuming with no page held back shows the decided message again without deciding anew.
    await page.evaluate(() => window.Attach?.resume());
    await callout.waitFor();
    expect(decides).toHaveLength(1);
    expect(await hostEvents(page)).toEqual(['shown']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
