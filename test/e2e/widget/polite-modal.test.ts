import type { Browser } from 'playwright-core';
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
    campaign: { presentation: { format: 'modal' } },
  });
  const token = await userToken(ws, 'typist', 'admin', 'acme');
  host.set('/form', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token,
      body: '<label>Notes <input id="notes" autofocus></label>',
    }),
  });
  // The host's own checkout, opened as a modal <dialog> as the page loads.
  host.set('/checkout', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token: await userToken(ws, 'buyer', 'admin', 'globex'),
      body:
        '<dialog id="checkout" aria-label="Checkout"><p>Pay for your plan</p><button id="pay" type="button">Pay</button></dialog>' +
        '<script src="/checkout.js"></script>',
    }),
  });
  host.set('/checkout.js', {
    type: 'text/javascript',
    body:
      "var d = document.getElementById('checkout'); d.showModal();" +
      "document.getElementById('pay').addEventListener('click', function () { d.close(); });",
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

describe('a modal campaign in a real browser', () => {
  it('does not open while the person types in a field, and takes none of their keys', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let decidedAt = Number.POSITIVE_INFINITY;
    page.on('response', (r) => {
      if (r.url().endsWith('/v1/decide')) decidedAt = Date.now();
    });
    await page.goto(`${host.origin}/form`);
    const text = 'Quarterly numbers for the board, draft two';
    await page.keyboard.type(text, { delay: 120 });
    const typedAt = Date.now();
    const modal = page.getByRole('dialog', { name: 'Try Reports Pro' });
    // The decision came while they typed: the modal was ready and held back.
    expect(decidedAt).toBeLessThan(typedAt - 1000);
    expect(await modal.count()).toBe(0);
    expect(await page.locator('#notes').inputValue()).toBe(text);
    expect(await page.evaluate(() => (window as unknown as { hostEvents: unknown[] }).hostEvents)).toEqual(
      [],
    );

    // Two seconds after the last key it opens, takes focus, and only now counts as seen.
    await modal.waitFor();
    expect(Date.now() - typedAt).toBeGreaterThanOrEqual(1500);
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.map((e) => e.name),
        ),
      )
      .toEqual(['shown']);
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('notes');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('does not open over the host page’s own modal dialog, and opens once it closes', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const decided = page.waitForResponse((r) => r.url().endsWith('/v1/decide'));
    await page.goto(`${host.origin}/checkout`);
    await decided;
    const modal = page.getByRole('dialog', { name: 'Try Reports Pro' });
    // Well past the decision, the checkout is still what the person sees.
    await page.waitForTimeout(1500);
    expect(await modal.count()).toBe(0);
    await page.getByRole('button', { name: 'Pay' }).click();
    await modal.waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
