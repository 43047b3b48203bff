/**
 * Natural batching of one kind of statement across concurrent requests. Under light load every
 * item runs at once in a batch of its own; while `maxInFlight` batches are running, new items queue
 * and leave together in the next batch. A hot path that sends one statement per request pays the
 * driver's and the server's per-statement cost (a socket write, a parse/bind, executor start-up, a
 * commit and its WAL flush) once per batch instead of once per request.
 *
 * `keys` names the rows an item writes: no two items sharing a key run in one batch or in two
 * batches at once (a multi-row upsert may not touch one row twice, and two batches locking the same
 * rows in opposite orders could deadlock). `group` keeps items that must share statement-wide
 * parameters apart. When a batch fails, each of its items is retried alone, so one bad item (or a
 * deadlock with another server instance) fails only itself.
 */
export interface BatcherOptions<I, O> {
  /** Runs one batch; returns one result per item, in item order. */
  run(items: readonly I[]): Promise<O[]>;
  maxBatch: number;
  maxInFlight: number;
  group?: (item: I) => string;
  keys?: (item: I) => readonly string[];
}

interface Pending<I, O> {
  item: I;
  group: string;
  keys: readonly string[];
  resolve(value: O): void;
  reject(reason: unknown): void;
}

export type Batcher<I, O> = (item: I) => Promise<O>;

export function createBatcher<I, O>(options: BatcherOptions<I, O>): Batcher<I, O> {
  const queue: Array<Pending<I, O>> = [];
  const busyKeys = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  function take(): Array<Pending<I, O>> {
    const batch: Array<Pending<I, O>> = [];
    const batchKeys = new Set<string>();
    let group: string | undefined;
    for (let i = 0; i < queue.length && batch.length < options.maxBatch; ) {
      const p = queue[i] as Pending<I, O>;
      const fits =
        (group === undefined || p.group === group) &&
        p.keys.every((k) => !busyKeys.has(k) && !batchKeys.has(k));
      if (!fits) {
        i++;
        continue;
      }
      group = p.group;
      for (const k of p.keys) batchKeys.add(k);
      batch.push(p);
      queue.splice(i, 1);
    }
    return batch;
  }

  async function runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      const results = await options.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error('a batch returned the wrong number of results');
      for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      await Promise.all(batch.map((p) => runBatch([p])));
    }
  }

  function pump(): void {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight++;
      for (const p of batch) for (const k of p.keys) busyKeys.add(k);
      void runBatch(batch).finally(() => {
        inFlight--;
        for (const p of batch) for (const k of p.keys) busyKeys.delete(k);
        pump();
      });
    }
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({
        item,
        group: options.group?.(item) ?? '',
        keys: options.keys?.(item) ?? [],
        resolve,
        reject,
      });
      if (!scheduled) {
        scheduled = true;
        // Items arriving in the same turn of the event loop leave together.
        queueMicrotask(pump);
      }
    });
}
