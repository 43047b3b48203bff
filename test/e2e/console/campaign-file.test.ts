import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGN_IDS } from '../../../demo/seed/campaigns.ts';
import { CAMPAIGN_FILE_FORMAT, CampaignFile } from '../../../shared/campaign-file.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations, type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

let demo: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signInToConsole(page, demo.url, demo.consoleLogin);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('campaign files', () => {
  it('exports a campaign as a file that the campaigns list imports into the editor, saved as a new draft', async () => {
    await page.goto(`${demo.url}/console/campaigns/${DEMO_CAMPAIGN_IDS.capacity}`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('capacity-pack-at-85-of-a-quota.campaigns.json');
    const path = await download.path();
    const file = CampaignFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(file).toMatchObject({
      format: CAMPAIGN_FILE_FORMAT,
      campaigns: [
        {
          id: DEMO_CAMPAIGN_IDS.capacity,
          campaign: { name: 'Capacity Pack at 85% of a quota', target: { productKey: 'capacity-pack' } },
        },
      ],
    });

    await page.goto(`${demo.url}/console/campaigns`);
    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import from file' }).click();
    await (await choosing).setFiles(path);
    await page.getByText('Imported Capacity Pack at 85% of a quota from the workspace').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(
      'Capacity Pack at 85% of a quota',
    );
    expect(await page.getByLabel('Product', { exact: true }).inputValue()).toBe('capacity-pack');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Created as a draft.').waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();
    expect(id).not.toBe(DEMO_CAMPAIGN_IDS.capacity);
    expect(await page.locator('.status-bar .badge').first().textContent()).toBe('draft');
  }, 90_000);

  it('exports every campaign from the list, and imports the file as drafts of them all', async () => {
    await page.goto(`${demo.url}/console/campaigns`);
    const rows = page.getByRole('region', { name: 'Campaigns' }).locator('tbody tr');
    await rows.first().waitFor();
    const before = await rows.count();
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export to a file' }).click();
    const path = await (await downloading).path();
    const file = CampaignFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(file.campaigns.length).toBeGreaterThan(1);

    const choosing = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import from file' }).click();
    await (await choosing).setFiles(path);
    const table = page.getByRole('region', { name: 'Campaigns in the file' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(file.campaigns.length);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Create ${file.campaigns.length} drafts` }).click();
    await page.getByText(`Imported ${file.campaigns.length} campaigns as drafts.`).waitFor();
    await expect.poll(() => rows.count()).toBe(before + file.campaigns.length);
  }, 90_000);
});
