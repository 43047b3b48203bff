import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

export interface WebhookBacklog {
  /** Outbox messages not yet fanned out to their endpoints. */
  undispatched: number;
  /** Deliveries still to be sent or retried. */
  pending: number;
  /** Deliveries that ran out of attempts (waiting for a redelivery by hand). */
  dead: number;
  /** Seconds the oldest due pending delivery has been waiting past its time (0 when none is late). */
  oldestDueSeconds: number;
}

/**
 * The webhook backlog of every workspace, as `GET /metrics` reports it: what an operator alerts on
 * when receivers are down or the dispatcher stopped. Each count reads a partial or leading index.
 */
export async function webhookBacklog(database: Database, now: Date): Promise<WebhookBacklog> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await database.rows<Record<string, unknown>>(sql`
    select (select count(*) from outbox where dispatched_at is null) as undispatched,
      (select count(*) from webhook_deliveries where status = 'pending') as pending,
      (select count(*) from webhook_deliveries where status = 'dead') as dead,
      (select coalesce(extract(epoch from ${at} - min(next_attempt_at)), 0)
         from webhook_deliveries where status = 'pending' and next_attempt_at <= ${at}) as oldest_due`);
  return {
    undispatched: Number(row?.undispatched ?? 0),
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestDueSeconds: Math.max(0, Number(row?.oldest_due ?? 0)),
  };
}
