import { sha256 } from '../../server/crypto.ts';
import { workspaceName } from '../../server/db/queries/workspace-deletion.ts';
import { findWorkspaceById, updateWorkspace } from '../../server/db/queries/workspaces.ts';
import type { AppDeps, WorkspaceRow } from '../../server/http/types.ts';
import { recomputeAffinity } from '../../server/services/affinity.ts';
import { purgeWorkspaceNow } from '../../server/services/workspace-deletion.ts';
import { rotateKeys } from '../../server/services/workspaces.ts';
import { bannerLines } from './banner.ts';
import { createDemoWorkspace, DEMO_WORKSPACE_ID } from './create.ts';
import { type DemoCredentials, loadCredentials, registerDemoHost, saveCredentials } from './credentials.ts';
import { holdoutPersonaAccountId } from './holdout.ts';
import { ensureDemoEndpoint } from './webhook-endpoint.ts';

export { DEMO_WORKSPACE_ID } from './create.ts';

export interface SeedOptions {
  dataDir: string;
  /** Where the start-up banner goes; tests pass a no-op. */
  print?: (line: string) => void;
}

export interface SeedResult {
  created: boolean;
  credentials: DemoCredentials;
}

/** Postgres unique violation: another instance created the demo workspace first. */
const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' &&
  err !== null &&
  ((err as { code?: unknown }).code === '23505' ||
    (err as { cause?: { code?: unknown } }).cause?.code === '23505');

/**
 * The saved file is the only place the plain secret key lives. Anything else is re-read from the
 * database (publishable key, decrypted secrets), so a rotation done in the console is picked up.
 * A missing file (data directory wiped, shared Postgres) gets a fresh secret key.
 */
async function currentCredentials(
  deps: AppDeps,
  row: WorkspaceRow,
  dataDir: string,
): Promise<DemoCredentials> {
  const saved = await loadCredentials(dataDir, row.id);
  let secretKey = saved && sha256(saved.secretKey) === row.secretKeyHash ? saved.secretKey : '';
  if (!saved) {
    const rotated = await rotateKeys(deps, deps.database.db, row.id, 'demo-seed', ['secret']);
    secretKey = rotated.secretKey ?? '';
    deps.log.warn('demo_secret_key_rotated', { reason: 'credentials file missing', workspaceId: row.id });
  } else if (!secretKey) {
    deps.log.warn('demo_secret_key_unknown', { reason: 'rotated since the demo was created' });
  }
  const credentials: DemoCredentials = {
    ...saved,
    workspaceId: row.id,
    publishableKey: row.publishableKey,
    secretKey,
    identitySecret: deps.secretBox.open(row.identitySecretEnc),
  };
  return credentials;
}

/** The demo page calls the widget API from the server's own origin, which may change between starts. */
async function allowCurrentOrigin(deps: AppDeps, row: WorkspaceRow): Promise<void> {
  const origin = new URL(deps.config.publicUrl).origin;
  if (row.allowedOrigins.includes(origin)) return;
  await updateWorkspace(deps.database.db, row.id, { allowedOrigins: [...row.allowedOrigins, origin] });
  deps.log.info('demo_origin_allowed', { workspaceId: row.id, origin });
}

/** Creates the demo workspace and its data on first start; afterwards only reloads its keys. */
export async function seedDemo(deps: AppDeps, options: SeedOptions): Promise<SeedResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let created = false;
  if (!(await findWorkspaceById(deps.database.db, DEMO_WORKSPACE_ID))) {
    // The operator deleted the demo: what is left of it goes now, and it starts afresh.
    if (await workspaceName(deps.database.db, DEMO_WORKSPACE_ID))
      await purgeWorkspaceNow(deps, DEMO_WORKSPACE_ID);
    const started = Date.now();
    try {
      const credentials = await createDemoWorkspace(deps, { holdoutAccountId: holdoutPersonaAccountId() });
      await saveCredentials(options.dataDir, credentials);
      // Next-best-product campaigns need a snapshot from the first request, not after the hourly job.
      await recomputeAffinity(deps, DEMO_WORKSPACE_ID);
      created = true;
      deps.log.info('demo_seeded', { workspaceId: DEMO_WORKSPACE_ID, ms: Date.now() - started });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const row = await findWorkspaceById(deps.database.db, DEMO_WORKSPACE_ID);
  if (!row) throw new Error('demo workspace vanished during start-up');
  await allowCurrentOrigin(deps, row);
  const credentials = await currentCredentials(deps, row, options.dataDir);
  credentials.endpointSecret = await ensureDemoEndpoint(deps, row.id);
  await saveCredentials(options.dataDir, credentials);
  registerDemoHost(deps, { credentials, dataDir: options.dataDir });
  for (const line of bannerLines(deps.config.publicUrl, credentials, created)) print(line);
  return { created, credentials };
}
