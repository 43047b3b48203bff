import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { createApp } from '../../server/app.ts';
import { createSecretBox } from '../../server/crypto.ts';
import type { Database } from '../../server/db/client.ts';
import { createLogger } from '../../server/http/logger.ts';
import type { AppDeps } from '../../server/http/types.ts';
import type { WorkspaceCredentials } from '../../shared/workspace.ts';
import { createTestDatabase } from './db.ts';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789';

export interface TestContext {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: Database;
  /** Moves the injected clock; `now()` starts at the real time. */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/** Builds the real app on a fresh database, exactly as the server does. */
export async function createTestApp(overrides: Partial<AppDeps['config']> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const deps: AppDeps = {
    database,
    config: {
      operatorToken: OPERATOR_TOKEN,
      publicUrl: 'http://localhost:3000',
      bodyLimitBytes: 1_048_576,
      allowPrivateWebhooks: false,
      ...overrides,
    },
    secretBox: createSecretBox(randomBytes(32)),
    log: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
    now: () => clock.now,
  };
  return { app: createApp(deps), deps, database, clock, close: () => database.close() };
}

/** Creates a workspace through the operator API and returns its credentials. */
export async function createWorkspace(
  ctx: TestContext,
  body: Record<string, unknown> = { name: 'Acme' },
): Promise<WorkspaceCredentials> {
  const res = await ctx.app.request('/v1/workspaces', {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`workspace creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as WorkspaceCredentials;
}

/** Signs an end-user token the way a host backend would. */
export async function signUserToken(
  identitySecret: string,
  claims: { sub: string; account: string; role?: string; [k: string]: unknown },
  expiresIn = '1h',
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(identitySecret));
}

/** JSON request helper: `await call(ctx, 'POST', '/v1/admin/products', { key: sk, body })`. */
export async function call(
  ctx: TestContext,
  method: string,
  path: string,
  options: { key?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.key?.startsWith('pk_')) headers['x-attach-key'] = options.key;
  const bearer = options.key?.startsWith('pk_') ? options.token : (options.key ?? options.token);
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await ctx.app.request(path, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  return { status: res.status, headers: res.headers, text, body: json as any };
}
