import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsDue, newestMtime } from '../../server/build-if-stale.ts';

const dir = mkdtempSync(join(tmpdir(), 'attach-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start: build only when due', () => {
  it('is due when an output is missing or a source changed after the oldest output, not otherwise', () => {
    expect(buildIsDue([100, 200], [50, 99])).toBe(false);
    expect(buildIsDue([100, 200], [50, 150])).toBe(true);
    expect(buildIsDue([100, undefined], [50])).toBe(true);
    expect(buildIsDue([], [50])).toBe(true);
    // A source that does not exist (no lock file yet) changes nothing.
    expect(buildIsDue([100], [undefined, 90])).toBe(false);
  });

  it('reads the newest modification time below a directory, a file, or nothing', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'deep'), { recursive: true });
    for (const [file, seconds] of [
      ['a.ts', 1_000],
      ['deep/b.ts', 3_000],
    ] as const) {
      writeFileSync(join(src, file), '');
      utimesSync(join(src, file), seconds, seconds);
    }
    utimesSync(join(src, 'deep'), 500, 500);
    utimesSync(src, 500, 500);
    expect(newestMtime(src)).toBe(3_000_000);
    expect(newestMtime(join(src, 'a.ts'))).toBe(1_000_000);
    expect(newestMtime(join(dir, 'missing'))).toBeUndefined();
  });
});
