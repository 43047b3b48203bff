import type { AppDeps } from '../http/types.ts';
import { pruneEvents } from '../services/event-retention.ts';
import type { Job } from './index.ts';

/** Prunes raw events past ATTACH_EVENT_RETENTION_DAYS (when set), hourly. */
export const eventRetention: Job = {
  name: 'event-retention',
  everyMs: 3_600_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    const { settled, pruned } = await pruneEvents(deps, stopping);
    if (settled > 0 || pruned > 0)
      deps.log.info('events_pruned', { events: pruned, purchasesSettled: settled });
  },
};
