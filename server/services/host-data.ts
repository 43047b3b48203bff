import {
  type AccountErasure,
  type AccountPatch,
  type BatchItemIssue,
  type BatchResult,
  DEFAULT_ROLE,
  type FrequencyReset,
  type UserErasure,
} from '../../shared/host-data.ts';
import type { Tx } from '../db/client.ts';
import { existingProductKeys } from '../db/queries/catalog.ts';
import { type FrequencyScope, resetFrequencyRows } from '../db/queries/frequency-reset.ts';
import {
  eraseAccountRows,
  eraseUserRows,
  existingAccountIds,
  insertNewAccounts,
  insertNewOwnership,
  insertNewUsage,
  insertNewUsers,
  refreshOwnershipSummary,
  setAccountTest,
  updateAccounts,
  updateOwnership,
  updateUsage,
  updateUsers,
} from '../db/queries/host-data.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { recordAudit } from './audit.ts';
import { noteSynced, noteVocabulary } from './vocabulary.ts';

type Item = { [field: string]: unknown; attributes?: Record<string, unknown> | undefined };

/** The one error of a rejected batch: nothing was written, every bad item is named by index and field. */
export function batchInvalid(issues: BatchItemIssue[]): ApiError {
  const first = issues[0];
  const where = first
    ? `items[${first.index}]${first.path.length ? `.${first.path.join('.')}` : ''}`
    : 'items';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ApiError(
    400,
    'batch_item_invalid',
    `${where}: ${first?.message ?? 'invalid item'}${more}; nothing was written`,
    { items: issues },
  );
}

/**
 * One record named twice in a batch becomes one item: later fields win, attributes merge. Keeps the
 * first occurrence's position so results stay in request order.
 */
export function collapse<T extends Item>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, item);
    else {
      const attributes =
        prev.attributes || item.attributes ? { ...prev.attributes, ...item.attributes } : undefined;
      byKey.set(key, { ...prev, ...item, ...(attributes ? { attributes } : {}) });
    }
  }
  return [...byKey.values()];
}

/** Items whose `accountId` is not an account of the workspace. */
async function unknownAccounts(deps: AppDeps, tx: Tx, ws: string, items: readonly { accountId: string }[]) {
  const known = await existingAccountIds(deps.database, tx, ws, [...new Set(items.map((i) => i.accountId))]);
  const issues: BatchItemIssue[] = [];
  items.forEach((item, index) => {
    if (!known.has(item.accountId)) {
      issues.push({
        index,
        path: ['accountId'],
        message: `No account "${item.accountId}"; upsert it first with POST /v1/admin/accounts/batch`,
      });
    }
  });
  return issues;
}

interface BatchPlan<T extends Item> {
  keyOf: (item: T) => string;
  check?: (tx: Tx) => Promise<BatchItemIssue[]>;
  insert: (tx: Tx, items: T[], now: Date) => Promise<Set<string>>;
  update: (tx: Tx, items: T[], now: Date) => Promise<void>;
  after?: (tx: Tx, items: T[]) => Promise<void>;
}

/** The names among values a batch set (a segment left out or cleared names nothing). */
const named = (values: Array<string | null | undefined>) =>
  values.filter((v): v is string => typeof v === 'string' && v !== '');

/** Validate everything, then write in one transaction; any bad item rolls the whole batch back. */
async function runBatch<T extends Item>(deps: AppDeps, items: T[], plan: BatchPlan<T>): Promise<BatchResult> {
  return deps.database.db.transaction(async (tx) => {
    const issues = plan.check ? await plan.check(tx) : [];
    if (issues.length) throw batchInvalid(issues.sort((a, b) => a.index - b.index));
    const unique = collapse(items, plan.keyOf);
    const now = deps.now();
    const created = await plan.insert(tx, unique, now);
    await plan.update(
      tx,
      unique.filter((item) => !created.has(plan.keyOf(item))),
      now,
    );
    await plan.after?.(tx, unique);
    return { received: items.length, created: created.size, updated: unique.length - created.size };
  });
}

export async function upsertAccounts(
  deps: AppDeps,
  ws: string,
  items: Array<Item & { id: string; segment?: string | null | undefined; plan?: string | null | undefined }>,
) {
  const db = deps.database;
  const result = await runBatch(deps, items, {
    keyOf: (i) => i.id,
    insert: (tx, rows, now) => insertNewAccounts(db, tx, ws, rows, now),
    update: (tx, rows, now) => updateAccounts(db, tx, ws, rows, now),
  });
  await noteVocabulary(deps, ws, 'segment', named(items.map((i) => i.segment)));
  await noteVocabulary(deps, ws, 'plan', named(items.map((i) => i.plan)));
  await noteSynced(deps, ws, 'accounts');
  return result;
}

