import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGN_IDS } from '../../../demo/seed/campaigns.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations, type DemoServer, signInToConsole, startDemoServer } from '../support/console-app.ts';

let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  await sendSkippedSegmentMessage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/**
 * A Segment message Attach skips (it names no account), so the Overview opens Segment's details on
 * the skipped messages' table and the checks below cover it too.
 */
async function sendSkippedSegmentMessage() {
  const session = await fetch(`${demo.url}/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demo.consoleLogin),
  });
  expect(session.status).toBe(200);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await fetch(`${demo.url}/v1/admin/integrations/segment`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.headers.get('set-cookie')?.split(';')[0] ?? '',
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({ type: 'track', messageId: 'e2e-skipped', event: 'Report Exported', userId: 'u' }),
  });
  expect(await res.json()).toMatchObject({ skipped: [{ messageId: 'e2e-skipped', reason: 'no_account' }] });
}

/** Every page behind sign-in, with the data that fills it: an existing campaign, an explained account. */
const ROUTES = [
  '',
  'campaigns',
  'campaigns/templates',
  'campaigns/new',
  `campaigns/${DEMO_CAMPAIGN_IDS.capacity}`,
  // A campaign testing copy: the variants section and the copy picker of the preview.
  `campaigns/${DEMO_CAMPAIGN_IDS.automation}`,
  'catalog',
  'accounts?id=acct_power',
  'explain?account=acct_power',
  'analytics',
  // Its copy experiment card under the funnel.
  `analytics?campaign=${DEMO_CAMPAIGN_IDS.automation}`,
  'pipeline',
  'webhooks',
  'api-keys',
  'settings',
  'audit',
  'users',
  'account',
];

/** Visits the sign-in page, then every console page, calling `check` once each page has settled. */
async function eachPage(width: number, height: number, check: (page: Page, route: string) => Promise<void>) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${demo.url}/console/`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await check(page, 'sign-in');
  await signInToConsole(page, demo.url, demo.consoleLogin);
  for (const route of ROUTES) {
    await page.goto(`${demo.url}/console/${route}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await check(page, route);
  }
  await page.close();
}

/** How far the page itself scrolls sideways; a table scrolling inside its own region does not count. */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

// Soft expectations, so one run lists every page that fails rather than only the first.
describe('console accessibility', () => {
  it('no page has a moderate, serious or critical axe-core violation, nor scrolls sideways, at 1280 px and 768 px', async () => {
    for (const width of [1280, 768]) {
      await eachPage(width, 900, async (page, route) => {
        // The Overview opened Segment's details on the message skipped above: its table is checked too.
        if (route === '')
          await page.getByRole('region', { name: 'Skipped messages, newest first' }).waitFor();
        const violations = await axeViolations(page);
        expect.soft({ route, width, violations }).toEqual({ route, width, violations: [] });
        const overflow = await pageOverflow(page);
        expect.soft({ route, width, overflow }).toEqual({ route, width, overflow: 0 });
      });
    }
  }, 240_000);

  it('the campaign editor listing its problems has no such violation either', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInToConsole(page, demo.url, demo.consoleLogin);
    await page.goto(`${demo.url}/console/campaigns/new`);
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('no page scrolls sideways on a 390 × 844 phone (wide tables scroll inside their own region)', async () => {
    await eachPage(390, 844, async (page, route) => {
      const overflow = await pageOverflow(page);
      expect.soft({ route, overflow }).toEqual({ route, overflow: 0 });
    });
  }, 240_000);
});
