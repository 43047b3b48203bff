import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JOBS, type Job } from '../../../server/jobs/index.ts';

const JOBS_DIR = fileURLToPath(new URL('../../../server/jobs/', import.meta.url));
const isJob = (value: unknown): value is Job =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Job).name === 'string' &&
  typeof (value as Job).everyMs === 'number' &&
  typeof (value as Job).run === 'function';

describe('background jobs', () => {
  it('every job a file under server/jobs exports is started, once, under a name of its own', async () => {
    const exported: Job[] = [];
    for (const file of readdirSync(JOBS_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const module = (await import(`${JOBS_DIR}${file}`)) as Record<string, unknown>;
      exported.push(...Object.values(module).filter(isJob));
    }
    expect(exported.length).toBeGreaterThanOrEqual(6);
    expect([...JOBS].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      exported.sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
  });
});
