import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../../../server/crypto.ts';
import { createLogger } from '../../../server/http/logger.ts';
import type { AppDeps } from '../../../server/http/types.ts';
import { createWorkspace } from '../../../server/services/workspaces.ts';
import { createTestDatabase } from '../../support/db.ts';

/**
 * A bench's server dependencies on a fresh database (PGlite, or PostgreSQL with DATABASE_URL) and
 * one workspace in it, made as the server makes them.
 */
export async function benchWorkspace() {
  const database = await createTestDatabase();
  const deps: AppDeps = {
    database,
    config: { publicUrl: 'http://127.0.0.1', bodyLimitBytes: 1_048_576, allowPrivateWebhooks: false },
    secretBox: createSecretBox(randomBytes(32)),
    log: createLogger('error'),
    now: () => new Date(),
  };
  const { credentials } = await database.db.transaction((tx) =>
    createWorkspace(deps, tx, { name: 'Bench', allowedOrigins: [], settings: {} }, 'bench'),
  );
  return { deps, credentials };
}
