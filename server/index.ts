import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { seedDemo } from '../demo/seed/index.ts';
import { createApp } from './app.ts';
import { createSecretBox } from './crypto.ts';
import { openDatabase } from './db/client.ts';
import { loadEncryptionKey } from './encryption-key.ts';
import { loadEnv } from './env.ts';
import { createLogger } from './http/logger.ts';
import type { AppDeps } from './http/types.ts';
import { startJobs } from './jobs/index.ts';
import { assertEncryptionKey } from './services/key-check.ts';

/** How long in-flight requests may take to finish after SIGTERM before connections are cut. */
const SHUTDOWN_GRACE_MS = 25_000;

/** Starts the server: env → database (migrated) → app → jobs; stops gracefully on SIGTERM/SIGINT. */
async function main() {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  log.info('opening_database', { database: env.DATABASE_URL ? 'postgres' : 'pglite' });
  const database = await openDatabase({
    url: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    queueTimeoutMs: env.DATABASE_QUEUE_TIMEOUT_MS,
    dataDir: env.DATABASE_URL ? undefined : join(env.ATTACH_DATA_DIR, 'pglite'),
    onWait: (what) => log.info('waiting', { for: what, why: 'another instance is migrating the database' }),
  });
  const secretBox = createSecretBox(loadEncryptionKey(env.ATTACH_ENCRYPTION_KEY, env.ATTACH_DATA_DIR));
  await assertEncryptionKey(database, secretBox);
  const deps: AppDeps = {
    database,
    config: {
      operatorToken: env.ATTACH_OPERATOR_TOKEN,
      publicUrl,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      allowPrivateWebhooks: env.ATTACH_ALLOW_PRIVATE_WEBHOOKS,
      widgetRateLimits: {
        userPerMinute: env.ATTACH_RATE_LIMIT_PER_USER,
        authFailuresPerMinute: env.ATTACH_RATE_LIMIT_AUTH_FAILURES,
      },
      trustedProxies: env.ATTACH_TRUSTED_PROXIES,
      webhookRetentionDays: env.ATTACH_WEBHOOK_RETENTION_DAYS,
      eventRetentionDays: env.ATTACH_EVENT_RETENTION_DAYS,
      decisionRetentionDays: env.ATTACH_DECISION_RETENTION_DAYS,
      auditRetentionDays: env.ATTACH_AUDIT_RETENTION_DAYS,
    },
    secretBox,
    log,
    now: () => new Date(),
  };
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    log.info('listening', { url: publicUrl, port: info.port, database: database.kind });
  });
  if (env.ATTACH_DEMO) await seedDemo(deps, { dataDir: env.ATTACH_DATA_DIR });
  const stopJobs = env.ATTACH_JOBS ? startJobs(deps) : async () => {};

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting_down', { signal });
    // Jobs stop taking work now, while connections drain: a webhook send in flight ends within its
    // timeout, so the whole stop stays inside the grace period.
    const jobsStopped = stopJobs();
    // net.Server#close: stop accepting and call back once every connection has ended. Not
    // http.Server#close, which also destroys "idle" sockets at once — including ones whose request
    // bytes have arrived but are not parsed yet (the event loop was busy), resetting requests the
    // client already sent. Instead every response from now on closes its connection, idle
    // keep-alive sockets end at their keep-alive timeout, and a grace period caps the wait.
    NetServer.prototype.close.call(server, async () => {
      clearTimeout(grace);
      await jobsStopped;
      await database.close();
      log.info('stopped');
      process.exit(0);
    });
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      res.shouldKeepAlive = false;
    });
    const grace = setTimeout(() => {
      log.warn('shutdown_grace_expired', { graceMs: SHUTDOWN_GRACE_MS });
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  console.error(`Attach failed to start: ${err.message}`);
  process.exit(1);
});
