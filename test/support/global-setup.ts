import { pgliteSnapshotPath } from './pglite-snapshot.ts';

/** Builds the migrated PGlite snapshot once, before the test files start in parallel. */
export default async function setup() {
  if (!process.env.DATABASE_URL) await pgliteSnapshotPath();
}
