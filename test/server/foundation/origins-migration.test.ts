import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../server/db/client.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('migration 0011: allowed origins stored before they were checked', () => {
  it('keeps only each entry’s origin, drops "null" and duplicates, and leaves other entries alone', async () => {
    const ws = await createWorkspace(ctx, { name: 'Legacy origins' });
    const legacy = ['https://App.Slash.com/', 'null', 'https://app.slash.com', 'http://LOCALHOST:80/x', '*'];
    await ctx.database.rows(
      sql`update workspaces set allowed_origins = ${JSON.stringify(legacy)}::jsonb where id = ${ws.workspaceId}`,
    );
    const file = await readFile(join(MIGRATIONS_DIR, '0011_normalise_allowed_origins.sql'), 'utf8');
    await ctx.database.rows(sql.raw(file));
    const settings = await call(ctx, 'GET', '/v1/admin/settings', { key: ws.secretKey });
    expect(settings.body.allowedOrigins).toEqual(['https://app.slash.com', 'http://localhost', '*']);
  });
});
