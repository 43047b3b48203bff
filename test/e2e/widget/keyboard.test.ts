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
  const { ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] });
  // One account per page: the purchase on one must not hide the prompt on another.
  for (const [path, account] of [
    ['/escape', 'acme'],
    ['/backdrop', 'warm-up'],
    ['/confirm', 'globex'],
    ['/later', 'acme'],
    ['/esc-callout', 'acme'],
  ] as const) {
    const token = await userToken(ws, `kb${path.slice(1)}`, 'admin', account);
    host.set(path, { body: hostPage({ server: attach.url, key: ws.publishableKey, token }) });
  }
  const light = await userToken(ws, 'kb-scheme', 'admin', 'acme');
  host.set('/scheme-light', {
    body: hostPage({
      server: attach.url,
      key: ws.publishableKey,
      token: light,
      scriptAttrs: 'data-color-scheme="light"',
    }),
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await attach?.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.origin + path);
  await page.getByRole('region', { name: 'Try Reports Pro' }).waitFor();
  return { page, errors };
}

/** The text of the focused element, looking into shadow roots; "BODY" when focus is on the page. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el === document.body ? 'BODY' : (el?.textContent ?? el?.tagName ?? null);
  });

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Confirm your purchase' });

async function openPurchase(page: Page) {
  await page.getByRole('button', { name: 'Buy now' }).focus();
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
}

describe('the purchase dialog with the keyboard, in a real browser', () => {
  it('Escape closes it and focus returns to the button that opened it', async () => {
    const { page, errors } = await open('/escape');
    await openPurchase(page);
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('Buy now');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after a click on the backdrop, Tab comes back into the dialog and Escape still closes it', async () => {
    const { page, errors } = await open('/backdrop');
    await openPurchase(page);
    await page.mouse.click(4, 4);
    await page.keyboard.press('Tab');
    expect(
      await dialog(page).evaluate((d) =>
        d.contains(
          d.getRootNode() instanceof ShadowRoot ? (d.getRootNode() as ShadowRoot).activeElement : null,
        ),
      ),
    ).toBe(true);
    await page.mouse.click(4, 4);
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after confirming, focus is on Done (not lost on the page) and Escape closes the dialog', async () => {
    const { page, errors } = await open('/confirm');
    await openPurchase(page);
    await dialog(page).getByRole('button', { name: 'Confirm purchase' }).focus();
    await page.keyboard.press('Enter');
    // Done, the dialog is titled with the product it bought.
    const done = page.getByRole('dialog', { name: 'Reports Pro' });
    await done.getByRole('button', { name: 'Done' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Done');
    await page.keyboard.press('Escape');
    await done.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in dark mode the focus ring is the light accent, visible on the dark card whatever the theme', async () => {
    const page = await browser.newPage({ colorScheme: 'dark' });
    await page.goto(`${host.origin}/backdrop`);
    const buy = page.getByRole('button', { name: 'Buy now' });
    await buy.waitFor();
    await buy.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await buy.evaluate((el) => getComputedStyle(el).outlineColor)).toBe('rgb(165, 180, 252)');
    await page.close();
  });

  it("follows the host's own light or dark theme over the OS's when told (script tag or Attach.colorScheme)", async () => {
    const page = await browser.newPage({ colorScheme: 'dark' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.origin}/scheme-light`);
    const callout = page.getByRole('region', { name: 'Try Reports Pro' });
    await callout.waitFor();
    const background = () => callout.evaluate((el) => getComputedStyle(el).backgroundColor);
    // A light app on a dark OS: data-color-scheme="light" keeps the prompt light.
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => window.Attach?.colorScheme('dark'));
    await expect.poll(background).toBe('rgb(29, 33, 48)');
    await page.evaluate(() => window.Attach?.colorScheme('auto'));
    await expect.poll(background).toBe('rgb(29, 33, 48)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('closing the callout from the keyboard puts focus back where it was on the page', async () => {
    for (const [path, close] of [
      ['/later', 'Enter on Not now'],
      ['/esc-callout', 'Escape'],
    ] as const) {
      const { page, errors } = await open(path);
      await page.locator('#host-button').focus();
      await page.getByRole('button', { name: close === 'Escape' ? 'Buy now' : 'Not now' }).focus();
      await page.keyboard.press(close === 'Escape' ? 'Escape' : 'Enter');
      await page.getByRole('region', { name: 'Try Reports Pro' }).waitFor({ state: 'detached' });
      expect(await focused(page), close).toBe('Host button');
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
