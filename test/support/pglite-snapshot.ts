import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS_DIR, openDatabase } from '../../server/db/client.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/attach-test', import.meta.url));
const PGLITE_PACKAGE = fileURLToPath(
  new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
);

/** Changes whenever a migration or the PGlite version changes, so a stale snapshot is never reused. */
function snapshotKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(PGLITE_PACKAGE));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_DIR);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Path of a tarball of a freshly migrated PGlite data directory. Booting PGlite from it skips
 * initdb and the migrations, which are most of the ~4 s a fresh in-memory database costs. Built
 * once per migration set (by the vitest globalSetup, or by the first caller) and cached under
 * node_modules/.cache; written to a temporary name and renamed, so parallel runs never read half a file.
 */
export async function pgliteSnapshotPath(): Promise<string> {
  const path = join(CACHE_DIR, `pglite-${snapshotKey()}.tar`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const client = new PGlite();
  const database = await openDatabase({ pglite: client });
  try {
    // Uncompressed: a gzip tarball is ten times smaller but slower to load on every test file.
    const tarball = await client.dumpDataDir('none');
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, Buffer.from(await tarball.arrayBuffer()));
    renameSync(temporary, path);
  } finally {
    await database.close();
  }
  return path;
}

/** A new in-memory PGlite booted from the migrated snapshot. */
export async function pgliteFromSnapshot(): Promise<PGlite> {
  const tarball = readFileSync(await pgliteSnapshotPath());
  const client = new PGlite({ loadDataDir: new Blob([tarball]) });
  await client.waitReady;
  return client;
}
