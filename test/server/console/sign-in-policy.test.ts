import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  OWNER,
  signIn,
  totpCode,
  turnOnTwoStep,
} from '../../support/console.ts';

let ctx: TestContext;
let owner: ConsoleAgent;
let ownerSecret: string;
let sk: string;
const STEP_MS = 30_000;
const POLICY = '/v1/admin/console-users/sign-in-policy';

beforeAll(async () => {
  ctx = await createTestApp();
  sk = (await createWorkspaceWithOwner(ctx)).secretKey;
  owner = await signIn(ctx, OWNER);
});
afterAll(() => ctx.close());

const require2 = (agent: ConsoleAgent, twoStepRequired: boolean) =>
  agent.call('PATCH', POLICY, { body: { twoStepRequired } });

/** Every admin route the API documents, with a sample id in its path. */
async function adminRoutes() {
  const doc = (await call(ctx, 'GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/admin/'))
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      })),
    );
}

describe('requiring two-step sign-in of every console user', () => {
  const editor = { email: 'editor@acme.test', password: 'editor-password-1', role: 'editor' as const };
  let editorAgent: ConsoleAgent;

  it('is for owners, who must have it on themselves first', async () => {
    await addConsoleUser(owner, editor);
    editorAgent = await signIn(ctx, editor);
    expect((await require2(editorAgent, true)).status).toBe(403);

    const before = await owner.call('GET', POLICY);
    expect(before.body).toEqual({
      twoStepRequired: false,
      idleMinutes: null,
      usersWithoutTwoStep: [
        expect.objectContaining({ email: OWNER.email }),
        expect.objectContaining({ email: editor.email }),
      ],
    });
    const refused = await require2(owner, true);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.message).toMatch(/yourself first/);

    ownerSecret = (await turnOnTwoStep(owner, OWNER.password, ctx.clock.now)).secret;
    ctx.clock.advance(STEP_MS);
    const on = await require2(owner, true);
    expect(on.status, on.text).toBe(200);
    expect(on.body).toEqual({
      twoStepRequired: true,
      idleMinutes: null,
      usersWithoutTwoStep: [expect.objectContaining({ email: editor.email })],
    });
    // Asked again: nothing changes and nothing more is audited.
    expect((await require2(owner, true)).status).toBe(200);
    const audit = await call(ctx, 'GET', '/v1/admin/audit-log?action=sign_in_policy.updated', { key: sk });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actor: OWNER.email,
        target: { type: 'workspace', id: expect.any(String), name: 'Acme' },
        changes: [{ field: 'twoStepRequired', from: false, to: true }],
      }),
    ]);
  });

  it('holds back a session already open: only setting it up, the session and signing out answer', async () => {
    const session = await editorAgent.call('GET', '/v1/admin/session');
    expect(session.status).toBe(200);
    expect(session.body.workspace.twoStepRequired).toBe(true);
    expect(session.body.user.twoStep).toBe(false);

    const open = new Set([
      'GET /v1/admin/session',
      'DELETE /v1/admin/session',
      'PUT /v1/admin/session/password',
      'DELETE /v1/admin/session/others',
      'DELETE /v1/admin/session/others/00000000-0000-4000-8000-000000000000',
      'POST /v1/admin/session',
      'POST /v1/admin/session/two-step',
      'POST /v1/admin/session/two-step/confirm',
      'DELETE /v1/admin/session/two-step',
    ]);
    const held = (await adminRoutes()).filter((r) => !open.has(`${r.method} ${r.path}`));
    expect(held.length).toBeGreaterThan(50);
    for (const { method, path } of held) {
      const res = await editorAgent.call(method, path, method === 'GET' ? {} : { body: {} });
      expect([`${method} ${path}`, res.status, res.body?.error?.code]).toEqual([
        `${method} ${path}`,
        403,
        'two_step_setup_required',
      ]);
    }
    // The secret key has no person to ask a code of: it goes on as before.
    expect((await call(ctx, 'GET', '/v1/admin/campaigns', { key: sk })).status).toBe(200);
  });

  it('lets the user in once they have set it up, and not turn it off while required', async () => {
    await turnOnTwoStep(editorAgent, editor.password, ctx.clock.now);
    ctx.clock.advance(STEP_MS);
    expect((await editorAgent.call('GET', '/v1/admin/campaigns')).status).toBe(200);
    const off = await editorAgent.call('DELETE', '/v1/admin/session/two-step', {
      body: { password: editor.password },
    });
    expect(off.status).toBe(409);
    expect(off.body.error.message).toMatch(/requires two-step/);
    expect((await editorAgent.call('GET', '/v1/admin/session')).body.user.twoStep).toBe(true);
  });

  it('holds back a colleague whose app an owner turned off, until they set up another', async () => {
    const { id } = (await owner.call('GET', '/v1/admin/console-users')).body.data.find(
      (u: { email: string }) => u.email === editor.email,
    );
    expect((await owner.call('DELETE', `/v1/admin/console-users/${id}/two-step`)).status).toBe(200);
    const again = await signIn(ctx, editor);
    const held = await again.call('GET', '/v1/admin/campaigns');
    expect(held.status).toBe(403);
    expect(held.body.error.code).toBe('two_step_setup_required');
  });

  it('stops when an owner stops requiring it', async () => {
    const off = await require2(owner, false);
    expect(off.status).toBe(200);
    expect(off.body.twoStepRequired).toBe(false);
    const editorAgain = await signIn(ctx, editor);
    expect((await editorAgain.call('GET', '/v1/admin/campaigns')).status).toBe(200);
    // Still signing in with the owner's own code: the policy never touched their two-step.
    const code = totpCode(ownerSecret, ctx.clock.now);
    expect((await signIn(ctx, { ...OWNER, code })).csrf).toBeTruthy();
  });
});

