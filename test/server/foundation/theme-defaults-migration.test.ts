import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../server/db/client.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { campaignInput, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Themes' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
});
afterAll(() => ctx.close());

/** A campaign whose stored theme is what the old schema wrote: the named fields plus the defaults. */
async function storedWithTheme(theme: Record<string, unknown>): Promise<string> {
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
    key: ws.secretKey,
    body: campaignInput(),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await ctx.database.rows(sql`
    update campaigns set definition = jsonb_set(definition, '{presentation,theme}', ${JSON.stringify(theme)}::jsonb)
    where workspace_id = ${ws.workspaceId} and id = ${id}::uuid`);
  return id;
}

const themeOf = async (id: string) => {
  const [row] = await ctx.database.rows<{ theme: unknown }>(
    sql`select definition #> '{presentation,theme}' as theme from campaigns where id = ${id}::uuid`,
  );
  return row?.theme ?? undefined;
};

describe('migration 0009: campaign themes stored with the defaults', () => {
  it('drops the default colour and radius the old schema filled in, and an override left empty', async () => {
    const radiusOnly = await storedWithTheme({ primaryColor: '#4f46e5', radius: 4 });
    const colourOnly = await storedWithTheme({ primaryColor: '#1e3a8a', radius: 10 });
    const nothing = await storedWithTheme({ primaryColor: '#4f46e5', radius: 10 });
    const font = await storedWithTheme({ primaryColor: '#4f46e5', radius: 10, fontFamily: 'Inter' });
    const file = await readFile(join(MIGRATIONS_DIR, '0009_campaign_theme_defaults.sql'), 'utf8');
    for (const statement of file.split('--> statement-breakpoint'))
      await ctx.database.rows(sql.raw(statement));
    expect(await themeOf(radiusOnly)).toEqual({ radius: 4 });
    expect(await themeOf(colourOnly)).toEqual({ primaryColor: '#1e3a8a' });
    expect(await themeOf(nothing)).toBeUndefined();
    expect(await themeOf(font)).toEqual({ fontFamily: 'Inter' });
    // The definitions still parse: the campaign reads back through the API.
    const read = await call(ctx, 'GET', `/v1/admin/campaigns/${radiusOnly}`, { key: ws.secretKey });
    expect(read.status).toBe(200);
    expect(read.body.presentation.theme).toEqual({ radius: 4 });
  });
});
