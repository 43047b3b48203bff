import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoServer,
  launchChromium,
  SCREENSHOTS,
  seriousAxeViolations,
  signInToConsole,
  startDemoServer,
} from '../support/console-app.ts';

let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [demo, browser] = await Promise.all([startDemoServer(), launchChromium()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const TITLE = 'Your warehouse, synced every 15 minutes';

/** Fills the editor the way a product manager would: a mid-market campaign for Warehouse Sync with a trial. */
async function createCampaign(page: Page): Promise<string> {
  await page.goto(`${demo.url}/console/campaigns/new`);
  await page.getByLabel('Name').fill('Warehouse Sync for mid-market');
  await page.getByLabel('Motion').selectOption('cross_sell_adjacent');
  await page.getByLabel('Priority').fill('100');
  await page.getByLabel('What to offer').selectOption('product');
  await page.getByLabel('Product', { exact: true }).selectOption('warehouse-sync');
  await page.getByLabel('Segments').fill('mid_market');
  await page
    .getByRole('group', { name: 'Owns none of' })
    .getByLabel(/warehouse-sync/)
    .check();
  await page.getByLabel('Offer a guided trial').check();
  await page.getByLabel('Title', { exact: true }).fill(TITLE);
  await page
    .getByLabel('Body')
    .fill('Stop exporting CSVs: **Warehouse Sync** keeps Snowflake and BigQuery in step.');
  await page.getByLabel('Primary button').fill('Start free trial');
  await page.getByLabel('Holdout %').fill('0');
  // The preview is the widget itself, in its shadow root; Playwright locators pierce open shadow roots.
  await expect.poll(() => page.locator('.preview-stage').getByText(TITLE).count()).toBeGreaterThan(0);
  for (const format of ['Banner', 'Modal', 'Inbox card', 'Callout']) {
    await page.getByRole('button', { name: new RegExp(`^${format}`) }).click();
    await expect.poll(() => page.locator('.preview-stage').getByText(TITLE).count()).toBeGreaterThan(0);
  }
  await page.getByRole('button', { name: 'Estimate audience now' }).click();
  await page.getByText('Eligible accounts').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'console-campaign-editor.png') });
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await page.waitForURL(/\/console\/campaigns\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1) ?? '';
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.locator('.status-bar .badge.active').waitFor();
  return id;
}

describe('console and demo, end to end', () => {
  it('sign in → create a campaign for a segment → preview → activate', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInToConsole(page, demo.url, demo.consoleLogin);
    const id = await createCampaign(page);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await page.goto(`${demo.url}/console/campaigns`);
    await expect
      .poll(() => page.getByRole('link', { name: 'Warehouse Sync for mid-market' }).count())
      .toBe(1);
    await page.close();
  }, 180_000);

  it('console pages have no serious axe-core violations at 1280 px and 768 px', async () => {
    for (const width of [1280, 768]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signInToConsole(page, demo.url, demo.consoleLogin);
      for (const route of [
        '',
        'campaigns',
        'campaigns/new',
        'catalog',
        'explain',
        'analytics',
        'webhooks',
        'settings',
        'users',
      ]) {
        await page.goto(`${demo.url}/console/${route}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const violations = await seriousAxeViolations(page);
        expect({ route, width, violations }).toEqual({ route, width, violations: [] });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ route, width, overflow }).toEqual({ route, width, overflow: 0 });
      }
      await page.close();
    }
  }, 240_000);
});
