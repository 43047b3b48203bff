import { and, asc, count, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import { type AccountErasure, DEFAULT_ROLE } from '../../../shared/host-data.ts';
import type { Database, Tx } from '../client.ts';
import { accounts, entitlements, usageMetrics, users } from '../schema/index.ts';
import { accountUserIds } from './frequency-reset.ts';

/**
 * Batch upserts of host data. Each batch travels as ONE jsonb parameter and is written with two
 * multi-row statements: `insert … on conflict do nothing returning` creates the new records, then
 * one `update … from jsonb_array_elements` changes only the fields each remaining item names
 * (`d ? 'field'`), which a plain `on conflict do update` cannot express. Insert first, update second:
 * under READ COMMITTED the update sees rows a concurrent batch committed meanwhile, so none is lost.
 * Callers collapse duplicate ids first (one row may not be updated twice by one statement).
 */
type Doc = Record<string, unknown>;
const docs = (items: readonly Doc[]) => sql`jsonb_array_elements(${JSON.stringify(items)}::jsonb) as t(d)`;
const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;
/** `col = (d->>'key')::cast` when the item names the field, else the stored value. */
const keep = (alias: string, column: string, key: string, cast: string) =>
  sql.raw(`${column} = case when d ? '${key}' then (d->>'${key}')::${cast} else ${alias}.${column} end`);
const mergeAttributes = (alias: string) =>
  sql.raw(
    `attributes = case when d ? 'attributes' then ${alias}.attributes || (d->'attributes') else ${alias}.attributes end`,
  );

export async function insertNewAccounts(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  const rows = await database.rows<{ id: string }>(
    sql`insert into accounts (workspace_id, id, name, segment, industry, seats, plan, mrr, health_score,
          signup_at, renewal_at, attributes, test, created_at, updated_at)
        select ${ws}, d->>'id', coalesce(d->>'name', ''), d->>'segment', d->>'industry',
          coalesce((d->>'seats')::int, 1), d->>'plan', coalesce((d->>'mrr')::int, 0), (d->>'healthScore')::int,
          (d->>'signupAt')::timestamptz, (d->>'renewalAt')::timestamptz, coalesce(d->'attributes', '{}'::jsonb),
          coalesce((d->>'test')::boolean, false), ${at(now)}, ${at(now)}
        from ${docs(items)}
        on conflict (workspace_id, id) do nothing
        returning id`,
    tx,
  );
  return new Set(rows.map((r) => r.id));
}

export async function updateAccounts(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  if (items.length === 0) return;
  const sets: SQL[] = [
    keep('a', 'name', 'name', 'text'),
    keep('a', 'segment', 'segment', 'text'),
    keep('a', 'industry', 'industry', 'text'),
    keep('a', 'seats', 'seats', 'int'),
    keep('a', 'plan', 'plan', 'text'),
    keep('a', 'mrr', 'mrr', 'int'),
    keep('a', 'health_score', 'healthScore', 'int'),
    keep('a', 'signup_at', 'signupAt', 'timestamptz'),
    keep('a', 'renewal_at', 'renewalAt', 'timestamptz'),
    keep('a', 'test', 'test', 'boolean'),
    mergeAttributes('a'),
    sql`updated_at = ${at(now)}`,
  ];
  await database.rows(
    sql`update accounts a set ${sql.join(sets, sql`, `)} from ${docs(items)}
        where a.workspace_id = ${ws} and a.id = d->>'id'`,
    tx,
  );
}

export async function insertNewUsers(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  const rows = await database.rows<{ id: string }>(
    sql`insert into users (workspace_id, id, account_id, email, name, role, locale, attributes, created_at, updated_at)
        select ${ws}, d->>'id', d->>'accountId', d->>'email', d->>'name', coalesce(d->>'role', ${DEFAULT_ROLE}),
          d->>'locale', coalesce(d->'attributes', '{}'::jsonb), ${at(now)}, ${at(now)}
        from ${docs(items)}
        on conflict (workspace_id, id) do nothing
        returning id`,
    tx,
  );
  return new Set(rows.map((r) => r.id));
}

export async function updateUsers(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  if (items.length === 0) return;
  const sets: SQL[] = [
    sql.raw(`account_id = d->>'accountId'`),
    keep('u', 'email', 'email', 'text'),
    keep('u', 'name', 'name', 'text'),
    keep('u', 'role', 'role', 'text'),
    keep('u', 'locale', 'locale', 'text'),
    mergeAttributes('u'),
    sql`updated_at = ${at(now)}`,
  ];
  await database.rows(
    sql`update users u set ${sql.join(sets, sql`, `)} from ${docs(items)}
        where u.workspace_id = ${ws} and u.id = d->>'id'`,
    tx,
  );
}

/** New entitlements from the host; a cancelled one ends now unless the item says when. */
export async function insertNewOwnership(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  const rows = await database.rows<{ account_id: string; product_key: string }>(
    sql`insert into entitlements (workspace_id, account_id, product_key, status, source, started_at, ends_at,
          ended_at, created_at, updated_at)
        select ${ws}, d->>'accountId', d->>'productKey', d->>'status', 'host',
          coalesce((d->>'startedAt')::timestamptz, ${at(now)}), (d->>'endsAt')::timestamptz,
          case when d->>'status' = 'cancelled' then coalesce((d->>'endedAt')::timestamptz, ${at(now)}) end,
          ${at(now)}, ${at(now)}
        from ${docs(items)}
        on conflict (workspace_id, account_id, product_key) do nothing
        returning account_id, product_key`,
    tx,
  );
  return new Set(rows.map((r) => `${r.account_id}\u0000${r.product_key}`));
}

/** Status from the host; an entitlement that is live again (active/trial) has no end any more. */
export async function updateOwnership(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  if (items.length === 0) return;
  await database.rows(
    sql`update entitlements e set status = d->>'status',
          started_at = coalesce((d->>'startedAt')::timestamptz, e.started_at),
          ${keep('e', 'ends_at', 'endsAt', 'timestamptz')},
          ended_at = case when d->>'status' = 'cancelled'
            then coalesce((d->>'endedAt')::timestamptz, e.ended_at, ${at(now)}) end,
          updated_at = ${at(now)}
        from ${docs(items)}
        where e.workspace_id = ${ws} and e.account_id = d->>'accountId' and e.product_key = d->>'productKey'`,
    tx,
  );
}

/**
 * Recomputes the ownership bitmask (bit of every active or trial product) and the first purchase of
 * the given accounts in one statement. The first purchase only ever moves earlier: host-reported
 * paid ownership (active or cancelled) counts from its start; purchases in Attach set it themselves.
 */
export async function refreshOwnershipSummary(database: Database, tx: Tx, ws: string, accountIds: string[]) {
  if (accountIds.length === 0) return;
  await database.rows(
    sql`update accounts a set
          product_mask = coalesce((
            select bit_or(1::bigint << p.bit) from entitlements e
            join products p on p.workspace_id = e.workspace_id and p.key = e.product_key
            where e.workspace_id = a.workspace_id and e.account_id = a.id and e.status in ('active', 'trial')
          ), 0),
          first_purchase_at = least(a.first_purchase_at, (
            select min(e.started_at) from entitlements e
            where e.workspace_id = a.workspace_id and e.account_id = a.id and e.source = 'host'
              and e.status in ('active', 'cancelled')
          ))
        where a.workspace_id = ${ws} and a.id in (select jsonb_array_elements_text(${JSON.stringify(accountIds)}::jsonb))`,
    tx,
  );
}

export async function insertNewUsage(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  const rows = await database.rows<{ account_id: string; metric: string }>(
    sql`insert into usage_metrics (workspace_id, account_id, metric, value, "limit", updated_at)
        select ${ws}, d->>'accountId', d->>'metric', (d->>'value')::float8, (d->>'limit')::float8, ${at(now)}
        from ${docs(items)}
        on conflict (workspace_id, account_id, metric) do nothing
        returning account_id, metric`,
    tx,
  );
  return new Set(rows.map((r) => `${r.account_id}\u0000${r.metric}`));
}

export async function updateUsage(database: Database, tx: Tx, ws: string, items: Doc[], now: Date) {
  if (items.length === 0) return;
  await database.rows(
    sql`update usage_metrics m set value = (d->>'value')::float8,
          "limit" = case when d ? 'limit' then (d->>'limit')::float8 else m."limit" end,
          updated_at = ${at(now)}
        from ${docs(items)}
        where m.workspace_id = ${ws} and m.account_id = d->>'accountId' and m.metric = d->>'metric'`,
    tx,
  );
}

/** The subset of `ids` that are accounts of the workspace. */
export async function existingAccountIds(database: Database, tx: Tx, ws: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await database.rows<{ id: string }>(
    sql`select id from accounts where workspace_id = ${ws}
          and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
    tx,
  );
  return new Set(rows.map((r) => r.id));
}

/** The current names of these accounts (those the workspace still has), by id. */
export async function accountNames(database: Database, ws: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await database.rows<{ id: string; name: string }>(
    sql`select id, name from accounts where workspace_id = ${ws}
          and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** `%`, `_` and `\` match themselves in a LIKE pattern built from user input. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function listAccountRows(
  tx: Tx,
  ws: string,
  options: { limit: number; afterId?: string | undefined; search?: string | undefined },
) {
  const term = options.search && likeLiteral(options.search);
  return tx
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, ws),
        options.afterId ? gt(accounts.id, options.afterId) : undefined,
        term ? or(ilike(accounts.id, `${term}%`), ilike(accounts.name, `%${term}%`)) : undefined,
      ),
    )
    .orderBy(asc(accounts.id))
    .limit(options.limit);
}

export async function listUserRows(
  tx: Tx,
  ws: string,
  options: { limit: number; afterId?: string | undefined; accountId?: string | undefined },
) {
  return tx
    .select()
    .from(users)
    .where(
      and(
        eq(users.workspaceId, ws),
        options.accountId ? eq(users.accountId, options.accountId) : undefined,
        options.afterId ? gt(users.id, options.afterId) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(options.limit);
}

/** Sets the test flag of an account; false when the workspace has no such account. */
export async function setAccountTest(tx: Tx, ws: string, id: string, test: boolean, now: Date) {
  const rows = await tx
    .update(accounts)
    .set({ test, updatedAt: now })
    .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, id)))
    .returning({ id: accounts.id });
  return rows.length > 0;
}

export async function findAccountRow(tx: Tx, ws: string, id: string) {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, id)))
    .limit(1);
  return row;
}

export async function accountExtras(tx: Tx, ws: string, id: string) {
  const [owned, usage, userCount] = await Promise.all([
    tx
      .select()
      .from(entitlements)
      .where(and(eq(entitlements.workspaceId, ws), eq(entitlements.accountId, id)))
      .orderBy(asc(entitlements.productKey)),
    tx
      .select()
      .from(usageMetrics)
      .where(and(eq(usageMetrics.workspaceId, ws), eq(usageMetrics.accountId, id)))
      .orderBy(asc(usageMetrics.metric)),
    tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.workspaceId, ws), eq(users.accountId, id))),
  ]);
  return { entitlements: owned, usage, userCount: userCount[0]?.n ?? 0 };
}

export type AccountRow = typeof accounts.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type EntitlementRow = typeof entitlements.$inferSelect;
export type UsageRow = typeof usageMetrics.$inferSelect;

/**
 * Deletes a user and what describes them (events, per-user counters, message states, daily prompt
 * counts) in one statement, so it is all or nothing; null when there is no such user. Events are
 * found through the account's index: the user's account narrows them first.
 */
export async function eraseUserRows(database: Database, ws: string, id: string, tx?: Tx) {
  const [row] = await database.rows<{
    accountId: string | null;
    events: number;
    eventCounters: number;
    messageStates: number;
    dailyPrompts: number;
  }>(
    sql`
    with u as (
      delete from users where workspace_id = ${ws} and id = ${id} returning account_id
    ), e as (
      delete from events where workspace_id = ${ws} and account_id = (select account_id from u) and user_id = ${id}
      returning 1
    ), c as (
      delete from event_counters
      where workspace_id = ${ws} and account_id = (select account_id from u) and user_id = ${id}
      returning 1
    ), m as (
      delete from message_states where workspace_id = ${ws} and user_id = ${id} and exists (select 1 from u)
      returning 1
    ), p as (
      delete from user_daily_prompts where workspace_id = ${ws} and user_id = ${id} and exists (select 1 from u)
      returning 1
    )
    select (select account_id from u) as "accountId",
      (select count(*) from e)::int as events, (select count(*) from c)::int as "eventCounters",
      (select count(*) from m)::int as "messageStates", (select count(*) from p)::int as "dailyPrompts"`,
    tx,
  );
  if (!row?.accountId) return null;
  const { accountId, ...erased } = row;
  return { accountId, erased };
}

/**
 * Deletes an account with everything that describes it or its people (users, ownership, usage,
 * events, counters, serving state) in one statement, and blanks the account facts a lead copied at
 * routing time. Purchases, trials, requests, leads, decisions and campaign tallies keep the opaque
 * account id for accounting and attribution.
 */
export async function eraseAccountRows(
  database: Database,
  ws: string,
  id: string,
  tx?: Tx,
): Promise<AccountErasure['erased'] | null> {
  const [row] = await database.rows<AccountErasure['erased'] & { found: boolean }>(
    sql`
    with acc as (
      delete from accounts where workspace_id = ${ws} and id = ${id} returning id
    ), members as (${accountUserIds(ws, id)}), u as (
      delete from users where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), ent as (
      delete from entitlements where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), us as (
      delete from usage_metrics where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), e as (
      delete from events where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), c as (
      delete from event_counters where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), m as (
      delete from message_states where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), p as (
      delete from user_daily_prompts where workspace_id = ${ws} and exists (select 1 from acc)
        and user_id in (select user_id from members)
      returning 1
    ), ap as (
      delete from account_daily_prompts where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    ), ac as (
      delete from account_campaign_daily where workspace_id = ${ws} and account_id = (select id from acc)
      returning 1
    ), l as (
      update leads set context = jsonb_set(context, '{account}', '{}'::jsonb)
      where workspace_id = ${ws} and account_id = (select id from acc) returning 1
    )
    select exists (select 1 from acc) as found, (select count(*) from u)::int as users,
      (select count(*) from ent)::int as entitlements, (select count(*) from us)::int as "usageMetrics",
      (select count(*) from e)::int as events, (select count(*) from c)::int as "eventCounters",
      (select count(*) from m)::int as "messageStates",
      ((select count(*) from p) + (select count(*) from ap) + (select count(*) from ac))::int as "dailyPrompts",
      (select count(*) from l)::int as "leadsScrubbed"`,
    tx,
  );
  if (!row?.found) return null;
  const { found: _, ...erased } = row;
  return erased;
}
