import type { Account, AccountDetail, Entitlement, UsageMetric, User } from '../../shared/host-data.ts';
import {
  type AccountRow,
  accountExtras,
  type EntitlementRow,
  existingAccountIds,
  findAccountRow,
  listAccountRows,
  listUserRows,
  type UsageRow,
  type UserRow,
} from '../db/queries/host-data.ts';
import { notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    segment: row.segment,
    industry: row.industry,
    seats: row.seats,
    plan: row.plan,
    mrr: row.mrr,
    healthScore: row.healthScore,
    signupAt: iso(row.signupAt),
    renewalAt: iso(row.renewalAt),
    attributes: row.attributes,
    firstPurchaseAt: iso(row.firstPurchaseAt),
    test: row.test,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    accountId: row.accountId,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    attributes: row.attributes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const toEntitlement = (row: EntitlementRow): Entitlement => ({
  id: row.id,
  productKey: row.productKey,
  status: row.status,
  source: row.source,
  startedAt: row.startedAt.toISOString(),
  endsAt: iso(row.endsAt),
  endedAt: iso(row.endedAt),
});

const toUsage = (row: UsageRow): UsageMetric => ({
  metric: row.metric,
  value: row.value,
  limit: row.limit,
  updatedAt: row.updatedAt.toISOString(),
});

export async function listAccounts(
  deps: AppDeps,
  ws: string,
  q: { limit: number; cursor?: string | undefined; q?: string | undefined },
) {
  const rows = await listAccountRows(deps.database.db, ws, {
    limit: q.limit + 1,
    afterId: decodeKeyCursor('accounts', q.cursor),
    search: q.q,
  });
  return toPage('accounts', rows, q.limit, (r) => r.id, toAccount);
}

export async function listUsers(
  deps: AppDeps,
  ws: string,
  q: { limit: number; cursor?: string | undefined; accountId?: string | undefined },
) {
  const rows = await listUserRows(deps.database.db, ws, {
    limit: q.limit + 1,
    afterId: decodeKeyCursor('users', q.cursor),
    accountId: q.accountId,
  });
  return toPage('users', rows, q.limit, (r) => r.id, toUser);
}

export async function getAccount(deps: AppDeps, ws: string, id: string): Promise<AccountDetail> {
  const db = deps.database.db;
  const row = await findAccountRow(db, ws, id);
  if (!row) throw notFound(`Account "${id}"`);
  const extras = await accountExtras(db, ws, id);
  return {
    ...toAccount(row),
    products: extras.entitlements
      .filter((e) => e.status === 'active' || e.status === 'trial')
      .map((e) => e.productKey),
    entitlements: extras.entitlements.map(toEntitlement),
    usage: extras.usage.map(toUsage),
    userCount: extras.userCount,
  };
}

/** The distinct ids among `ids` the workspace has no account for, at most 20 (to name likely typos). */
export async function unknownAccountIds(
  deps: AppDeps,
  workspaceId: string,
  ids: string[],
): Promise<string[]> {
  const distinct = [...new Set(ids)];
  const known = await existingAccountIds(deps.database, deps.database.db, workspaceId, distinct);
  return distinct.filter((id) => !known.has(id)).slice(0, 20);
}
