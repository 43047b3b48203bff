import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';
import { appCode, setUpTwoStep } from '../support/two-step.ts';

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

describe('two-step sign-in in the console', () => {
  it('is turned on with an app under Your account, then asked for after the password', async () => {
    await page.goto(`${demo.url}/console/account`);
    const { secret, codes } = await setUpTwoStep(page, demo.consoleLogin.password);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await codes.getByRole('listitem').count()).toBe(10);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('Email').fill(demo.consoleLogin.email);
    await page.getByLabel('Password').fill(demo.consoleLogin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    // The confirming code was taken: the app's next one signs in.
    await code.fill(appCode(secret, 1));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();

    await page.goto(`${demo.url}/console/users`);
    const row = page.getByRole('row', { name: new RegExp(demo.consoleLogin.email) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toContain('On');
  });
});
