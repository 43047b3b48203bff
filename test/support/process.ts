import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const PROCESS_OPERATOR_TOKEN = 'process-operator-token-0123456789';

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  /** PGlite data directory (used when databaseUrl is unset). */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Extra environment, e.g. `{ ATTACH_JOBS: 'false' }`. */
  env?: Record<string, string>;
  /** Port to listen on; 0 (default) lets the OS pick a free one, read back from the start-up log. */
  port?: number;
  readyTimeoutMs?: number;
}

/**
 * Starts the real server (`server/index.ts` under tsx) as a child process with the demo off, waits until
 * `/readyz` answers 200, and returns its URL. The port is chosen by the OS (PORT=0) and read from
 * the `listening` log line, so parallel spawns never race for a port.
 */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    ATTACH_DATA_DIR: options.dataDir,
    ATTACH_DEMO: 'false',
    ATTACH_OPERATOR_TOKEN: PROCESS_OPERATOR_TOKEN,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  if (!options.port && !['debug', 'info'].includes(env.LOG_LEVEL ?? '')) {
    throw new Error(
      'spawnServer reads the port from the info-level `listening` line: keep LOG_LEVEL info/debug',
    );
  }
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  // Node itself with tsx's loader, not the tsx CLI: the CLI is a wrapper process, and a SIGKILL to it
  // would leave the real server running as an orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // If the test or bench process ends first, take the server with it.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', reap);
      resolve();
    }),
  );
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${log}`)),
      options.readyTimeoutMs ?? 120_000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = log.match(/"msg":"listening"[^\n]*"port":(\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  let url: string;
  let port: number;
  try {
    port = await started;
    url = `http://127.0.0.1:${port}`;
    await waitReady(url, options.readyTimeoutMs ?? 120_000);
  } catch (err) {
    // A server that missed its start-up deadline may still come up later: never leave it running.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return {
    url,
    port,
    child,
    output: () => log,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not accepting connections yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
}

/** A new empty database on the PostgreSQL server of `url`, for a spawned server; `drop` removes it. */
export async function createScratchDatabase(
  url: string,
  prefix = 'attach_proc',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
