import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { signUserToken } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';
import {
  createScratchDatabase,
  PROCESS_OPERATOR_TOKEN,
  type ServerProcess,
  spawnServer,
} from '../../support/process.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'attach-crash-'));
const env = {
  ATTACH_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  ATTACH_ALLOW_PRIVATE_WEBHOOKS: 'true',
  LOG_LEVEL: 'info',
};
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

async function database(url: string | undefined) {
  return openDatabase(url ? { url, max: 2 } : { dataDir: join(dataDir, 'pglite') });
}

async function spawn(databaseUrl: string | undefined, jobs: boolean): Promise<ServerProcess> {
  const server = await spawnServer({ dataDir, databaseUrl, env: { ...env, ATTACH_JOBS: String(jobs) } });
  cleanups.push(() => server.kill('SIGKILL'));
  return server;
}

async function http(
  server: ServerProcess,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown },
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('webhook delivery across a crash', () => {
  it('delivers purchase.created after restart when the server was SIGKILLed right after acknowledging the purchase', async () => {
    const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
    if (scratch) cleanups.push(() => scratch.drop());
    const url = scratch?.url;

    // 1. A first server creates the workspace, then stops so the test can seed its database.
    let server = await spawn(url, false);
    const created = await http(server, 'POST', '/v1/workspaces', {
      headers: { authorization: `Bearer ${PROCESS_OPERATOR_TOKEN}` },
      body: { name: 'Crash Co' },
    });
    expect(created.status).toBe(201);
    const creds = created.body as unknown as WorkspaceCredentials;
    await server.kill('SIGTERM');
    const db = await database(url);
    await seedProducts({ database: db }, creds.workspaceId, [{ key: 'reports', amount: 4_900 }]);
    await seedAccount({ database: db }, creds.workspaceId, 'acc_1', {}, [{ id: 'u1', role: 'admin' }]);
    const campaignId = await seedCampaign({ database: db }, creds.workspaceId, 'reports');
    const decision = await seedDecision({ database: db }, creds.workspaceId, {
      campaignId,
      accountId: 'acc_1',
      userId: 'u1',
      productKey: 'reports',
    });
    await db.close();

    // 2. With jobs off nothing is delivered: the purchase is acknowledged, then the process is killed.
    const receiver: Receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    server = await spawn(url, false);
    const endpoint = await http(server, 'POST', '/v1/admin/webhooks/endpoints', {
      headers: { authorization: `Bearer ${creds.secretKey}` },
      body: { url: receiver.url, eventTypes: ['purchase.created'] },
    });
    expect(endpoint.status).toBe(201);
    const token = await signUserToken(creds.identitySecret, { sub: 'u1', account: 'acc_1', role: 'admin' });
    const bought = await http(server, 'POST', '/v1/purchases', {
      headers: {
        'x-attach-key': creds.publishableKey,
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
      },
      body: { decisionId: decision.decisionId, productKey: 'reports', offerVersion: decision.offer.version },
    });
    expect(bought.status).toBe(201);
    await server.kill('SIGKILL');
    expect(receiver.received).toHaveLength(0);

    // 3. After a restart the dispatcher finds the committed outbox row and delivers it, signed.
    server = await spawn(url, true);
    await until(() => receiver.received.length > 0, 60_000);
    const [message] = receiver.received;
    const payload = new Webhook(String(endpoint.body.secret)).verify(
      message?.body ?? '',
      message?.headers as Record<string, string>,
    ) as { type: string; data: { purchase: { id: string } } };
    expect(payload.type).toBe('purchase.created');
    expect(payload.data.purchase.id).toBe(bought.body.id);
    await server.kill('SIGTERM');
  }, 240_000);
});
