import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProvider, startOidcProvider } from '../../support/oidc-provider.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations, type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

/**
 * An owner sets up single sign-on with the company's identity provider, and a colleague who has
 * no console user yet signs in with it from the workspace's sign-in link, in a real browser.
 */
let demo: DemoServer;
let idp: OidcProvider;
let browser: Browser;
let owner: Page;

beforeAll(async () => {
  [demo, idp, browser] = await Promise.all([startDemoServer(), startOidcProvider(), launchBrowser()]);
  owner = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInToConsole(owner, demo.url, demo.consoleLogin);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await demo?.stop();
});

describe('single sign-on in a real browser', () => {
  let signInLink = '';

  it('an owner sets it up on the Users page', async () => {
    await owner.goto(`${demo.url}/console/users`);
    const card = owner.getByRole('region', { name: 'Single sign-on' });
    expect(await card.getByLabel('Redirect URI').inputValue()).toBe(`${demo.url}/v1/console/sso/callback`);
    const form = owner.getByRole('form', { name: 'Set up single sign-on' });
    await form.getByLabel('Issuer URL').fill(idp.issuer);
    await form.getByLabel('Client ID').fill(idp.clientId);
    await form.getByLabel('Client secret').fill(idp.clientSecret);
    await form.getByLabel('Email domains').fill('sso-people.test');
    await form.getByRole('button', { name: 'Save single sign-on' }).click();
    await owner.getByText('Single sign-on saved.').waitFor();
    signInLink = await card.getByLabel('Sign-in link').inputValue();
    expect(signInLink).toMatch(new RegExp(`^${demo.url}/v1/console/sso/start\\?workspace=`));
    expect(await axeViolations(owner)).toEqual([]);
  });

  it('a colleague without a console user signs in from the sign-in link and gets one', async () => {
    idp.signInAs({ sub: 'idp-42', email: 'dana@sso-people.test', email_verified: true, name: 'Dana' });
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(signInLink);
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    await page.getByText('dana@sso-people.test · viewer').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    expect(errors).toEqual([]);

    await owner.reload();
    await owner.getByRole('row', { name: /dana@sso-people\.test/ }).waitFor();
  });

  it('someone the settings do not let in comes back to the sign-in page, told why', async () => {
    idp.signInAs({ sub: 'idp-43', email: 'eve@elsewhere.test', email_verified: true });
    const page = await (await browser.newContext()).newPage();
    await page.goto(signInLink);
    await page.getByRole('alert').filter({ hasText: 'Ask an owner to add you' }).waitFor();
    // The reason is read once: the address no longer carries it.
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
  });
});
