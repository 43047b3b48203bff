/**
 * `npm start`'s first step: builds the widget and the console only when a source is newer than
 * what dist/ holds (or something is missing), so a restart serves at once instead of rebuilding
 * for half a minute, while a pull or an edit is still never served stale.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What the build writes; the oldest of them is what every source is compared with. */
export const BUILD_OUTPUTS = [
  'dist/widget.js',
  'dist/widget-extra.js',
  'dist/widget.mjs',
  'dist/widget.d.ts',
  'dist/console/index.html',
];
/** What the build reads: the two apps, the schemas they share, and the installed dependencies. */
export const BUILD_INPUTS = ['widget', 'console', 'shared', 'package.json', 'package-lock.json'];

/** Modification time in ms of a file, or the newest below a directory; undefined when missing. */
export function newestMtime(path: string): number | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)) ?? 0);
  }
  return newest;
}

/** A build is due when an output is missing or any input changed after the oldest output. */
export function buildIsDue(
  outputs: ReadonlyArray<number | undefined>,
  inputs: ReadonlyArray<number | undefined>,
) {
  if (outputs.length === 0 || outputs.some((t) => t === undefined)) return true;
  const oldest = Math.min(...(outputs as number[]));
  return inputs.some((t) => t !== undefined && t > oldest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = (paths: string[]) => paths.map((p) => newestMtime(join(ROOT, p)));
  if (buildIsDue(at(BUILD_OUTPUTS), at(BUILD_INPUTS))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  } else {
    console.log('widget and console are up to date (dist/ is newer than their sources)');
  }
}
