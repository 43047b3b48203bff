import { fileURLToPath } from 'node:url';
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

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

let attach: AttachServer;
let host: HostSite;
let browser: Browser;
let ws: WorkspaceCredentials;

beforeAll(async () => {
  [attach, host, browser] = await Promise.all([startAttachServer(), startHostSite(), launchBrowser()]);
  ({ ws } = await createWidgetWorkspace(attach.ctx, { allowedOrigins: [host.origin] }));
  // One user per page: the workspace's daily prompt cap per user must not hide the callout.
  const page = async (sub: string) =>
    hostPage({ server: attach.url, key: ws.publishableKey, token: await userToken(ws, sub) });
  host.set('/host.js', { body: HOST_SCRIPT, type: 'text/javascript' });
  host.set('/red.css', {
    // Inherited text properties too, set without !important: they reach the shadow host itself.
    body:
      '* { color: red !important; font-family: serif !important; font-size: 30px !important; background: yellow !important;' +
      ' white-space: nowrap; letter-spacing: 2px; word-spacing: 9px; text-transform: uppercase; text-align: center;' +
      ' text-indent: 20px; line-height: 3; font-style: italic; cursor: wait }',
    type: 'text/css',
  });
  host.set('/plain', { body: await page('u-plain') });
  host.set('/red', {
    body: (await page('u-red')).replace('<title>', '<link rel="stylesheet" href="/red.css"><title>'),
  });
  host.set('/axe', { body: await page('u-axe') });
  host.set('/csp', {
    body: await page('u-csp'),
    headers: {
      'content-security-policy': `default-src 'none'; script-src 'self' ${attach.url}; connect-src ${attach.url}; style-src 'self'; img-src https:; base-uri 'none'; form-action 'none'`,
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
  // Registered before any page script runs; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(host.origin + path);
  return { page, errors };
}

const callout = (page: Page) => page.getByRole('region', { name: 'Try Reports Pro' });

describe('the widget on someone else’s page', () => {
  it('shows under a strict CSP (no unsafe-inline, no unsafe-eval) with zero violations, dialogs included', async () => {
    const { page, errors } = await open('/csp');
    await callout(page).waitFor();
    await callout(page).getByRole('button', { name: 'Buy now' }).click();
    await page.getByRole('dialog', { name: 'Confirm your purchase' }).waitFor();
    // Styles applied: the primary button is painted with the theme colour, not the UA default.
    const bg = await page
      .getByRole('button', { name: 'Confirm purchase' })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(79, 70, 229)');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('host CSS on every element (`* { color: red !important; white-space: nowrap … }`) leaves the widget unchanged', async () => {
    const styles = async (path: string) => {
      const { page } = await open(path);
      await callout(page).waitFor();
      const read = (sel: string) =>
        callout(page)
          .locator(sel)
          .first()
          .evaluate((el) => {
            const s = getComputedStyle(el);
            return {
              color: s.color,
              font: s.fontFamily,
              size: s.fontSize,
              bg: s.backgroundColor,
              text: [
                s.whiteSpace,
                s.letterSpacing,
                s.wordSpacing,
                s.textTransform,
                s.textAlign,
                s.textIndent,
              ],
              line: [s.lineHeight, s.fontStyle, s.cursor],
            };
          });
      const result = {
        title: await read('h2'),
        body: await read('p'),
        button: await read('button.p'),
        card: await read(':scope'),
      };
      await page.close();
      return result;
    };
    const plain = await styles('/plain');
    const red = await styles('/red');
    expect(red).toEqual(plain);
    expect(plain.title.color).not.toBe('rgb(255, 0, 0)');
  });

  it('axe-core finds no serious or critical violations in the widget (callout and purchase dialog)', async () => {
    const { page } = await open('/axe');
    await callout(page).waitFor();
    await page.addScriptTag({ path: AXE });
    // Let the 0.2 s entrance animation (opacity) finish, as a reader would see it.
    const settle = () => page.waitForTimeout(500);
    await settle();
    const audit = () =>
      page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                ctx: unknown,
                opts: unknown,
              ): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
            };
          }
        ).axe;
        const res = await axe.run({ include: [['attach-root']] }, { resultTypes: ['violations'] });
        return res.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.nodes.length})`);
      });
    expect(await audit()).toEqual([]);
    await callout(page).getByRole('button', { name: 'Buy now' }).click();
    await page.getByRole('dialog', { name: 'Confirm your purchase' }).waitFor();
    await settle();
    expect(await audit()).toEqual([]);
    // Keyboard: Escape closes the dialog and focus comes back to the page.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.close();
  });
});
