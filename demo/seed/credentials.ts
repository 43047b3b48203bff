import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WorkspaceCredentials } from '../../shared/workspace.ts';

/**
 * The demo's own keys. The database keeps only hashes and ciphertexts, so the plain values are written
 * once, at creation, to a file only the server's user can read, and printed from it on later starts.
 */
export const DemoCredentials = WorkspaceCredentials.extend({
  consoleLogin: z.object({ email: z.string(), password: z.string() }).optional(),
  /** Signing secret of the demo host's webhook endpoint, when one was registered. */
  endpointSecret: z.string().optional(),
});
export type DemoCredentials = z.infer<typeof DemoCredentials>;

export const CREDENTIALS_FILE = 'demo-credentials.json';

export async function saveCredentials(dataDir: string, credentials: DemoCredentials): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, CREDENTIALS_FILE);
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode only applies when it creates the file; an older file keeps its mode otherwise.
  await chmod(path, 0o600);
}

/** The saved credentials, or undefined when the file is missing or not ours. */
export async function loadCredentials(
  dataDir: string,
  workspaceId: string,
): Promise<DemoCredentials | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, CREDENTIALS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = DemoCredentials.safeParse(json);
  return parsed.success && parsed.data.workspaceId === workspaceId ? parsed.data : undefined;
}

/** What the in-process demo host backend needs from the seed: a real host keeps it in its config. */
export interface DemoHostConfig {
  credentials: DemoCredentials;
  /** Where the host keeps its own small records (fulfilments received by webhook). */
  dataDir: string;
}

/** Keyed by the app's deps, so several apps in one process (tests) never see each other's demo. */
const registry = new WeakMap<object, DemoHostConfig>();

export function registerDemoHost(deps: object, config: DemoHostConfig): void {
  registry.set(deps, config);
}

export function demoHostConfig(deps: object): DemoHostConfig | undefined {
  return registry.get(deps);
}
