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

let attach: AttachServer;
let host: HostSite;
let browser: Browser;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  const { ws } = await createWidgetWorkspace(attach.ctx, {
    allowedOrigins: [host.origin],
    campaign: { presentation: { format: 'inline', placement: 'billing' } },
  });
  // An SPA section: the slot is re-rendered in place, or only rendered once a tab opens.
  const page = async (path: string, body: string) =>
    host.set(path, {
      body: hostPage({
        server: attach.url,
        key: ws.publishableKey,
        token: await userToken(ws, `u${path.slice(1)}`),
        body,
      }),
    });
  await page('/rerender', '<main id="app"><div data-attach-slot="billing"></div></main>');
  // A framework that turns an element it already rendered into a slot (no node added).
  await page('/attribute', '<main id="app"><div id="panel"></div></main>');
  // A slot name decide would refuse (over 64 characters) must not cost the page its decision.
  await page(
    '/later',
    `<main id="app"><p>Settings</p><div data-attach-slot="${'x'.repeat(65)}"></div></main>`,
  );
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

/** The page, its uncaught errors, and the decide calls it made (their request bodies). */
async function open(
  path: string,
): Promise<{ page: Page; errors: string[]; decides: Array<Record<string, unknown>> }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const decides: Array<Record<string, unknown>> = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/decide') && r.method() === 'POST') decides.push(r.postDataJSON());
  });
  await page.goto(host.origin + path);
  await page.waitForFunction(() =>
    (window as unknown as { Attach?: { isReady(): boolean } }).Attach?.isReady(),
  );
  return { page, errors, decides };
}

const card = (page: Page) =>
  page.locator('[data-attach-slot="billing"]').getByRole('region', { name: 'Try Reports Pro' });

describe('slots an SPA renders after the decision, in a real browser', () => {
  it('a slot re-created by a re-render gets its message again, without a new decision', async () => {
    const { page, errors, decides } = await open('/rerender');
    await card(page).waitFor();
    // The framework replaces the slot element (same name) without a route change.
    await page.evaluate(() => {
      const app = document.getElementById('app');
      if (app) app.innerHTML = '<div data-attach-slot="billing"></div><p>re-rendered</p>';
    });
    await card(page).waitFor();
    expect(await page.locator('[data-attach-slot="billing"]').count()).toBe(1);
    // Unrelated DOM churn neither repaints into nor re-decides anything.
    await page.evaluate(() => {
      for (let i = 0; i < 20; i++)
        document.body.append(Object.assign(document.createElement('p'), { textContent: `row ${i}` }));
    });
    await page.waitForTimeout(300);
    expect(decides).toHaveLength(1);
    expect(await card(page).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a slot that appears later is decided for on its own, once, and its message drawn', async () => {
    // A query string can carry secrets (a reset link's token): the widget sends the path alone.
    const { page, errors, decides } = await open('/later?reset_token=s3cret#section');
    expect(decides).toEqual([expect.objectContaining({ placement: 'global', slots: [] })]);
    expect(decides[0]?.page).toEqual({ path: '/later' });
    expect(JSON.stringify(decides)).not.toContain('s3cret');
    expect(await card(page).count()).toBe(0);
    // A tab opens: the host renders the slot without a route change.
    await page.evaluate(() => {
      document
        .getElementById('app')
        ?.insertAdjacentHTML('beforeend', '<div id="tab"><div data-attach-slot="billing"></div></div>');
    });
    await card(page).waitFor();
    expect(decides).toHaveLength(2);
    expect(decides[1]).toMatchObject({ placement: 'billing', slots: [] });
    // Closing and reopening the tab redraws the decided message; it does not ask again.
    await page.evaluate(() => document.getElementById('tab')?.remove());
    await card(page).waitFor({ state: 'detached' });
    await page.evaluate(() => {
      document
        .getElementById('app')
        ?.insertAdjacentHTML('beforeend', '<div id="tab"><div data-attach-slot="billing"></div></div>');
    });
    await card(page).waitFor();
    expect(decides).toHaveLength(2);
    await page.waitForFunction(() =>
      (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.some(
        (e) => e.name === 'shown',
      ),
    );
    expect(errors).toEqual([]);
    await page.close();
  });
  it('an element that becomes a slot by gaining the attribute is decided for and drawn', async () => {
    const { page, errors, decides } = await open('/attribute');
    expect(decides).toHaveLength(1);
    await page.evaluate(() => document.getElementById('panel')?.setAttribute('data-attach-slot', 'billing'));
    await card(page).waitFor();
    expect(decides).toHaveLength(2);
    expect(decides[1]).toMatchObject({ placement: 'billing' });
    // Other attributes of the page changing do not ask again.
    await page.evaluate(() => {
      for (let i = 0; i < 10; i++) document.getElementById('app')?.setAttribute('data-state', String(i));
    });
    await page.waitForTimeout(300);
    expect(decides).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a slot rendered while its route is being decided keeps its message when the slower page answer lands', async () => {
    const { page, errors, decides } = await open('/later');
    // The page's decision comes back late (a slow network), the slot's at once.
    await page.route('**/v1/decide', async (route) => {
      const response = await route.fetch();
      if (route.request().postDataJSON()?.placement === 'global')
        await new Promise((r) => setTimeout(r, 1_500));
      await route.fulfill({ response });
    });
    // A router changes the route, then renders the new route's slot.
    await page.evaluate(() => {
      history.pushState({}, '', '/later?tab=billing');
      document
        .getElementById('app')
        ?.insertAdjacentHTML('beforeend', '<div data-attach-slot="billing"></div>');
    });
    await card(page).waitFor();
    await expect.poll(() => decides.length).toBe(3);
    await page.waitForTimeout(2_000);
    expect(await card(page).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
