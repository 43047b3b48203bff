/**
 * Runs `step` (one statement over at most `limit` rows) until a batch comes back short, adding what
 * each did to `run[key]`: short statements, so pruning never holds locks for long. False once
 * `stopping` is aborted: the run ends there, its later steps too.
 */
export async function inBatches<K extends string>(
  run: Record<K, number>,
  key: K,
  limit: number,
  step: (limit: number) => Promise<number>,
  stopping: AbortSignal | undefined,
): Promise<boolean> {
  for (;;) {
    if (stopping?.aborted) return false;
    const n = await step(limit);
    run[key] += n;
    if (n < limit) return true;
  }
}
