import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { type ServerProcess, spawnServer } from '../../support/process.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

export interface DemoServer {
  server: ServerProcess;
  url: string;
  consoleLogin: { email: string; password: string };
  stop(): Promise<void>;
}

/**
 * The real server with the demo seeded, jobs on (webhooks reach the demo host's backend on
 * loopback), exactly as `npm start` runs it, on a throwaway data directory.
 */
export async function startDemoServer(): Promise<DemoServer> {
  buildConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'attach-e2e-console-'));
  // A known port, because the demo registers its webhook endpoint at PUBLIC_URL while seeding.
  const port = await freePort();
  const server = await spawnServer({
    dataDir,
    port,
    env: {
      ATTACH_DEMO: 'true',
      ATTACH_JOBS: 'true',
      ATTACH_ALLOW_PRIVATE_WEBHOOKS: 'true',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    readyTimeoutMs: 180_000,
  });
  const credentials = await waitForCredentials(join(dataDir, 'demo-credentials.json'));
  return {
    server,
    url: server.url,
    consoleLogin: credentials,
    async stop() {
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server serves dist/console as built; build it from the current sources so the test never runs a stale SPA. */
function buildConsole() {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '-c',
      'console/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The seed writes the demo's console login once the demo workspace exists. */
async function waitForCredentials(path: string): Promise<{ email: string; password: string }> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as {
        consoleLogin?: { email: string; password: string };
      };
      if (parsed.consoleLogin) return parsed.consoleLogin;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the demo seed did not write ${path} in time`);
}

export async function signInToConsole(
  page: Page,
  baseUrl: string,
  login: { email: string; password: string },
) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core in the page and returns the moderate, serious and critical violations: moderate
 * takes in the landmark and heading-order rules screen-reader users navigate by. The source is
 * evaluated over the DevTools protocol, so the console's CSP (no inline scripts) stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact !== 'minor');
}
