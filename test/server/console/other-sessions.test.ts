import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../support/app.ts';
import { addConsoleUser, createWorkspaceWithOwner, OWNER, signIn } from '../../support/console.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ trustedProxies: 1 });
  await createWorkspaceWithOwner(ctx);
});
afterAll(() => ctx.close());

const LAPTOP =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15';
const PHONE = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0.0.0 Mobile Safari/537.36';
const from = (address: string, userAgent: string) => ({
  'x-forwarded-for': address,
  'user-agent': userAgent,
});

describe('your other console sessions', () => {
  it('lists where and with what each signed in and when it was last used, the last used first', async () => {
    const laptop = await signIn(ctx, OWNER, from('198.51.100.7', LAPTOP));
    ctx.clock.advance(60_000);
    const phone = await signIn(ctx, OWNER, from('203.0.113.9', PHONE));
    ctx.clock.advance(60_000);
    const here = await signIn(ctx, OWNER, from('192.0.2.1', 'here'));
    const colleague = { email: 'ed@acme.test', password: 'editor-password-1', role: 'editor' as const };
    await addConsoleUser(here, colleague);
    await signIn(ctx, colleague, from('192.0.2.50', 'theirs'));

    const listed = await here.call('GET', '/v1/admin/session/others');
    expect(listed.status, listed.text).toBe(200);
    // Not this one, not a colleague's; the phone signed in last.
    expect(
      listed.body.data.map((s: { address: string; userAgent: string }) => [s.address, s.userAgent]),
    ).toEqual([
      ['203.0.113.9', PHONE],
      ['198.51.100.7', LAPTOP],
    ]);

    // The laptop's next call, five minutes on, is noted; a call sooner than that is not written.
    ctx.clock.advance(5 * 60_000);
    expect((await laptop.call('GET', '/v1/admin/campaigns')).status).toBe(200);
    const seenAt = ctx.clock.now.toISOString();
    ctx.clock.advance(60_000);
    expect((await laptop.call('GET', '/v1/admin/campaigns')).status).toBe(200);
    const again = (await here.call('GET', '/v1/admin/session/others')).body.data;
    expect(again.map((s: { address: string }) => s.address)).toEqual(['198.51.100.7', '203.0.113.9']);
    expect(again[0].lastSeenAt).toBe(seenAt);
    expect(again[1].lastSeenAt).toBe(again[1].createdAt);
    expect((await phone.call('GET', '/v1/admin/session')).status).toBe(200);
  });

  it('signs out one of them, not this one nor anyone else’s, and says when there is none such', async () => {
    const here = await signIn(ctx, OWNER, from('192.0.2.2', 'here'));
    const away = await signIn(ctx, OWNER, from('198.51.100.8', 'away'));
    const others = (await here.call('GET', '/v1/admin/session/others')).body.data as Array<{
      id: string;
      userAgent: string;
    }>;
    const target = others.find((s) => s.userAgent === 'away');
    expect(target).toBeDefined();
    const end = (agent: typeof here, id: string) => agent.call('DELETE', `/v1/admin/session/others/${id}`);
    // Without the CSRF token, nothing ends.
    const forged = await here.call('DELETE', `/v1/admin/session/others/${target?.id}`, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await away.call('GET', '/v1/admin/session')).status).toBe(200);

    expect((await end(here, target?.id ?? '')).status).toBe(204);
    expect((await away.call('GET', '/v1/admin/session')).status).toBe(401);
    expect((await end(here, target?.id ?? '')).status).toBe(404);
    // This session is no "other" session: ending it is signing out.
    const [own] = await ctx.database.rows<{ id: string }>(
      sql`select id from console_sessions where user_agent = 'here' order by created_at desc limit 1`,
    );
    expect((await end(here, own?.id ?? '')).status).toBe(404);
    // A colleague's session is not yours to end.
    const [theirs] = await ctx.database.rows<{ id: string }>(
      sql`select id from console_sessions where user_agent = 'theirs'`,
    );
    expect((await end(here, theirs?.id ?? '')).status).toBe(404);
    expect((await end(here, 'not-a-uuid')).status).toBe(400);
    expect((await here.call('GET', '/v1/admin/session')).status).toBe(200);
  });

  it('lets a viewer see and end their own', async () => {
    const viewer = { email: 'vi@acme.test', password: 'viewer-password-1', role: 'viewer' as const };
    await addConsoleUser(await signIn(ctx, OWNER), viewer);
    const here = await signIn(ctx, viewer);
    await signIn(ctx, viewer, from('198.51.100.9', 'elsewhere'));
    const [other] = (await here.call('GET', '/v1/admin/session/others')).body.data;
    expect(other.userAgent).toBe('elsewhere');
    expect((await here.call('DELETE', `/v1/admin/session/others/${other.id}`)).status).toBe(204);
  });
});

describe('an owner signing a colleague out everywhere', () => {
  it('ends every session of theirs, not their password, and is audited; not for oneself or non-owners', async () => {
    const owner = await signIn(ctx, OWNER);
    const person = { email: 'lost-laptop@acme.test', password: 'editor-password-2', role: 'editor' as const };
    const { id } = await addConsoleUser(owner, person);
    const laptop = await signIn(ctx, person);
    const desk = await signIn(ctx, person);
    // An editor may not sign the owner out.
    const ownId = (await owner.call('GET', '/v1/admin/session')).body.user.id;
    expect((await desk.call('DELETE', `/v1/admin/console-users/${ownId}/sessions`)).status).toBe(403);

    const ended = await owner.call('DELETE', `/v1/admin/console-users/${id}/sessions`);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toEqual({ signedOut: 2 });
    expect((await laptop.call('GET', '/v1/admin/session')).status).toBe(401);
    expect((await desk.call('GET', '/v1/admin/session')).status).toBe(401);
    expect((await signIn(ctx, person)).csrf).toBeTruthy();

    expect((await owner.call('DELETE', `/v1/admin/console-users/${ownId}/sessions`)).status).toBe(409);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await owner.call('DELETE', `/v1/admin/console-users/${unknown}/sessions`)).status).toBe(404);
    const audit = await owner.call('GET', '/v1/admin/audit-log?action=console_user.signed_out');
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actor: OWNER.email,
        target: { type: 'console_user', id, name: person.email },
        details: { sessions: 2 },
      }),
    ]);
  });
});
