import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGN_IDS } from '../../../demo/seed/campaigns.ts';
import { launchBrowser } from '../support/browser.ts';
import { type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

/**
 * A copy experiment in the console, on the demo's Automation campaign (it tests a "time back" copy
 * against its own, with history): the editor shows the variant and previews either copy, and
 * Analytics compares the two.
 */
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

describe('copy experiment in the console', () => {
  it('compares each copy with the original on Analytics', async () => {
    await page.goto(`${demo.url}/console/analytics?campaign=${DEMO_CAMPAIGN_IDS.automation}`);
    const card = page.getByRole('region', { name: 'Copy experiment' });
    await card.waitFor();
    const rows = card.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (name: RegExp) =>
      (await card.getByRole('row', { name }).getByRole('cell').allTextContents()).map((t) => t.trim());
    const original = await cells(/^Original/);
    expect(original[0]).toBe('50%');
    expect(original.at(-2)).toBe('baseline');
    const variant = await cells(/^Variant time-back/);
    expect(variant[0]).toBe('50%');
    // Against the original: a difference in points and its interval with a verdict.
    expect(variant.at(-2)).toMatch(/^[+−]\d+(\.\d)? pts$/);
    expect(variant.at(-1)).toMatch(/ pts( significant| not significant| too early to tell)$/);
  });

  it('shows the variant in the editor and previews either copy', async () => {
    await page.goto(`${demo.url}/console/campaigns/${DEMO_CAMPAIGN_IDS.automation}`);
    const variant = page.getByRole('group', { name: 'Variant time-back' });
    await variant.waitFor();
    expect(await variant.getByLabel('Variant key').inputValue()).toBe('time-back');
    expect(await variant.getByLabel('Treated accounts (%)').inputValue()).toBe('50');
    expect(await page.getByText(/^Original copy:/).textContent()).toBe(
      'Original copy: 50% of treated accounts',
    );
    const stage = page.locator('.preview-stage');
    await expect
      .poll(() => stage.getByText('Your team exported reports by hand this week').count())
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Variant time-back', exact: true }).click();
    await expect
      .poll(() => stage.getByText('Get back the 5 hours a week your team spends exporting').count())
      .toBeGreaterThan(0);
  });
});
