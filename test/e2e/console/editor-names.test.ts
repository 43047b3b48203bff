import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGN_IDS } from '../../../demo/seed/campaigns.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations, type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

let demo: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInToConsole(page, demo.url, demo.consoleLogin);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The values the browser offers for an input: the options of the datalist it names. */
async function suggestions(input: ReturnType<Page['getByLabel']>): Promise<string[]> {
  const list = await input.getAttribute('list');
  if (!list) return [];
  return page
    .locator(`datalist[id="${list}"] option`)
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
}

/** The text of the elements an input's aria-describedby names, as a screen reader reads it. */
function description(input: ReturnType<Page['getByLabel']>): Promise<string> {
  return input.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

describe('names in the campaign editor', () => {
  it('suggests the event names the workspace has sent and flags one nothing has sent', async () => {
    await page.goto(`${demo.url}/console/campaigns/${DEMO_CAMPAIGN_IDS.automation}`);
    const event = page.getByLabel('Event', { exact: true });
    await event.waitFor();
    await expect.poll(() => suggestions(event)).toContain('report.exported');

    await event.fill('report.exportd');
    const warning = page.getByText('No “report.exportd” event has been received yet: check the name.');
    await warning.waitFor();
    expect(await description(event)).toContain('No “report.exportd” event has been received yet');
    expect(await axeViolations(page)).toEqual([]);

    await event.fill('report.exported');
    await expect.poll(() => warning.count()).toBe(0);
    expect(await description(event)).not.toContain('has been received');
  }, 60_000);

  it('completes the segment being typed in a list and flags a segment no account is in', async () => {
    await page.goto(`${demo.url}/console/campaigns/${DEMO_CAMPAIGN_IDS.automation}`);
    const segments = page.getByLabel('Segments', { exact: true }).first();
    await segments.waitFor();
    await segments.fill('smb, mid');
    await expect.poll(() => suggestions(segments)).toEqual(['smb, mid_market']);

    await segments.fill('smb, enterprize');
    await page.getByText('No account has been synced in segment “enterprize”: check the name.').waitFor();
    expect(await page.getByText('segment “smb”').count()).toBe(0);
  }, 60_000);
});
