import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations, type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';
import { setUpTwoStep } from '../support/two-step.ts';

let demo: DemoServer;
let browser: Browser;
let owner: Page;
const colleague = { email: 'analyst@acme.test', password: 'analyst-password-1' };

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  owner = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInToConsole(owner, demo.url, demo.consoleLogin);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const requirement = (page: Page) => page.getByLabel('Require two-step sign-in of every console user');

describe('an owner requiring two-step sign-in of everyone', () => {
  let colleaguePage: Page;

  it('needs two-step sign-in of their own first', async () => {
    await owner.goto(`${demo.url}/console/users`);
    const add = owner.getByRole('form', { name: 'Add a console user' });
    await add.getByLabel('Email').fill(colleague.email);
    await add.getByLabel('Initial password').fill(colleague.password);
    await add.getByRole('button', { name: 'Add user' }).click();
    await owner.getByRole('row', { name: new RegExp(colleague.email) }).waitFor();
    // A colleague already at work in the console when the rule comes in.
    colleaguePage = await (await browser.newContext()).newPage();
    await signInToConsole(colleaguePage, demo.url, colleague);

    expect(await requirement(owner).isDisabled()).toBe(true);
    expect(await owner.getByText('Turn on two-step sign-in for yourself first').count()).toBe(1);
    await owner.goto(`${demo.url}/console/account`);
    await setUpTwoStep(owner, demo.consoleLogin.password);
  });

  it('holds everyone without it on the setup page until they have it, open consoles included', async () => {
    await owner.goto(`${demo.url}/console/users`);
    owner.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(colleague.email);
      dialog.accept();
    });
    await requirement(owner).check();
    await owner.getByText('Two-step sign-in is now required of everyone.').waitFor();
    await expect.poll(() => requirement(owner).isChecked()).toBe(true);

    // The colleague's next step in their open console lands on the setup page, nothing else.
    await colleaguePage.getByRole('link', { name: 'Campaigns' }).first().click();
    await colleaguePage.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    expect(await colleaguePage.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
    expect(await axeViolations(colleaguePage)).toEqual([]);

    const { codes } = await setUpTwoStep(colleaguePage, colleague.password);
    // Still here, so the recovery codes can be kept; on when they choose.
    expect(await codes.getByRole('listitem').count()).toBe(10);
    expect(await colleaguePage.getByRole('button', { name: 'Turn off two-step sign-in' }).count()).toBe(0);
    await colleaguePage.getByRole('button', { name: 'Continue to the console' }).click();
    await colleaguePage.getByRole('navigation', { name: 'Console' }).waitFor();

    await owner.reload();
    const row = owner.getByRole('row', { name: new RegExp(colleague.email) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toContain('On');
    await owner.getByText('Everyone has two-step sign-in on.').waitFor();
  });
});
