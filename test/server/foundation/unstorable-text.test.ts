import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken } from '../../support/app.ts';

/**
 * PostgreSQL cannot store NUL (U+0000) in text or jsonb, and JSON and JWTs carry it happily. Such
 * input is the client's error: a 400 with the envelope, never a 500, and nothing written.
 */
const ctx = await createTestApp();
const creds = await createWorkspace(ctx, { name: 'Nul' });
afterAll(() => ctx.close());

const count = async (table: 'decisions' | 'events' | 'accounts') => {
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${creds.workspaceId}`,
  );
  return row?.n ?? 0;
};

/** A signed-in end user's call to a widget route. */
const asUser = async (path: string, body: unknown) =>
  call(ctx, 'POST', path, {
    key: creds.publishableKey,
    token: await signUserToken(creds.identitySecret, { sub: 'user-1', account: 'acct-1' }),
    body,
  });

const event = (props: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  name: 'report.exported',
  ts: new Date().toISOString(),
  props,
});

describe('text PostgreSQL cannot store', () => {
  it('a user token whose sub holds NUL is refused as invalid, and nothing is recorded', async () => {
    const token = await signUserToken(creds.identitySecret, { sub: 'user\u0000x', account: 'acct-1' });
    for (const [path, body] of [
      ['/v1/decide', { placement: 'global' }],
      ['/v1/events', { events: [event()] }],
    ] as const) {
      const res = await call(ctx, 'POST', path, { key: creds.publishableKey, token, body });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_user_token');
      expect(res.body.error.message).toContain('sub: must not contain the NUL character');
    }
    expect(await count('decisions')).toBe(0);
    expect(await count('events')).toBe(0);
  });

  it('an event whose props hold NUL is named in the 400, and its batch is not stored', async () => {
    const res = await asUser('/v1/events', {
      events: [event(), event({ nested: { 'k\u0000': 1 } }), event({ note: 'a\u0000b' })],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['events', 1, 'props', 'nested', 'k\u0000'],
      ['events', 2, 'props', 'note'],
    ]);
    expect(await count('events')).toBe(0);
    const literal = await asUser('/v1/events', { events: [event({ note: 'a backslash-u text: \\u0000' })] });
    expect(literal.status).toBe(202);
  });

  it('host data holding NUL gets 400 naming the item and field, and no row is written', async () => {
    for (const [item, path] of [
      [{ id: 'acct\u0000x', name: 'X' }, ['id']],
      [{ id: 'acct-2', name: 'X', attributes: { k: 'v\u0000' } }, ['attributes', 'k']],
    ] as const) {
      const res = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
        key: creds.secretKey,
        body: { items: [{ id: 'acct-ok', name: 'Fine' }, item] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('batch_item_invalid');
      expect(res.body.error.details.items).toEqual([expect.objectContaining({ index: 1, path })]);
    }
    expect(await count('accounts')).toBe(0);
  });

  it('any other request text holding NUL gets 400 validation_failed naming the field, before any write', async () => {
    const decide = await asUser('/v1/decide', { placement: 'global', slots: ['side', 'bar\u0000'] });
    expect(decide.status).toBe(400);
    expect(decide.body.error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('body.slots.1: must not contain the NUL character'),
      details: { target: 'body', issues: [{ path: ['slots', 1], code: 'unsupported_character' }] },
    });
    expect(await count('decisions')).toBe(0);
    const product = await call(ctx, 'POST', '/v1/admin/products', {
      key: creds.secretKey,
      body: {
        key: 'nul',
        name: 'Bad\u0000name',
        role: 'attach',
        price: { amount: 100, currency: 'USD', interval: 'month' },
      },
    });
    expect(product.status).toBe(400);
    expect(product.body.error.details.issues).toEqual([
      expect.objectContaining({ path: ['name'], code: 'unsupported_character' }),
    ]);
    const explain = await call(ctx, 'GET', '/v1/admin/explain?account=a%00b&user=u', {
      key: creds.secretKey,
    });
    expect(explain.status).toBe(400);
    expect(explain.body.error.details).toMatchObject({ target: 'query', issues: [{ path: ['account'] }] });
  });
});