export async function upsertUsers(
  deps: AppDeps,
  ws: string,
  items: Array<Item & { id: string; accountId: string; role?: string | undefined }>,
) {
  const db = deps.database;
  const result = await runBatch(deps, items, {
    keyOf: (i) => i.id,
    check: (tx) => unknownAccounts(deps, tx, ws, items),
    insert: (tx, rows, now) => insertNewUsers(db, tx, ws, rows, now),
    update: (tx, rows, now) => updateUsers(db, tx, ws, rows, now),
  });
  // A user synced without a role has the default one unless an earlier sync named another: the
  // default is a role in use either way.
  await noteVocabulary(deps, ws, 'role', named(items.map((i) => i.role ?? DEFAULT_ROLE)));
  await noteSynced(deps, ws, 'users');
  return result;
}

type OwnershipItem = Item & { accountId: string; productKey: string };

export async function upsertOwnership(deps: AppDeps, ws: string, items: OwnershipItem[]) {
  const db = deps.database;
  const result = await runBatch(deps, items, {
    keyOf: (i) => `${i.accountId}\u0000${i.productKey}`,
    check: async (tx) => {
      const known = await existingProductKeys(tx, ws, [...new Set(items.map((i) => i.productKey))]);
      const issues = await unknownAccounts(deps, tx, ws, items);
      items.forEach((item, index) => {
        if (!known.has(item.productKey)) {
          issues.push({ index, path: ['productKey'], message: `No product with key "${item.productKey}"` });
        }
      });
      return issues;
    },
    insert: (tx, rows, now) => insertNewOwnership(db, tx, ws, rows, now),
    update: (tx, rows, now) => updateOwnership(db, tx, ws, rows, now),
    after: (tx, rows) => refreshOwnershipSummary(db, tx, ws, [...new Set(rows.map((r) => r.accountId))]),
  });
  await noteSynced(deps, ws, 'ownership');
  return result;
}

export async function upsertUsage(
  deps: AppDeps,
  ws: string,
  items: Array<Item & { accountId: string; metric: string }>,
) {
  const db = deps.database;
  const result = await runBatch(deps, items, {
    keyOf: (i) => `${i.accountId}\u0000${i.metric}`,
    check: (tx) => unknownAccounts(deps, tx, ws, items),
    insert: (tx, rows, now) => insertNewUsage(db, tx, ws, rows, now),
    update: (tx, rows, now) => updateUsage(db, tx, ws, rows, now),
  });
  await noteVocabulary(deps, ws, 'metric', named(items.map((i) => i.metric)));
  await noteSynced(deps, ws, 'usage');
  return result;
}

/** Marks an account as a test account or a customer again; 404 when there is none. */
export async function patchAccount(deps: AppDeps, ws: string, id: string, patch: AccountPatch) {
  if (!(await setAccountTest(deps.database.db, ws, id, patch.test, deps.now()))) {
    throw notFound(`Account "${id}"`);
  }
  deps.log.info('account_patched', { workspaceId: ws, accountId: id, ...patch });
}

/** Erases a user (see UserErasure for what goes and what stays); 404 when there is none. */
export async function eraseUser(deps: AppDeps, ws: string, id: string, actor: string): Promise<UserErasure> {
  const result = await deps.database.db.transaction(async (tx) => {
    const erased = await eraseUserRows(deps.database, ws, id, tx);
    if (!erased) throw notFound('User');
    await recordAudit(tx, ws, actor, {
      action: 'user.deleted',
      target: { type: 'user', id, name: null },
      details: { accountId: erased.accountId, ...erased.erased },
    });
    return erased;
  });
  deps.log.info('user_erased', { workspaceId: ws, userId: id, ...result.erased });
  return { id, ...result };
}

export async function eraseAccount(
  deps: AppDeps,
  ws: string,
  id: string,
  actor: string,
): Promise<AccountErasure> {
  const erased = await deps.database.db.transaction(async (tx) => {
    const rows = await eraseAccountRows(deps.database, ws, id, tx);
    if (!rows) throw notFound('Account');
    await recordAudit(tx, ws, actor, {
      action: 'account.deleted',
      target: { type: 'account', id, name: null },
      details: rows,
    });
    return rows;
  });
  deps.log.info('account_erased', { workspaceId: ws, accountId: id, ...erased });
  return { id, erased };
}

/** Lets a tester see an account's prompts again without waiting out caps, cooldowns and snoozes. */
export async function resetFrequency(
  deps: AppDeps,
  ws: string,
  scope: FrequencyScope,
  actor: string,
): Promise<FrequencyReset> {
  const cleared = await deps.database.db.transaction(async (tx) => {
    const rows = await resetFrequencyRows(deps.database, ws, scope, tx);
    await recordAudit(tx, ws, actor, {
      action: 'account.frequency_reset',
      target: { type: 'account', id: scope.accountId, name: null },
      details: { userId: scope.userId ?? null, campaignId: scope.campaignId ?? null, ...rows },
    });
    return rows;
  });
  deps.log.info('frequency_reset', { workspaceId: ws, ...scope, ...cleared });
  return {
    accountId: scope.accountId,
    userId: scope.userId ?? null,
    campaignId: scope.campaignId ?? null,
    cleared,
  };
}
