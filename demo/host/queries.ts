import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';

/**
 * The demo host's reads of its own customer data. A real host keeps these in its own database and
 * syncs them to Attach; the bundled demo shares the seeded rows instead of duplicating them.
 */
export interface HostUser {
  id: string;
  accountId: string;
  role: string;
  name: string;
  email: string;
  locale: string;
  accountName: string;
  segment: string;
  plan: string;
}

export async function findHostUser(database: Database, workspaceId: string, userId: string) {
  const [row] = await database.rows<HostUser>(sql`
    select u.id, u.account_id as "accountId", u.role, coalesce(u.name, '') as name,
           coalesce(u.email, '') as email, coalesce(u.locale, 'en') as locale, a.name as "accountName",
           coalesce(a.segment, '') as segment, coalesce(a.plan, '') as plan
    from users u join accounts a on a.workspace_id = u.workspace_id and a.id = u.account_id
    where u.workspace_id = ${workspaceId} and u.id = ${userId}`);
  return row;
}

/** The plan an account is on now (Attach switches it when it sells a plan) and its MRR. */
export async function hostAccount(database: Database, workspaceId: string, accountId: string) {
  const [row] = await database.rows<{ plan: string | null; mrr: number }>(sql`
    select plan, mrr from accounts where workspace_id = ${workspaceId} and id = ${accountId}`);
  return { plan: row?.plan ?? null, mrr: row?.mrr ?? 0 };
}

export interface HostProduct {
  key: string;
  name: string;
  description: string;
  role: string;
  amount: number;
  currency: string;
  interval: string;
  /** Provisioned by the host itself (its own billing), before any Attach purchase. */
  provisioned: boolean;
}

export async function hostProducts(database: Database, workspaceId: string, accountId: string) {
  return database.rows<HostProduct>(sql`
    select p.key, p.name, p.description, p.role, p.price_amount as amount, p.price_currency as currency,
           p.price_interval as interval,
           exists (select 1 from entitlements e
                   where e.workspace_id = p.workspace_id and e.account_id = ${accountId}
                     and e.product_key = p.key and e.source = 'host' and e.status = 'active') as provisioned
    from products p where p.workspace_id = ${workspaceId} order by p.bit`);
}

export interface HostUsage {
  metric: string;
  value: number;
  limit: number | null;
}

export async function hostUsage(database: Database, workspaceId: string, accountId: string) {
  return database.rows<HostUsage>(sql`
    select metric, value, "limit" from usage_metrics
    where workspace_id = ${workspaceId} and account_id = ${accountId} order by metric`);
}
