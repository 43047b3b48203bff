import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

export interface AttachServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  ctx: TestContext;
  close(): Promise<void>;
}

/**
 * The real app (createApp on a fresh, migrated PGlite — or a fresh database when DATABASE_URL is
 * set) served by @hono/node-server on a free loopback port, with the wall clock.
 */
export async function startAttachServer(): Promise<AttachServer> {
  const ctx = await createTestApp({ publicUrl: 'http://127.0.0.1' });
  // Browsers run on real time: the injected clock follows the wall clock instead of standing still.
  ctx.deps.now = () => new Date();
  const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await ctx.close();
    },
  };
}

/** Calls the admin API and fails loudly with the response when the status is not the expected one. */
export async function admin(
  ctx: TestContext,
  ws: WorkspaceCredentials,
  method: string,
  path: string,
  body: unknown,
  expected = [200, 201],
) {
  const res = await call(ctx, method, `/v1/admin${path}`, { key: ws.secretKey, body });
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
  return res.body;
}

export interface WorkspaceOptions {
  /** Origins allowed to call the public API (the test host page). */
  allowedOrigins: string[];
  /** Campaign fields to override (format, channel routing, content…). */
  campaign?: Record<string, unknown>;
}

/**
 * A workspace as a host would set it up through the admin API: an anchor product, an add-on with a
 * price and a trial, and an active callout campaign for the add-on with a two-week guided trial.
 */
export async function createWidgetWorkspace(ctx: TestContext, options: WorkspaceOptions) {
  const ws = await createWorkspace(ctx, { name: 'Acme analytics', allowedOrigins: options.allowedOrigins });
  await admin(ctx, ws, 'POST', '/products', {
    key: 'core',
    name: 'Acme Core',
    role: 'anchor',
    price: { amount: 9_900, currency: 'USD', interval: 'month' },
  });
  await admin(ctx, ws, 'POST', '/products', {
    key: 'reports',
    name: 'Reports Pro',
    description: 'Scheduled reports and exports',
    role: 'attach',
    price: { amount: 4_900, currency: 'USD', interval: 'month' },
    trialDays: 14,
  });
  // The host syncs its accounts: decide shows nothing to users of an account it was never told of.
  // initech: an account no test buys for, for tests that need the prompt after others bought.
  const accounts = ['acme', 'globex', 'warm-up', 'initech', 'hooli'];
  await admin(ctx, ws, 'POST', '/accounts/batch', { items: accounts.map((id) => ({ id, seats: 12 })) });
  await admin(ctx, ws, 'POST', '/ownership/batch', {
    items: accounts.map((accountId) => ({ accountId, productKey: 'core', status: 'active' })),
  });
  const campaign = await admin(ctx, ws, 'POST', '/campaigns', {
    name: 'Reports Pro for active teams',
    motion: 'cross_sell_adjacent',
    target: { kind: 'product', productKey: 'reports' },
    audience: {
      lifecycleStages: ['onboarding', 'activated', 'engaged', 'renewal_window'],
      openDealAttribute: null,
    },
    presentation: { format: 'callout' },
    content: {
      en: {
        title: 'Try Reports Pro',
        body: 'Send **scheduled** reports to your team.\n\n- Exports\n- Alerts',
        primaryLabel: 'Start free trial',
        secondaryLabel: 'Buy now',
        roiLine: 'Teams like yours save 4 hours a week',
      },
    },
    offer: { intro: { percent: 20, months: 3 } },
    trial: {
      enabled: true,
      plan: {
        weeks: [
          {
            week: 1,
            title: 'Set up',
            steps: [{ id: 'first-report', title: 'Build your first report', event: 'report.created' }],
          },
          {
            week: 2,
            title: 'Share',
            steps: [{ id: 'share', title: 'Share a report', event: 'report.shared' }],
          },
        ],
        successCriteria: [
          { id: 'built', title: 'A report built', event: 'report.created' },
          { id: 'shared', title: 'A report shared', event: 'report.shared' },
        ],
      },
    },
    frequency: {
      maxImpressionsPerUser: 100,
      minIntervalHours: 0,
      stopAfterDismissals: 20,
      dismissCooldownDays: 0,
    },
    holdout: { percent: 0 },
    ...options.campaign,
  });
  await admin(ctx, ws, 'POST', `/campaigns/${campaign.id}/status`, { status: 'active' });
  // Warm the caches and the database once: the widget gives up on a decision after 3 s, and the
  // very first one on a cold server on a busy machine can come close.
  await call(ctx, 'POST', '/v1/decide', {
    key: ws.publishableKey,
    token: await userToken(ws, 'warm-up', 'member', 'warm-up'),
    body: {},
  });
  return { ws, campaignId: campaign.id as string };
}

/** A host-signed end-user token, as the host backend would mint it. */
export function userToken(ws: WorkspaceCredentials, sub = 'u-admin', role = 'admin', account = 'acme') {
  return signUserToken(ws.identitySecret, { sub, account, role });
}
