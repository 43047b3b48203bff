import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded database is one process's: a second one writing the same files loses data. */
export class DataDirLockedError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the PGlite data directory for this process: a lock file holding its pid, created
 * exclusively. A lock left by a process that is gone (a crash, a SIGKILL) is taken over; one held by
 * a running process is refused with a message that says what to do. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'attach.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirLockedError(
          `Another Attach process (pid ${holder}) has the embedded database in ${dataDir} open, and it admits ` +
            'one process at a time: stop that process first (the CLI too), or run several instances on ' +
            'PostgreSQL (DATABASE_URL).',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${path}; another process keeps creating it`);
}
