import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, PROCESS_OPERATOR_TOKEN, spawnServer } from '../../support/process.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'attach-proc-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Holds an exclusive lock on the accounts table from another session until `release`. */
async function lockAccounts(sql: postgres.Sql) {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = sql.begin(async (tx) => {
    await tx`lock table accounts in access exclusive mode`;
    locked();
    await held;
  });
  await isLocked;
  return {
    async release() {
      release();
      await holder;
    },
  };
}

async function post(url: string, path: string, token: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** HTTP/1.1 through a given agent, so a request reuses that agent's already accepted connection. */
function send(agent: Agent, method: string, url: string, options: { token?: string; body?: unknown } = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(url, {
      method,
      agent,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {}),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const accounts = (batch: number) =>
  Array.from({ length: 1000 }, (_, i) => ({ id: `b${batch}_${i}`, name: `Account ${i}`, seats: i }));

describe('server process', () => {
  it('SIGTERM while requests are in flight › every request completes with 2xx and the process exits 0', async () => {
    const scratch = process.env.DATABASE_URL
      ? await createScratchDatabase(process.env.DATABASE_URL)
      : undefined;
    const server = await spawnServer({
      dataDir: tempDir(),
      databaseUrl: scratch?.url,
      env: { ATTACH_JOBS: 'false' },
    });
    try {
      const ws = await post(server.url, '/v1/workspaces', PROCESS_OPERATOR_TOKEN, { name: 'Shutdown' });
      expect(ws.status).toBe(201);
      // One connection per request, opened and answered once before the signal: a request only
      // counts as in flight once the server has accepted its connection (connections still in the
      // kernel's accept backlog are reset when the listening socket closes, on any server).
      const agents = Array.from({ length: 12 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      await Promise.all(agents.map((agent) => send(agent, 'GET', `${server.url}/healthz`)));
      let finished = 0;
      const inFlight = agents.map((agent, i) =>
        send(agent, 'POST', `${server.url}/v1/admin/accounts/batch`, {
          token: ws.body.secretKey,
          body: { items: accounts(i) },
        }).finally(() => {
          finished++;
        }),
      );
      // Just long enough for the requests to reach the server; twelve 1,000-row batches keep even a
      // fast PostgreSQL busy well past this (a longer pause let them all finish first).
      await new Promise((r) => setTimeout(r, 30));
      const pendingAtSignal = 12 - finished;
      const exited = new Promise<number | null>((resolve) =>
        server.child.once('exit', (code) => resolve(code)),
      );
      server.child.kill('SIGTERM');
      const results = await Promise.all(inFlight);
      expect(pendingAtSignal).toBeGreaterThan(0);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      expect(await exited).toBe(0);
      expect(server.output()).toContain('"msg":"stopped"');
    } finally {
      await server.kill('SIGKILL');
      await scratch?.drop();
    }
  }, 240_000);

  it.runIf(process.env.DATABASE_URL)(
    'DATABASE_STATEMENT_TIMEOUT_MS › a statement stuck behind a lock answers 503 with Retry-After, then the server serves again',
    async () => {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? '');
      const server = await spawnServer({
        dataDir: tempDir(),
        databaseUrl: scratch.url,
        env: { ATTACH_JOBS: 'false', DATABASE_STATEMENT_TIMEOUT_MS: '300', DATABASE_POOL_SIZE: '3' },
      });
      const locker = postgres(scratch.url, { max: 1, onnotice: () => {} });
      try {
        const ws = await post(server.url, '/v1/workspaces', PROCESS_OPERATOR_TOKEN, { name: 'Timeouts' });
        expect(ws.status).toBe(201);
        const list = () =>
          fetch(`${server.url}/v1/admin/accounts`, {
            headers: { authorization: `Bearer ${ws.body.secretKey}` },
          });
        const lock = await lockAccounts(locker);
        const stuck = await list();
        expect(stuck.status).toBe(503);
        expect(stuck.headers.get('retry-after')).toBe('1');
        expect(((await stuck.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
        await lock.release();
        expect((await list()).status).toBe(200);
        expect(server.output()).toContain('"msg":"database_unavailable"');
        expect(server.output()).not.toContain('unhandled_error');
      } finally {
        await locker.end();
        await server.kill('SIGKILL');
        await scratch.drop();
      }
    },
    60_000,
  );

  it.runIf(process.env.DATABASE_URL)(
    'DATABASE_QUEUE_TIMEOUT_MS › with every connection busy a request answers 503 at once instead of queueing',
    async () => {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? '');
      const server = await spawnServer({
        dataDir: tempDir(),
        databaseUrl: scratch.url,
        env: { ATTACH_JOBS: 'false', DATABASE_POOL_SIZE: '1', DATABASE_QUEUE_TIMEOUT_MS: '300' },
      });
      const locker = postgres(scratch.url, { max: 1, onnotice: () => {} });
      try {
        const ws = await post(server.url, '/v1/workspaces', PROCESS_OPERATOR_TOKEN, { name: 'Queue' });
        const get = (path: string) =>
          fetch(`${server.url}/v1/admin/${path}`, {
            headers: { authorization: `Bearer ${ws.body.secretKey}` },
          });
        expect((await get('products')).status).toBe(200);
        const lock = await lockAccounts(locker);
        // Takes the pool's one connection and waits on the lock with it.
        const stuck = get('accounts');
        await new Promise((r) => setTimeout(r, 200));
        const queued = await get('products');
        expect(queued.status).toBe(503);
        expect(((await queued.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
        await lock.release();
        expect((await stuck).status).toBe(200);
        expect((await get('products')).status).toBe(200);
      } finally {
        await locker.end();
        await server.kill('SIGKILL');
        await scratch.drop();
      }
    },
    60_000,
  );

  it('a second process on the same PGlite directory refuses to start; the first keeps serving', async () => {
    const dataDir = tempDir();
    const first = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false' } });
    try {
      const second = spawnServer({ dataDir, env: { ATTACH_JOBS: 'false' } });
      await expect(second).rejects.toThrow(
        new RegExp(
          `exited with 1 before listening[\\s\\S]*pid ${first.child.pid}[\\s\\S]*one process at a time`,
        ),
      );
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      await first.kill('SIGTERM');
    }
    // Stopped, the first releases the directory.
    const third = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false' } });
    await third.kill('SIGTERM');
  }, 240_000);

  it('a restart with another encryption key refuses to start instead of failing every token check', async () => {
    const dataDir = tempDir();
    const keyA = 'a'.repeat(64);
    const first = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false', ATTACH_ENCRYPTION_KEY: keyA } });
    try {
      const ws = await post(first.url, '/v1/workspaces', PROCESS_OPERATOR_TOKEN, { name: 'Sealed' });
      expect(ws.status).toBe(201);
    } finally {
      await first.kill('SIGTERM');
    }
    const wrong = spawnServer({
      dataDir,
      env: { ATTACH_JOBS: 'false', ATTACH_ENCRYPTION_KEY: 'b'.repeat(64) },
    });
    await expect(wrong).rejects.toThrow(/exited with 1 before listening[\s\S]*same ATTACH_ENCRYPTION_KEY/);
    const right = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false', ATTACH_ENCRYPTION_KEY: keyA } });
    await right.kill('SIGTERM');
  }, 240_000);

  it('data survives a restart on the same PGlite directory', async () => {
    const dataDir = tempDir();
    const first = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false' } });
    let secretKey = '';
    try {
      const ws = await post(first.url, '/v1/workspaces', PROCESS_OPERATOR_TOKEN, { name: 'Durable' });
      secretKey = ws.body.secretKey;
      const res = await post(first.url, '/v1/admin/accounts/batch', secretKey, {
        items: [{ id: 'kept', name: 'Kept' }],
      });
      expect(res.status).toBe(200);
    } finally {
      await first.kill('SIGTERM');
    }
    const second = await spawnServer({ dataDir, env: { ATTACH_JOBS: 'false' } });
    try {
      const res = await fetch(`${second.url}/v1/admin/accounts/kept`, {
        headers: { authorization: `Bearer ${secretKey}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'kept', name: 'Kept' });
    } finally {
      await second.kill('SIGTERM');
    }
  }, 240_000);

  it('a bad environment value exits 1 with one clear line', async () => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: 'abc' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid environment: PORT="abc": /);
    expect(stdout).toBe('');
  }, 120_000);
});
