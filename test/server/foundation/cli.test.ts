import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/crypto.ts';
import { openDatabase } from '../../../server/db/client.ts';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
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

async function readWorkspace(id: string) {
  const database = await openDatabase(
    scratch ? { url: scratch.url, max: 1 } : { dataDir: join(dataDir, 'pglite') },
  );
  try {
    return await findWorkspaceById(database.db, id);
  } finally {
    await database.close();
  }
}

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

  it('bad input › exits 1 with a clear message', async () => {
    const missing = await attach('workspace', 'create');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--name');
    const unknown = await attach('keys', 'rotate', 'ws_nope', '--keys', 'secret');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Workspace not found');
  }, 120_000);
});
