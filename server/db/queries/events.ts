import { MESSAGE_EVENTS } from '../../../shared/events.ts';
import type { Database } from '../client.ts';
import { rawClient } from './raw.ts';

/** One event ready to store: validated, attributed to an account (and user), page counter resolved. */
export interface EventRow {
  id: string;
  name: string;
  /** ISO 8601 with offset. */
  ts: string;
  /** The props object, already serialised (JSON). */
  propsJson: string;
  decision_id: string | null;
  campaign_id: string | null;
  account_id: string;
  user_id: string | null;
  /** Extra counter name for page views (`page.viewed:<path>`), else null. */
  page: string | null;
  /** Days to snooze, for `message.snoozed` only. */
  snooze_days: number | null;
}

export interface InsertEventsInput {
  workspaceId: string;
  source: 'widget' | 'server';
  receivedAt: Date;
  /** Unique lower-case ids: the caller drops repeats, so the join back from RETURNING is 1:1. */
  rows: EventRow[];
}

const CLICKED = MESSAGE_EVENTS.clicked;
const DISMISSED = MESSAGE_EVENTS.dismissed;
const SNOOZED = MESSAGE_EVENTS.snoozed;

// $1 workspace, $2 the rows as a JSON array (text), $3 received-at (the injected clock), $4 source.
const INSERT_BATCH = `
with input as (
  -- A primary-key probe only for events that name a decision (a join may hash the workspace's decisions).
  select x.id, x.name, x.ts, x.props, x.decision_id, x.account_id, x.user_id, x.page, x.snooze_days,
         coalesce(case when x.decision_id is not null then
                    (select d.campaign_id from decisions d where d.workspace_id = $1 and d.id = x.decision_id)
                  end, x.campaign_id) as campaign_id
  from json_to_recordset($2::text::json) as x(
    id uuid, name text, ts timestamptz, props jsonb, decision_id uuid, campaign_id uuid,
    account_id text, user_id text, page text, snooze_days float8)
),
ins as (
  insert into events (workspace_id, id, name, account_id, user_id, ts, received_at, source,
                      decision_id, campaign_id, props)
  select $1, id, name, account_id, user_id, ts, $3::timestamptz, $4, decision_id, campaign_id, props
  from input order by id
  on conflict (workspace_id, id) do nothing
  returning id
),
fresh as (select input.* from input join ins using (id)),
counters as (
  insert into event_counters as ec (workspace_id, account_id, user_id, name, day, count, first_at, last_at)
  select $1, f.account_id, u.user_id, n.name, (f.ts at time zone 'UTC')::date, count(*), min(f.ts), max(f.ts)
  from fresh f
  cross join lateral (values (f.name), (f.page)) as n(name)
  cross join lateral (values (f.user_id), ('')) as u(user_id)
  where n.name is not null and u.user_id is not null
  group by 2, 3, 4, 5
  order by 2, 3, 4, 5
  on conflict (workspace_id, account_id, user_id, name, day) do update
    set count = ec.count + excluded.count,
        first_at = least(ec.first_at, excluded.first_at),
        last_at = greatest(ec.last_at, excluded.last_at)
  returning 1
),
states as (
  insert into message_states as ms (workspace_id, user_id, campaign_id, account_id, clicks, dismissals,
                                    last_dismissed_at, snoozed_until, updated_at)
  select $1, f.user_id, f.campaign_id, min(f.account_id),
         count(*) filter (where f.name = '${CLICKED}'),
         count(*) filter (where f.name = '${DISMISSED}'),
         max(f.ts) filter (where f.name = '${DISMISSED}'),
         max(least(f.ts, $3::timestamptz) + f.snooze_days * interval '1 day') filter (where f.name = '${SNOOZED}'),
         $3::timestamptz
  from fresh f
  where f.name in ('${CLICKED}', '${DISMISSED}', '${SNOOZED}')
    and f.user_id is not null and f.campaign_id is not null
    and exists (select 1 from campaigns c where c.workspace_id = $1 and c.id = f.campaign_id)
  group by 2, 3
  order by 2, 3
  on conflict (workspace_id, user_id, campaign_id) do update
    set clicks = ms.clicks + excluded.clicks,
        dismissals = ms.dismissals + excluded.dismissals,
        last_dismissed_at = greatest(ms.last_dismissed_at, excluded.last_dismissed_at),
        snoozed_until = greatest(ms.snoozed_until, excluded.snoozed_until),
        updated_at = excluded.updated_at
  returning 1
)
select id::text from ins`;

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The JSON array `json_to_recordset` reads, concatenated by hand: props are already serialised, and
 * ids, names and timestamps were validated against patterns that admit no character JSON escapes.
 */
function rowsJson(rows: readonly EventRow[]): string {
  let out = '[';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as EventRow;
    if (i) out += ',';
    out +=
      `{"id":"${r.id}","name":"${r.name}","ts":"${r.ts}","props":${r.propsJson},` +
      `"decision_id":${str(r.decision_id)},"campaign_id":${str(r.campaign_id)},` +
      `"account_id":${JSON.stringify(r.account_id)},"user_id":${str(r.user_id)},` +
      `"page":${str(r.page)},"snooze_days":${r.snooze_days ?? 'null'}}`;
  }
  return `${out}]`;
}

/**
 * Stores a batch and maintains what the decision path reads, in ONE statement (so one round trip
 * and one implicit transaction: either all of it commits or none), prepared once per connection:
 *  - `ins` inserts every event in one multi-row INSERT fed by `json_to_recordset` (one parameter,
 *    parsed in C), skipping ids already stored; only its RETURNING rows count further;
 *  - `counters` upserts daily counts per (account, user) and per (account, '') for each new event's
 *    name and page counter, aggregated first so each counter row is touched once;
 *  - `states` applies clicks, dismissals and snoozes to the (user, campaign) message state.
 * Rows are sorted by key before each write so concurrent batches lock rows in the same order and
 * cannot deadlock on one another. The campaign of an interaction comes from its decision if known.
 * Returns the ids that were new (lower-case); the rest were already stored.
 */
export async function insertEventBatch(database: Database, input: InsertEventsInput): Promise<Set<string>> {
  const rows = await rawClient(database).query<{ id: string }>(INSERT_BATCH, [
    input.workspaceId,
    rowsJson(input.rows),
    input.receivedAt.toISOString(),
    input.source,
  ]);
  return new Set(rows.map((r) => r.id));
}
