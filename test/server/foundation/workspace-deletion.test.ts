import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectWorkspacesWithAccounts } from '../../../server/db/queries/affinity.ts';
import { workspacesWithCampaigns } from '../../../server/db/queries/campaign-tallies.ts';
import { WORKSPACE_TABLES } from '../../../server/db/queries/workspace-deletion.ts';
import {
  MARK_KEPT_MS,
  PURGE_AFTER_MS,
  purgeDeletedWorkspaces,
} from '../../../server/services/workspace-deletion.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, OPERATOR_TOKEN, signUserToken, type TestContext } from '../../support/app.ts';
import { bundleBody, productBody } from '../../support/catalog.ts';
import { type ConsoleAgent, createWorkspaceWithOwner, signIn } from '../../support/console.ts';

/**
 * The operator deletes a tenant: at once nothing of it answers, a minute later none of its rows is
 * left in any table, and the other tenant's data is as it was.
 */
let ctx: TestContext;
let acme: WorkspaceCredentials;
let globex: WorkspaceCredentials;
let acmeOwner: ConsoleAgent;
const ACME_OWNER = { email: 'owner@acme.test', password: 'owner-password-123' };
const GLOBEX_OWNER = { email: 'owner@globex.test', password: 'owner-password-123' };

const operator = (method: string, path: string, body?: unknown) =>
  call(ctx, method, path, { token: OPERATOR_TOKEN, body });