describe('ending idle console sessions', () => {
  it('ends a session unused for the set minutes (to within a fifteenth of them), and nothing else', async () => {
    const idle = (idleMinutes: number | null) => owner.call('PATCH', POLICY, { body: { idleMinutes } });
    const code = () => totpCode(ownerSecret, ctx.clock.now);
    ctx.clock.advance(STEP_MS);
    const busy = await signIn(ctx, { ...OWNER, code: code() });
    ctx.clock.advance(STEP_MS);
    const away = await signIn(ctx, { ...OWNER, code: code() });
    ctx.clock.advance(STEP_MS);
    owner = await signIn(ctx, { ...OWNER, code: code() });

    expect((await owner.call('PATCH', POLICY, { body: {} })).status).toBe(400);
    expect((await idle(10)).status).toBe(400);
    const set = await idle(15);
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ twoStepRequired: false, idleMinutes: 15 });

    // Used every 10 minutes, a session stays; left for 20, it ends.
    for (let i = 0; i < 4; i++) {
      ctx.clock.advance(10 * 60_000);
      expect((await busy.call('GET', '/v1/admin/campaigns')).status).toBe(200);
      expect((await owner.call('GET', '/v1/admin/session')).status).toBe(200);
    }
    expect((await away.call('GET', '/v1/admin/session')).status).toBe(401);
    const others = await owner.call('GET', '/v1/admin/session/others');
    expect(others.body.data).toHaveLength(1);

    // Used four minutes after its last noted use, then left for twelve: sixteen minutes after
    // that note but twelve after its use, it stays (its use is noted to within a minute of 15).
    ctx.clock.advance(4 * 60_000);
    expect((await busy.call('GET', '/v1/admin/session')).status).toBe(200);
    expect((await owner.call('GET', '/v1/admin/session')).status).toBe(200);
    ctx.clock.advance(12 * 60_000);
    expect((await busy.call('GET', '/v1/admin/session')).status).toBe(200);
    expect((await owner.call('GET', '/v1/admin/session')).status).toBe(200);

    // No limit again: the 12 hours alone.
    expect((await idle(null)).status).toBe(200);
    ctx.clock.advance(3 * 60 * 60_000);
    expect((await busy.call('GET', '/v1/admin/session')).status).toBe(200);
    const audit = await call(ctx, 'GET', '/v1/admin/audit-log?action=sign_in_policy.updated', { key: sk });
    expect(audit.body.data.slice(0, 2).map((e: { changes: unknown }) => e.changes)).toEqual([
      [{ field: 'idleMinutes', from: 15, to: null }],
      [{ field: 'idleMinutes', from: null, to: 15 }],
    ]);
  });
});
