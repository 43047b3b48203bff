import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../../server/db/batcher.ts';

/** A run function that records its batches and finishes each when the test says so. */
function recorder<I>(result: (item: I) => unknown = (item) => item) {
  const batches: I[][] = [];
  const pending: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  return {
    batches,
    get maxRunning() {
      return maxRunning;
    },
    run: (items: readonly I[]) => {
      batches.push([...items]);
      running++;
      maxRunning = Math.max(maxRunning, running);
      return new Promise<unknown[]>((resolve, reject) => {
        pending.push(() => {
          running--;
          try {
            resolve(items.map(result));
          } catch (err) {
            reject(err);
          }
        });
      });
    },
    /** Finishes every batch started so far, then lets the batcher start the next ones. */
    async flush() {
      for (const finish of pending.splice(0)) finish();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createBatcher', () => {
  it('runs a lone item at once, and items queued behind a running batch together, results in order', async () => {
    const r = recorder<number>((n) => n * 10);
    const load = createBatcher({ run: r.run, maxBatch: 10, maxInFlight: 1 });
    const first = load(1);
    await tick();
    expect(r.batches).toEqual([[1]]);
    const rest = [2, 3, 4].map(load);
    await tick();
    expect(r.batches).toHaveLength(1);
    await r.flush();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    await r.flush();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('never puts more than maxBatch items in a batch nor runs more than maxInFlight batches', async () => {
    const r = recorder<number>();
    const load = createBatcher({ run: r.run, maxBatch: 3, maxInFlight: 2 });
    const all = Array.from({ length: 10 }, (_, i) => load(i));
    for (let i = 0; i < 6; i++) await r.flush();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...r.batches.map((b) => b.length))).toBe(3);
    expect(r.maxRunning).toBe(2);
  });

  it('keeps items sharing a key out of one batch and out of concurrent batches', async () => {
    const r = recorder<{ user: string; n: number }>();
    const load = createBatcher({ run: r.run, maxBatch: 10, maxInFlight: 2, keys: (i) => [i.user] });
    const all = [
      { user: 'a', n: 1 },
      { user: 'a', n: 2 },
      { user: 'b', n: 3 },
      { user: 'a', n: 4 },
    ].map(load);
    await tick();
    // The first batch takes a and b; the other a's cannot run beside it in a second batch.
    expect(r.batches).toEqual([
      [
        { user: 'a', n: 1 },
        { user: 'b', n: 3 },
      ],
    ]);
    for (let i = 0; i < 3; i++) await r.flush();
    await Promise.all(all);
    expect(r.batches.slice(1)).toEqual([[{ user: 'a', n: 2 }], [{ user: 'a', n: 4 }]]);
  });

  it('never mixes groups in one batch', async () => {
    const r = recorder<string>();
    const load = createBatcher({ run: r.run, maxBatch: 10, maxInFlight: 1, group: (s) => s[0] ?? '' });
    const all = ['x1', 'y1', 'x2', 'y2'].map(load);
    for (let i = 0; i < 3; i++) await r.flush();
    await Promise.all(all);
    expect(r.batches).toEqual([
      ['x1', 'x2'],
      ['y1', 'y2'],
    ]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const r = recorder<number>((n) => {
      if (n === 13) throw new Error('bad item');
      return n;
    });
    const load = createBatcher({ run: r.run, maxBatch: 10, maxInFlight: 1 });
    const results = [12, 13, 14].map((n) => load(n).then(String, (err: Error) => err.message));
    for (let i = 0; i < 3; i++) await r.flush();
    expect(await Promise.all(results)).toEqual(['12', 'bad item', '14']);
    expect(r.batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });
});
