import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

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

describe('your other console sessions', () => {
  it('lists the browser signed in elsewhere and signs it out from here', async () => {
    const elsewhere = await (
      await browser.newContext({
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      })
    ).newPage();
    await signInToConsole(elsewhere, demo.url, demo.consoleLogin);

    await page.goto(`${demo.url}/console/account`);
    const list = page.getByRole('list', { name: 'Your other sessions' });
    await list.waitFor();
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Firefox on Windows · [\d.:a-f]+ · signed in .* · last used /),
    ]);
    await list.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    await page.getByText('You are signed in here only.').waitFor();

    // That browser's next step asks it to sign in again.
    await elsewhere.getByRole('link', { name: 'Campaigns' }).first().click();
    await elsewhere.getByRole('dialog').getByLabel('Password').waitFor();
  });
});
