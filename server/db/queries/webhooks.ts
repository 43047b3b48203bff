import type { InferSelectModel } from 'drizzle-orm';
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import { outbox, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type EndpointRow = InferSelectModel<typeof webhookEndpoints>;
export type DeliveryRow = InferSelectModel<typeof webhookDeliveries>;
export type OutboxRow = InferSelectModel<typeof outbox>;
export type AttemptRow = InferSelectModel<typeof webhookAttempts>;

export async function insertOutbox(
  tx: Tx,
  row: {
    workspaceId: string;
    id: string;
    eventType: string;
    payload: Record<string, unknown>;
    test?: boolean | undefined;
    createdAt?: Date | undefined;
    dispatchedAt?: Date | undefined;
  },
): Promise<void> {
  await tx.insert(outbox).values(row);
}

export async function insertEndpoint(
  tx: Tx,
  row: {
    workspaceId: string;
    url: string;
    description: string;
    eventTypes: string[];
    secretEnc: string;
    now: Date;
  },
): Promise<EndpointRow> {
  const { now, ...values } = row;
  const [inserted] = await tx
    .insert(webhookEndpoints)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  if (!inserted) throw new Error('endpoint insert returned nothing');
  return inserted;
}

/** Whether an enabled endpoint of the workspace subscribes to `eventType`. */
export async function hasSubscriber(tx: Tx, workspaceId: string, eventType: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, workspaceId),
        eq(webhookEndpoints.status, 'enabled'),
        sql`${webhookEndpoints.eventTypes} ? ${eventType}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export function listEndpoints(tx: Tx, workspaceId: string): Promise<EndpointRow[]> {
  return tx
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(webhookEndpoints.createdAt);
}

export async function findEndpoint(tx: Tx, workspaceId: string, id: string): Promise<EndpointRow | null> {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  return row ?? null;
}

export async function updateEndpoint(
  tx: Tx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<EndpointRow, 'url' | 'description' | 'eventTypes' | 'status' | 'disabledReason'>> & {
    updatedAt: Date;
  },
): Promise<EndpointRow | null> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set(patch)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning();
  return row ?? null;
}

/**
 * Swaps in a new signing secret in one statement; the replaced one is kept as the previous secret
 * until `previousExpiresAt` (null: dropped at once). The SET reads the row's secret before the swap.
 */
export async function rotateEndpointSecret(
  tx: Tx,
  workspaceId: string,
  id: string,
  change: { secretEnc: string; previousExpiresAt: Date | null; now: Date },
): Promise<EndpointRow | null> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({
      secretEnc: change.secretEnc,
      previousSecretEnc: change.previousExpiresAt ? sql`${webhookEndpoints.secretEnc}` : null,
      previousSecretExpiresAt: change.previousExpiresAt,
      updatedAt: change.now,
    })
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning();
  return row ?? null;
}

/** Forgets previous secrets whose overlap has ended, so no retired secret stays at rest. */
export async function clearExpiredSecrets(tx: Tx, now: Date): Promise<number> {
  const rows = await tx
    .update(webhookEndpoints)
    .set({ previousSecretEnc: null, previousSecretExpiresAt: null })
    .where(lte(webhookEndpoints.previousSecretExpiresAt, now))
    .returning({ id: webhookEndpoints.id });
  return rows.length;
}

/**
 * Deletes up to `limit` messages dispatched before `cutoff` whose every delivery has finished
 * (none pending), with their deliveries and attempt logs — one statement, so nothing is left
 * half-pruned. SKIP LOCKED lets several instances prune side by side.
 */
export async function pruneFinishedMessages(
  database: Database,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const rows = await database.rows(sql`
    with old as (
      select o.workspace_id, o.id from outbox o
      where o.dispatched_at < ${cutoff.toISOString()}::timestamptz
        and not exists (
          select 1 from webhook_deliveries d
          where d.workspace_id = o.workspace_id and d.message_id = o.id and d.status = 'pending')
      order by o.dispatched_at
      limit ${limit}
      for update skip locked
    ), gone_attempts as (
      delete from webhook_attempts a using webhook_deliveries d, old
      where d.workspace_id = old.workspace_id and d.message_id = old.id
        and a.workspace_id = d.workspace_id and a.delivery_id = d.id::text
    ), gone_deliveries as (
      delete from webhook_deliveries d using old where d.workspace_id = old.workspace_id and d.message_id = old.id
    )
    delete from outbox o using old where o.workspace_id = old.workspace_id and o.id = old.id
    returning o.id`);
  return rows.length;
}

export async function deleteEndpoint(tx: Tx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Gives up every pending delivery of an endpoint (it was disabled or deleted). */
export async function failPendingDeliveries(
  tx: Tx,
  workspaceId: string,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: reason, lockedUntil: null, updatedAt: now })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, 'pending'),
      ),
    );
}

/**
 * Locks a batch of up to `limit` undispatched outbox rows, shared across the workspaces that have
 * some: each takes an equal share of its oldest messages, so one workspace's backlog cannot hold
 * back another's messages until it drains. The rounding remainder goes to the workspaces waiting
 * longest; with more workspaces than `limit`, the `limit` longest-waiting get one message each.
 * A batch is short when a workspace has less than its share; the next pass takes the rest.
 *
 * Index-driven (outbox_undispatched_idx): the workspaces with work are found by skipping from one
 * to the next through the index, one probe each, rather than by reading the whole backlog. Rows are
 * locked where they are read (SKIP LOCKED), so concurrent dispatchers take disjoint batches and no
 * row is locked that the batch leaves out. They are read back by ctid, which a locked row keeps:
 * matching on the keys instead let the planner scan the whole outbox to join a batch it
 * overestimated.
 */
export function lockUndispatched(tx: Tx, limit: number): Promise<OutboxRow[]> {
  const batch = sql`
    with recursive waiting as (
      (select workspace_id, created_at from outbox
       where dispatched_at is null order by workspace_id, created_at limit 1)
      union all
      select step.workspace_id, step.created_at from waiting w
      cross join lateral (
        select workspace_id, created_at from outbox
        where dispatched_at is null and workspace_id > w.workspace_id
        order by workspace_id, created_at limit 1
      ) step
    ), shares as (
      select workspace_id, ${limit}::int / count(*) over () + case
          when row_number() over (order by created_at, workspace_id) <= ${limit}::int % count(*) over ()
          then 1 else 0 end as share
      from waiting
    )
    select o.ctid from shares s
    cross join lateral (
      select ctid from outbox
      where workspace_id = s.workspace_id and dispatched_at is null
      order by created_at
      limit s.share
      for update skip locked
    ) o
    where s.share > 0`;
  return tx.select().from(outbox).where(sql`ctid = any(array(${batch}))`);
}

/**
 * The enabled endpoints of some workspaces, share-locked until the fan-out commits: disabling or
 * deleting one waits, so its "fail the pending deliveries" step sees the deliveries made for it.
 */
export function enabledEndpointsOf(tx: Tx, workspaceIds: string[]): Promise<EndpointRow[]> {
  if (workspaceIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.workspaceId, workspaceIds), eq(webhookEndpoints.status, 'enabled')))
    .for('share');
}

export async function insertDeliveries(
  tx: Tx,
  rows: Array<{
    workspaceId: string;
    messageId: string;
    endpointId: string;
    nextAttemptAt: Date;
    createdAt: Date;
  }>,
): Promise<DeliveryRow[]> {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({ ...r, updatedAt: r.createdAt }));
  return tx.insert(webhookDeliveries).values(values).onConflictDoNothing().returning();
}

export async function markDispatched(tx: Tx, rows: Array<{ workspaceId: string; id: string }>, now: Date) {
  for (const row of rows) {
    await tx
      .update(outbox)
      .set({ dispatchedAt: now })
      .where(and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id)));
  }
}

/** A delivery that may be claimed at `nowIso`: pending, due, and not leased (or its lease expired). */
const claimable = (nowIso: string) => sql`status = 'pending' and next_attempt_at <= ${nowIso}::timestamptz
  and (locked_until is null or locked_until < ${nowIso}::timestamptz)`;

/**
 * Claims due deliveries with a lease in one autocommitted statement, fairly across endpoints: each
 * endpoint gets at most `perEndpoint` deliveries in flight (leased and pending) across every
 * dispatcher, so one hanging receiver holds a few sends, not everyone's. The endpoints with due
 * work are locked (SKIP LOCKED) for the statement, which serialises concurrent claims per endpoint
 * and keeps the cap exact across instances; the deliveries are leased (`locked_until`), and an
 * expired lease (a crashed worker) makes a row claimable again.
 *
 * The batch is also fair across workspaces: it takes each workspace's earliest due delivery, then
 * each one's second, and so on, so a workspace with many endpoints (or a large backlog) cannot fill
 * whole batches while another's single due delivery waits; and a workspace takes no more than
 * `perWorkspace` minus what it has in flight in this dispatcher (`inFlight`, by workspace). The
 * window function sits in its own step: PostgreSQL refuses one beside a locking clause.
 */
export async function claimDueDeliveries(
  database: Database,
  now: Date,
  leaseUntil: Date,
  caps: { limit: number; perEndpoint: number; perWorkspace: number; inFlight: ReadonlyMap<string, number> },
): Promise<Array<{ workspaceId: string; id: string }>> {
  const { limit, perEndpoint, perWorkspace } = caps;
  const inFlight = JSON.stringify(Object.fromEntries(caps.inFlight));
  const nowIso = now.toISOString();
  return database.rows<{ workspaceId: string; id: string }>(sql`
    with endpoints as (
      select workspace_id, id::text as id from webhook_endpoints e
      where status = 'enabled' and exists (
        select 1 from webhook_deliveries
        where workspace_id = e.workspace_id and endpoint_id = e.id::text and ${claimable(nowIso)})
      for no key update skip locked
    ), due as (
      select d.workspace_id, d.id,
        row_number() over (partition by d.workspace_id order by d.next_attempt_at) as turn,
        d.next_attempt_at
      from endpoints e
      cross join lateral (
        select workspace_id, id, next_attempt_at from webhook_deliveries
        where workspace_id = e.workspace_id and endpoint_id = e.id and ${claimable(nowIso)}
        order by next_attempt_at
        limit greatest(0, ${perEndpoint}::int - (
          select count(*) from webhook_deliveries
          where workspace_id = e.workspace_id and endpoint_id = e.id and status = 'pending'
            and locked_until >= ${nowIso}::timestamptz))
      ) d
    ), due_capped as (
      select workspace_id, id, turn, next_attempt_at from due
      where turn <= ${perWorkspace}::int - coalesce((${inFlight}::jsonb ->> workspace_id)::int, 0)
      order by turn, next_attempt_at
      limit ${limit}
    )
    update webhook_deliveries set locked_until = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${nowIso}::timestamptz
    where (workspace_id, id) in (select workspace_id, id from due_capped)
      -- Rechecked on the row's latest version should a single-delivery claim have taken it meanwhile.
      and ${claimable(nowIso)}
    returning workspace_id as "workspaceId", id::text as id`);
}

/** Claims one pending delivery now, whatever its schedule and endpoint (test sends, redelivery). */
export async function claimDelivery(
  database: Database,
  key: { workspaceId: string; id: string },
  now: Date,
  leaseUntil: Date,
): Promise<boolean> {
  const nowIso = now.toISOString();
  const rows = await database.rows(sql`
    update webhook_deliveries set locked_until = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${nowIso}::timestamptz
    where workspace_id = ${key.workspaceId} and id = ${key.id}::uuid and ${claimable(nowIso)}
    returning id`);
  return rows.length > 0;
}

export interface DeliveryJob {
  delivery: DeliveryRow;
  endpoint: EndpointRow;
  message: OutboxRow;
}

export async function loadDeliveryJob(tx: Tx, workspaceId: string, id: string): Promise<DeliveryJob | null> {
  const [row] = await tx
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, message: outbox })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.workspaceId, webhookDeliveries.workspaceId),
        sql`${webhookEndpoints.id}::text = ${webhookDeliveries.endpointId}`,
      ),
    )
    .innerJoin(
      outbox,
      and(eq(outbox.workspaceId, webhookDeliveries.workspaceId), eq(outbox.id, webhookDeliveries.messageId)),
    )
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

export async function insertAttempt(
  tx: Tx,
  row: Omit<AttemptRow, 'id' | 'createdAt'> & { createdAt: Date },
): Promise<void> {
  await tx.insert(webhookAttempts).values(row);
}

/** Updates a delivery only while this worker still holds its lease. */
export async function finishDelivery(
  tx: Tx,
  key: { workspaceId: string; id: string; lease: Date },
  patch: Partial<
    Pick<
      DeliveryRow,
      'status' | 'attempts' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'
    >
  > & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(webhookDeliveries)
    .set({ ...patch, lockedUntil: null })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, key.workspaceId),
        eq(webhookDeliveries.id, key.id),
        eq(webhookDeliveries.lockedUntil, key.lease),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

export interface DeliveryFilter {
  endpointId?: string | undefined;
  status?: DeliveryRow['status'] | undefined;
  messageId?: string | undefined;
  test?: boolean | undefined;
  after?: ListPosition | undefined;
  limit: number;
}

export function listDeliveries(tx: Tx, workspaceId: string, filter: DeliveryFilter) {
  return tx
    .select({
      delivery: webhookDeliveries,
      message: { eventType: outbox.eventType, test: outbox.test },
      at: positionAt(webhookDeliveries.createdAt),
    })
    .from(webhookDeliveries)
    .innerJoin(
      outbox,
      and(eq(outbox.workspaceId, webhookDeliveries.workspaceId), eq(outbox.id, webhookDeliveries.messageId)),
    )
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        filter.endpointId ? eq(webhookDeliveries.endpointId, filter.endpointId) : undefined,
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
        filter.messageId ? eq(webhookDeliveries.messageId, filter.messageId) : undefined,
        filter.test !== undefined ? eq(outbox.test, filter.test) : undefined,
        olderThan(webhookDeliveries.createdAt, webhookDeliveries.id, filter.after),
      ),
    )
    .orderBy(...newestFirst(webhookDeliveries.createdAt, webhookDeliveries.id))
    .limit(filter.limit);
}

export function listAttempts(tx: Tx, workspaceId: string, deliveryId: string): Promise<AttemptRow[]> {
  return tx
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.workspaceId, workspaceId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(webhookAttempts.createdAt, webhookAttempts.attempt);
}

/** Puts a finished delivery back in the queue for a manual redelivery (a fresh retry cycle). */
export async function requeueDelivery(
  tx: Tx,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<DeliveryRow | null> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, updatedAt: now })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.id, id),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      ),
    )
    .returning();
  return row ?? null;
}
