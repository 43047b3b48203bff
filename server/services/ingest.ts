import type { ValidationIssue } from '../../shared/errors.ts';
import {
  DEFAULT_SNOOZE_DAYS,
  EVENT_TS_MAX_AGE_MS,
  EVENT_TS_MAX_FUTURE_MS,
  type EventAck,
  type EventInput,
  MAX_SNOOZE_DAYS,
  MESSAGE_EVENTS,
  PAGE_VIEW_EVENT,
  pageViewCounterName,
} from '../../shared/events.ts';
import { INTERACTION_EVENTS, isHostEventName } from '../../shared/vocabulary.ts';
import type { EventRow } from '../db/queries/events.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { nulPath } from '../http/validation.ts';
import { writeEventBatch } from './ingest-writer.ts';
import { noteSynced, noteVocabulary, WIDGET_EVENT_NAMES_CAP } from './vocabulary.ts';

/** An event attributed to its account and (optionally) user: from the token, or named by the server. */
export interface AttributedEvent extends EventInput {
  accountId: string;
  userId?: string | null | undefined;
  /** `props` serialised once, by the parser (ingest-parse.ts). */
  propsJson: string;
}

export interface IngestBatch {
  workspaceId: string;
  source: 'widget' | 'server';
  events: AttributedEvent[];
}

/**
 * Checks what the schema cannot know: the time window (relative to the server clock), that
 * interaction events name their message, the snooze length, and that props can be stored. Any
 * problem fails the whole batch; each names its event, so a client can drop just those.
 */
export function batchIssues(events: readonly AttributedEvent[], now: Date): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const latest = now.getTime() + EVENT_TS_MAX_FUTURE_MS;
  const earliest = now.getTime() - EVENT_TS_MAX_AGE_MS;
  events.forEach((event, index) => {
    const at = Date.parse(event.ts);
    if (!(at <= latest && at >= earliest)) {
      issues.push({
        path: ['events', index, 'ts'],
        message: 'ts must be at most 24 hours ahead of and at most 30 days behind the server clock',
        code: 'ts_out_of_range',
      });
    }
    if (INTERACTION_EVENTS.has(event.name) && !event.decisionId && !event.campaignId) {
      issues.push({
        path: ['events', index, 'decisionId'],
        message: `${event.name} must carry the decisionId (or campaignId) of its message`,
        code: 'missing_message_reference',
      });
    }
    // JSON writes NUL as \u0000, so the serialised props rule out the walk for almost every event.
    const nulAt = event.propsJson.includes('\\u0000') ? nulPath(event.props) : null;
    if (nulAt) {
      issues.push({
        path: ['events', index, 'props', ...nulAt],
        message: 'props must not contain the NUL character (U+0000): it cannot be stored',
        code: 'unsupported_character',
      });
    }
    if (event.name === MESSAGE_EVENTS.snoozed && snoozeDays(event.props) === null) {
      issues.push({
        path: ['events', index, 'props', 'snoozeDays'],
        message: `snoozeDays must be a number greater than 0 and at most ${MAX_SNOOZE_DAYS}`,
        code: 'invalid_snooze',
      });
    }
  });
  return issues;
}

function snoozeDays(props: Record<string, unknown>): number | null {
  const days = props.snoozeDays;
  if (days === undefined) return DEFAULT_SNOOZE_DAYS;
  return typeof days === 'number' && days > 0 && days <= MAX_SNOOZE_DAYS ? days : null;
}

/** Matches the longest page pattern a trigger can hold; longer or non-path values get no page counter. */
const MAX_COUNTED_PATH = 300;

function pageCounter(path: unknown): string | null {
  if (typeof path !== 'string' || !path.startsWith('/') || path.length > MAX_COUNTED_PATH) return null;
  return pageViewCounterName(path);
}

function toRow(event: AttributedEvent): EventRow {
  return {
    id: event.id.toLowerCase(),
    name: event.name,
    ts: event.ts,
    propsJson: event.propsJson,
    decision_id: event.decisionId ?? null,
    campaign_id: event.campaignId ?? null,
    account_id: event.accountId,
    user_id: event.userId ?? null,
    page: event.name === PAGE_VIEW_EVENT ? pageCounter(event.props.path) : null,
    snooze_days: event.name === MESSAGE_EVENTS.snoozed ? snoozeDays(event.props) : null,
  };
}

/**
 * Validates the batch against the clock, then stores it and updates counters and message states in
 * one statement. Resolves only after commit, so a 202 built from its result is durable. Repeats of
 * an id — within the batch or already stored — are reported as duplicates and change nothing.
 */
export async function ingestEvents(deps: AppDeps, batch: IngestBatch): Promise<EventAck> {
  const now = deps.now();
  const issues = batchIssues(batch.events, now);
  if (issues.length) {
    const first = issues[0];
    const where = first ? `body.${first.path.join('.')}: ${first.message}` : 'Invalid events';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new ApiError(400, 'validation_failed', `${where}${more}`, { target: 'body', issues });
  }
  const seen = new Set<string>();
  const rows: EventRow[] = [];
  for (const event of batch.events) {
    const row = toRow(event);
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    rows.push(row);
  }
  const accepted = await writeEventBatch(deps.database, {
    workspaceId: batch.workspaceId,
    source: batch.source,
    receivedAt: now,
    rows,
  });
  await noteVocabulary(
    deps,
    batch.workspaceId,
    'event',
    rows.map((r) => r.name).filter(isHostEventName),
    batch.source === 'widget' ? WIDGET_EVENT_NAMES_CAP : undefined,
  );
  if (batch.source === 'server') await noteSynced(deps, batch.workspaceId, 'events');
  return { accepted, duplicates: batch.events.length - accepted };
}
