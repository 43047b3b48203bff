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
  /** A workspace whose one campaign has this presentation, and a page of it for a fresh user. */
  const site = async (
    path: string,
    presentation: Record<string, unknown>,
    body: string,
    { locale, ...campaign }: Record<string, unknown> = {},
  ) => {
    const { ws } = await createWidgetWorkspace(attach.ctx, {
      allowedOrigins: [host.origin],
      campaign: { presentation, ...campaign },
    });
    const token = await userToken(ws, `u${path.replace(/\W/g, '-')}`);
    const page = hostPage({ server: attach.url, key: ws.publishableKey, token, body });
    const lang = locale ? `data-locale="${locale}" ` : '';
    host.set(path, { body: page.replace('data-key=', `${lang}data-key=`) });
  };
  const content = '<p id="after">Host content</p>';
  await site(
    '/docked',
    { format: 'banner', placement: 'top' },
    `<div data-attach-slot="top"></div>${content}`,
  );
  await site('/bottom-banner', { format: 'banner', position: 'bottom' }, content);
  await site('/top-left', { format: 'callout', position: 'top-left' }, content);
  await site('/default-callout', { format: 'callout' }, content);
  await site('/rtl-banner', { format: 'banner' }, content, { locale: 'ar' });
  await site('/phone-trial', { format: 'callout' }, content);
  // Copy a product manager may well write: a long body, and a German compound with no break in it.
  await site('/long-copy', { format: 'callout' }, content, {
    content: {
      en: {
        title: 'Versicherungsvertragsbedingungsänderungsbenachrichtigung',
        body: Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long explanation.`).join('\n\n'),
        primaryLabel: 'Rechtsschutzversicherungsgesellschaften',
      },
    },
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
  // No entrance animation: boxes are measured where they rest.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(host.origin + path);
  return { page, errors };
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not rendered`);
  return b;
};

describe('where a message shows, in a real browser', () => {
  it('docks in the slot its placement names: in flow, pushing the host content down, and still counted as shown', async () => {
    const { page, errors } = await open('/docked');
    const banner = page.getByRole('region', { name: 'Try Reports Pro' });
    await banner.waitFor();
    // In flow and in the page's stacking order: the host's own menus and dialogs can cover it.
    expect(await banner.evaluate((el) => getComputedStyle(el).position)).toBe('relative');
    expect(await banner.evaluate((el) => getComputedStyle(el).zIndex)).toBe('auto');
    const [bannerBox, slot, after, heading] = await Promise.all([
      banner.boundingBox(),
      box(page, '[data-attach-slot="top"]'),
      box(page, '#after'),
      box(page, 'h1'),
    ]);
    expect(bannerBox?.y).toBe(slot.y);
    expect(bannerBox?.height).toBeGreaterThan(20);
    // The banner takes its own room: the host's heading above stays clear, its content below moves.
    expect(bannerBox?.y ?? 0).toBeGreaterThanOrEqual(heading.y + heading.height);
    expect(after.y).toBeGreaterThanOrEqual((bannerBox?.y ?? 0) + (bannerBox?.height ?? 0));
    // Its close button stays inside it, not pinned to the viewport's corner over the host's header.
    const close = await banner.getByRole('button', { name: 'Close' }).boundingBox();
    expect(close?.y).toBeGreaterThanOrEqual(bannerBox?.y ?? 0);
    expect((close?.y ?? 0) + (close?.height ?? 0)).toBeLessThanOrEqual(
      (bannerBox?.y ?? 0) + (bannerBox?.height ?? 0),
    );
    await page.waitForFunction(() =>
      (window as unknown as { hostEvents: Array<{ name: string }> }).hostEvents.some(
        (e) => e.name === 'shown',
      ),
    );
    await banner.getByRole('button', { name: 'Not now' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a banner positioned at the bottom is fixed along the bottom edge of the window', async () => {
    const { page, errors } = await open('/bottom-banner');
    const banner = page.getByRole('region', { name: 'Try Reports Pro' });
    await banner.waitFor();
    const b = await banner.boundingBox();
    const view = page.viewportSize();
    expect(b && view && Math.round(b.y + b.height)).toBe(view?.height);
    expect(b?.width).toBe(view?.width);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a callout goes to the corner it is given; bottom right by default', async () => {
    const corner = async (path: string) => {
      const { page, errors } = await open(path);
      const callout = page.getByRole('region', { name: 'Try Reports Pro' });
      await callout.waitFor();
      const b = await callout.boundingBox();
      const view = page.viewportSize();
      expect(errors).toEqual([]);
      await page.close();
      if (!b || !view) throw new Error('no box');
      return {
        left: Math.round(b.x),
        top: Math.round(b.y),
        right: Math.round(view.width - b.x - b.width),
        bottom: Math.round(view.height - b.y - b.height),
      };
    };
    expect(await corner('/top-left')).toMatchObject({ left: 16, top: 16 });
    expect(await corner('/default-callout')).toMatchObject({ right: 16, bottom: 16 });
  });

  it('long copy on a small screen stays inside the window: the callout scrolls, long words wrap', async () => {
    const { page, errors } = await open('/long-copy');
    await page.setViewportSize({ width: 375, height: 560 });
    const callout = page.getByRole('region', { name: /^Versicherungs/ });
    await callout.waitFor();
    const b = await callout.boundingBox();
    if (!b) throw new Error('callout not rendered');
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height).toBeLessThanOrEqual(560);
    expect(b.x + b.width).toBeLessThanOrEqual(375);
    // Nothing inside is wider than the card, and the close button is in view.
    const overflow = await callout.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBe(0);
    expect(await callout.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const close = await callout.getByRole('button', { name: 'Close' }).boundingBox();
    expect(close?.y).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a banner in a right-to-left UI keeps its close button clear of its actions', async () => {
    const { page, errors } = await open('/rtl-banner');
    await page.setViewportSize({ width: 700, height: 600 });
    const close = await box(page, '.banner button.x');
    const later = await box(page, '.banner button.t');
    // The × sits at the inline end, which is the left in RTL; the padding reserved for it is there too.
    expect(close.x).toBeLessThan(later.x);
    expect(close.x + close.width).toBeLessThanOrEqual(later.x);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a phone the trial checklist sits at the top, inside the window, clear of callouts at the bottom', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${host.origin}/phone-trial`);
    await page.getByRole('button', { name: 'Start free trial' }).click();
    // Just started, the checklist opens to guide; on a phone, from the top and scrolling inside the window.
    const panel = page.getByRole('region', { name: 'Trial: Reports Pro' });
    await panel.waitFor();
    const p = await panel.boundingBox();
    expect(p?.y).toBeLessThan(100);
    expect((p?.y ?? 0) + (p?.height ?? 0)).toBeLessThanOrEqual(667);
    await page.getByRole('button', { name: 'Hide' }).click();
    const pill = page.getByRole('button', { name: /Reports Pro/, expanded: false });
    await pill.waitFor();
    expect((await pill.boundingBox())?.y).toBeLessThan(100);
    expect(errors).toEqual([]);
    await page.close();
    // Another phone (no choice remembered): the running trial starts collapsed; a wide screen, open.
    for (const [width, collapsed] of [
      [375, true],
      [1280, false],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 667 } });
      const other = await context.newPage();
      await other.goto(`${host.origin}/phone-trial`);
      const toggle = other.getByRole('button', {
        name: collapsed ? /Reports Pro/ : 'Hide',
        expanded: !collapsed,
      });
      await toggle.waitFor();
      await context.close();
    }
  });
});
