import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/crypto.ts';
import { type Database, openDatabase } from '../../../server/db/client.ts';
import { listAuditRows } from '../../../server/db/queries/audit.ts';
import { findConsoleUsersByEmail } from '../../../server/db/queries/console.ts';
import { enableTwoStep } from '../../../server/db/queries/console-two-step.ts';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import { createConsoleUser, verifyPassword } from '../../../server/services/console-auth.ts';
import { createScratchDatabase } from '../../support/process.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'attach-cli-'));
const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();
});

/** Runs the CLI as `npm run attach -- …` does, on this file's own database. */
async function attach(...args: string[]) {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ATTACH_DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  if (scratch) env.DATABASE_URL = scratch.url;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Works on this file's database while no CLI process holds it. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    scratch ? { url: scratch.url, max: 1 } : { dataDir: join(dataDir, 'pglite') },
  );
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const readWorkspace = (id: string) => withDatabase((database) => findWorkspaceById(database.db, id));

describe('npm run attach', () => {
  let created: { workspaceId: string; secretKey: string; publishableKey: string };

  it('workspace create › prints the keys once and stores only the secret key’s hash', async () => {
    const res = await attach(
      'workspace',
      'create',
      '--name',
      'Cli Co',
      '--origin',
      'https://app.cli.example',
    );
    expect(res.code, res.stderr).toBe(0);
    created = JSON.parse(res.stdout);
    expect(created.secretKey).toMatch(/^sk_/);
    const row = await readWorkspace(created.workspaceId);
    expect(row).toMatchObject({ name: 'Cli Co', allowedOrigins: ['https://app.cli.example'] });
    expect(row?.secretKeyHash).toBe(sha256(created.secretKey));
  }, 120_000);

  it('keys rotate › replaces the named keys only', async () => {
    const res = await attach('keys', 'rotate', created.workspaceId, '--keys', 'secret,identity');
    expect(res.code, res.stderr).toBe(0);
    const rotated = JSON.parse(res.stdout);
    expect(Object.keys(rotated).sort()).toEqual(['identitySecret', 'secretKey', 'workspaceId']);
    const row = await readWorkspace(created.workspaceId);
    expect(row?.secretKeyHash).toBe(sha256(rotated.secretKey));
    expect(row?.publishableKey).toBe(created.publishableKey);
  }, 120_000);

  it('console-user password › gives a locked-out owner a new password, printed once, and logs it', async () => {
    const email = 'only-owner@cli.example';
    await withDatabase(async (database) => {
      const owner = await createConsoleUser(database.db, created.workspaceId, {
        email,
        password: 'forgotten-password-1',
        role: 'owner',
      });
      // Their authenticator app lost too: the new password alone must let them in.
      await enableTwoStep(database.db, created.workspaceId, owner.id, {
        at: new Date(),
        usedStep: 0,
        recoveryCodeHashes: [],
      });
    });
    const res = await attach('console-user', 'password', created.workspaceId, '--email', email.toUpperCase());
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as { email: string; password: string };
    expect(printed.email).toBe(email);
    expect(printed.password.length).toBeGreaterThanOrEqual(16);
    await withDatabase(async (database) => {
      const [user] = await findConsoleUsersByEmail(database.db, email, created.workspaceId);
      expect(await verifyPassword(printed.password, user?.passwordHash ?? '')).toBe(true);
      expect(await verifyPassword('forgotten-password-1', user?.passwordHash ?? '')).toBe(false);
      const entries = await listAuditRows(database.db, created.workspaceId, {
        action: 'console_user.password_reset',
        limit: 5,
      });
      expect(entries.map((e) => [e.row.actor, e.row.targetName])).toEqual([['cli', email]]);
      expect(user?.twoStepAt).toBeNull();
      const twoStep = await listAuditRows(database.db, created.workspaceId, {
        action: 'console_user.two_step_disabled',
        limit: 5,
      });
      expect(twoStep.map((e) => [e.row.actor, e.row.targetName])).toEqual([['cli', email]]);
    });
    const nobody = await attach('console-user', 'password', created.workspaceId, '--email', 'no@cli.example');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No console user no@cli.example');
  }, 120_000);

  it('workspace create --owner-email › also creates its first owner, with a password printed once', async () => {
    const res = await attach(
      'workspace',
      'create',
      '--name',
      'Owned Co',
      '--owner-email',
      'Boss@Owned.example',
    );
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as {
      workspaceId: string;
      owner: { email: string; password: string };
    };
    expect(printed.owner.email).toBe('boss@owned.example');
    await withDatabase(async (database) => {
      const [user] = await findConsoleUsersByEmail(database.db, printed.owner.email, printed.workspaceId);
      expect(user?.role).toBe('owner');
      expect(await verifyPassword(printed.owner.password, user?.passwordHash ?? '')).toBe(true);
      const added = await listAuditRows(database.db, printed.workspaceId, {
        action: 'console_user.added',
        limit: 5,
      });
      expect(added.map((e) => e.row.actor)).toEqual(['cli']);
    });
    const bad = await attach('workspace', 'create', '--name', 'Bad Co', '--owner-email', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--owner-email');
  }, 120_000);

  it('workspace list and delete › lists it, refuses a wrong name, then deletes it and purges its rows', async () => {
    const made = await attach(
      'workspace',
      'create',
      '--name',
      'Leaving Co',
      '--owner-email',
      'pm@leaving.example',
    );
    expect(made.code, made.stderr).toBe(0);
    const { workspaceId } = JSON.parse(made.stdout) as { workspaceId: string };
    const listed = await attach('workspace', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    const names = (JSON.parse(listed.stdout) as { data: Array<{ id: string; name: string }> }).data;
    expect(names.find((w) => w.id === workspaceId)?.name).toBe('Leaving Co');

    const wrong = await attach('workspace', 'delete', workspaceId, '--confirm', 'Leaving');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('confirm');
    expect(await readWorkspace(workspaceId)).toBeDefined();

    const deleted = await attach('workspace', 'delete', workspaceId, '--confirm', 'Leaving Co');
    expect(deleted.code, deleted.stderr).toBe(0);
    // Its two audit entries (its owner went with the deletion itself, as access does).
    expect(JSON.parse(deleted.stdout)).toMatchObject({ workspaceId, name: 'Leaving Co', purgedRows: 2 });
    expect(await readWorkspace(workspaceId)).toBeUndefined();
    await withDatabase(async (database) => {
      expect(await findConsoleUsersByEmail(database.db, 'pm@leaving.example')).toEqual([]);
      expect(await listAuditRows(database.db, workspaceId, { limit: 5 })).toEqual([]);
    });
  }, 120_000);

  it('bad input › exits 1 with a clear message', async () => {
    const missing = await attach('workspace', 'create');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--name');
    const unknown = await attach('keys', 'rotate', 'ws_nope', '--keys', 'secret');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Workspace not found');
  }, 120_000);
});
