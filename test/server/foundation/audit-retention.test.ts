import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvSchema } from '../../../server/env.ts';
import { pruneAuditLog } from '../../../server/services/audit-retention.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';

const DAY = 86_400_000;
let keeping: TestContext;
let pruning: TestContext;

beforeAll(async () => {
  [keeping, pruning] = await Promise.all([createTestApp(), createTestApp({ auditRetentionDays: 365 })]);
});
afterAll(async () => {
  await Promise.all([keeping.close(), pruning.close()]);
});

/** A workspace with three entries (its creation, two products), one of them `ageDays` old. */
async function history(ctx: TestContext, ageDays: number) {
  const { workspaceId, secretKey } = await createWorkspace(ctx);
  for (const key of ['old', 'new'])
    await call(ctx, 'POST', '/v1/admin/products', { key: secretKey, body: productBody(key) });
  const at = new Date(Date.now() - ageDays * DAY).toISOString();
  await ctx.database.rows(
    sql`update audit_log set created_at = ${at}::timestamptz where workspace_id = ${workspaceId} and target_id = 'old'`,
  );
  return async () =>
    (
      await ctx.database.rows<{ target_id: string }>(
        sql`select target_id from audit_log where workspace_id = ${workspaceId} order by created_at`,
      )
    ).map((r) => r.target_id);
}

describe('audit log retention', () => {
  it('deletes entries older than ATTACH_AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const entries = await history(pruning, 400);
    expect(await entries()).toHaveLength(3);
    expect(await pruneAuditLog(pruning.deps)).toBe(1);
    expect(await entries()).not.toContain('old');
    expect(await entries()).toContain('new');
    expect(await pruneAuditLog(pruning.deps)).toBe(0);
  });

  it('keeps everything when unset, however old', async () => {
    const entries = await history(keeping, 3000);
    expect(await pruneAuditLog(keeping.deps)).toBe(0);
    expect(await entries()).toContain('old');
  });

  it('refuses a retention under a year at start-up', () => {
    const short = EnvSchema.safeParse({ ATTACH_AUDIT_RETENTION_DAYS: '30' });
    expect(short.error?.issues.map((i) => i.path[0])).toEqual(['ATTACH_AUDIT_RETENTION_DAYS']);
    expect(EnvSchema.parse({ ATTACH_AUDIT_RETENTION_DAYS: '730' }).ATTACH_AUDIT_RETENTION_DAYS).toBe(730);
  });
});