/** Gives a workspace rows in most tables, through the API as a host and its users would. */
async function populate(ws: WorkspaceCredentials, owner: ConsoleAgent) {
  const admin = async (method: string, path: string, body: unknown) => {
    const res = await call(ctx, method, `/v1/admin${path}`, { key: ws.secretKey, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  await admin('POST', '/products', productBody('core', { role: 'anchor' }));
  await admin('POST', '/products', productBody('addon'));
  await admin('POST', '/bundles', bundleBody('suite', ['core', 'addon']));
  await admin('POST', '/accounts/batch', { items: [{ id: 'acc', name: 'Customer', seats: 5 }] });
  await admin('POST', '/users/batch', { items: [{ id: 'usr', accountId: 'acc', role: 'admin' }] });
  await admin('POST', '/ownership/batch', {
    items: [{ accountId: 'acc', productKey: 'core', status: 'active' }],
  });
  await admin('POST', '/usage/batch', { items: [{ accountId: 'acc', metric: 'seats', value: 3, limit: 5 }] });
  const campaign = await admin('POST', '/campaigns', {
    name: 'Add-on',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'addon' },
    audience: { lifecycleStages: ['onboarding', 'activated', 'engaged'] },
    content: { en: { title: 'Try the add-on', body: 'It helps.' } },
    holdout: { percent: 0 },
  });
  await admin('POST', `/campaigns/${campaign.id}/status`, { status: 'active' });
  await admin('POST', '/webhooks/endpoints', {
    url: 'https://hooks.example.com/attach',
    eventTypes: ['purchase.created'],
  });
  await owner.call('POST', '/v1/admin/api-keys', { body: { name: 'BI', role: 'viewer' } });
  const token = await signUserToken(ws.identitySecret, { sub: 'usr', account: 'acc', role: 'admin' });
  const decided = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  expect(decided.body.messages).toHaveLength(1);
  const events = await call(ctx, 'POST', '/v1/events', {
    key: ws.publishableKey,
    token,
    body: { events: [{ id: crypto.randomUUID(), name: 'report.exported', ts: new Date().toISOString() }] },
  });
  expect(events.status).toBe(202);
  await admin('POST', '/affinity/recompute', {});
}

/** Rows per table of one workspace, over every table with a workspace_id column the database has. */
async function rowsOf(workspaceId: string): Promise<Record<string, number>> {
  const tables = await ctx.database.rows<{ table_name: string }>(sql`
    select table_name from information_schema.columns
    where column_name = 'workspace_id' and table_schema = current_schema() order by table_name`);
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table_name)} where workspace_id = ${workspaceId}`,
    );
    out[table_name] = row?.n ?? 0;
  }
  return out;
}

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  acme = await createWorkspaceWithOwner(ctx, 'Acme', ACME_OWNER);
  globex = await createWorkspaceWithOwner(ctx, 'Globex', GLOBEX_OWNER);
  acmeOwner = await signIn(ctx, ACME_OWNER);
  await populate(acme, acmeOwner);
  await populate(globex, await signIn(ctx, GLOBEX_OWNER));
});
afterAll(() => ctx.close());

describe('deleting a workspace', () => {
  it('lists every workspace for the operator with what it holds', async () => {
    const res = await operator('GET', '/v1/workspaces');
    expect(res.status).toBe(200);
    expect(res.body.data.map((w: { name: string }) => w.name)).toEqual(['Acme', 'Globex']);
    expect(res.body.data[0]).toMatchObject({
      id: acme.workspaceId,
      accounts: 1,
      campaigns: 1,
      consoleUsers: 1,
    });
    expect((await call(ctx, 'GET', '/v1/workspaces', { token: 'wrong' })).status).toBe(401);
  });

  it('asks for its name and changes nothing without it', async () => {
    const res = await operator('DELETE', `/v1/workspaces/${acme.workspaceId}`, { confirm: 'acme' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['confirm']);
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: acme.secretKey })).status).toBe(200);
    expect((await operator('DELETE', '/v1/workspaces/ws_nope', { confirm: 'Acme' })).status).toBe(404);
  });

  it('stops every key, session and sign-in at once, and leaves the other workspace working', async () => {
    const globexBefore = await rowsOf(globex.workspaceId);
    const res = await operator('DELETE', `/v1/workspaces/${acme.workspaceId}`, { confirm: 'Acme' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ workspaceId: acme.workspaceId, name: 'Acme' });
    const again = await operator('DELETE', `/v1/workspaces/${acme.workspaceId}`, { confirm: 'Acme' });
    expect(again.body.deletedAt).toBe(res.body.deletedAt);

    expect((await call(ctx, 'GET', '/v1/admin/products', { key: acme.secretKey })).status).toBe(401);
    const token = await signUserToken(acme.identitySecret, { sub: 'usr', account: 'acc', role: 'admin' });
    expect(
      (await call(ctx, 'POST', '/v1/decide', { key: acme.publishableKey, token, body: {} })).status,
    ).toBe(401);
    expect((await acmeOwner.call('GET', '/v1/admin/products')).status).toBe(401);
    expect((await call(ctx, 'POST', '/v1/admin/session', { body: ACME_OWNER })).status).toBe(401);
    expect((await operator('GET', '/v1/workspaces')).body.data.map((w: { name: string }) => w.name)).toEqual([
      'Globex',
    ]);

    // The scheduled jobs leave it alone until its purge.
    expect(await selectWorkspacesWithAccounts(ctx.database)).toEqual([globex.workspaceId]);
    expect(await workspacesWithCampaigns(ctx.database)).toEqual([globex.workspaceId]);

    expect((await call(ctx, 'GET', '/v1/admin/products', { key: globex.secretKey })).body.data).toHaveLength(
      2,
    );
    expect(await rowsOf(globex.workspaceId)).toEqual(globexBefore);
  });

  it('purges every row a minute later, late writes too, then the mark itself', async () => {
    const before = await rowsOf(acme.workspaceId);
    const globexBefore = await rowsOf(globex.workspaceId);
    // Held a moment: what a cached instance may still write is swept with the rest.
    expect(await purgeDeletedWorkspaces(ctx.deps)).toEqual({ workspaces: 0, rows: 0 });
    expect(before.events).toBeGreaterThan(0);
    expect(before.decisions).toBeGreaterThan(0);

    ctx.clock.advance(PURGE_AFTER_MS);
    const run = await purgeDeletedWorkspaces(ctx.deps);
    expect(run.workspaces).toBe(1);
    const after = await rowsOf(acme.workspaceId);
    expect(Object.keys(after).sort()).toEqual([...WORKSPACE_TABLES]);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsOf(globex.workspaceId)).toEqual(globexBefore);

    // A write from an instance whose cache still knew the key, after the first purge.
    await ctx.database.rows(sql`
      insert into events (workspace_id, id, account_id, user_id, name, ts, source)
      values (${acme.workspaceId}, gen_random_uuid(), 'acc', 'usr', 'late', now(), 'widget')`);
    await purgeDeletedWorkspaces(ctx.deps);
    expect((await rowsOf(acme.workspaceId)).events).toBe(0);

    const marks = () =>
      ctx.database.rows(sql`select id from workspaces where id = ${acme.workspaceId}`).then((r) => r.length);
    expect(await marks()).toBe(1);
    ctx.clock.advance(MARK_KEPT_MS);
    await purgeDeletedWorkspaces(ctx.deps);
    expect(await marks()).toBe(0);
    expect((await operator('DELETE', `/v1/workspaces/${acme.workspaceId}`, { confirm: 'Acme' })).status).toBe(
      404,
    );
  });
});
