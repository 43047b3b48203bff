import type { AppDeps } from '../http/types.ts';
import { pruneEvents } from '../services/event-retention.ts';
import type { Job } from './index.ts';

/** With ATTACH_EVENT_RETENTION_DAYS set: prunes raw events past it and folds old counter days, hourly. */
export const eventRetention: Job = {
  name: 'event-retention',
  everyMs: 3_600_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    const run = await pruneEvents(deps, stopping);
    if (Object.values(run).some((n) => n > 0)) deps.log.info('events_pruned', { ...run });
  },
};
