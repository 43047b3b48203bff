import type { TrialPlan } from '../../shared/campaign.ts';
import type { Trial } from '../../shared/money.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import type { Tx } from '../db/client.ts';
import {
  accountEntitlements,
  findDecision,
  refreshProductMask,
  upsertEntitlement,
} from '../db/queries/money.ts';
import type { ListFilter } from '../db/queries/money-requests.ts';
import {
  accountMetrics,
  accountTrials,
  eventTimes,
  findTrialOf,
  insertTrial,
  listTrialRows,
  saveTrialProgress,
  type TrialRow,
} from '../db/queries/trials.ts';
import { DAY_MS } from '../domain/time.ts';
import { eventsNeeded, trialProgress } from '../domain/trial-progress.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { loadCatalog } from './catalog-cache.ts';
import { entitlementPayload, trialPayload } from './money-payloads.ts';
import { type OfferedDecision, offeredDecision } from './offer-check.ts';
import { enqueue } from './outbox.ts';
import { atRow, toPositionPage } from './position-cursor.ts';
import { assertMayPurchase } from './purchases.ts';

/**
 * Starts a guided trial from a decision: a time-boxed entitlement (status `trial`) on the account ×
 * product row that a later purchase converts in place, plus the campaign's week-by-week plan.
 */
export async function startTrial(
  deps: AppDeps,
  workspace: WorkspaceContext,
  user: EndUser,
  input: { decisionId: string; productKey: string },
): Promise<Trial> {
  // Trials are offered to the same people as the buy button: a trial is a step towards buying.
  assertMayPurchase(workspace.settings, user);
  const workspaceId = workspace.row.id;
  const now = deps.now();
  const row = await deps.database.db.transaction(async (tx) => {
    const offered = await offeredDecision(tx, workspaceId, user, input.decisionId, input.productKey);
    const { plan, days } = trialTerms(offered);
    await assertTrialable(tx, workspaceId, user.accountId, offered);
    const endsAt = new Date(now.getTime() + days * DAY_MS);
    const entitlement = await upsertEntitlement(tx, {
      workspaceId,
      accountId: user.accountId,
      productKey: input.productKey,
      status: 'trial',
      source: 'trial',
      startedAt: now,
      endsAt,
    });
    const trial = await insertTrial(tx, {
      workspaceId,
      accountId: user.accountId,
      userId: user.userId,
      productKey: input.productKey,
      entitlementId: entitlement.id,
      decisionId: offered.decision.id,
      campaignId: offered.decision.campaignId,
      status: 'active',
      plan: plan as unknown as Record<string, unknown>,
      startedAt: now,
      endsAt,
      createdAt: now,
      updatedAt: now,
    });
    // The unique index decided a concurrent start won: this one changes nothing (rollback).
    if (!trial) throw alreadyTrialled(input.productKey);
    await refreshProductMask(deps.database, tx, workspaceId, user.accountId);
    await enqueue(
      tx,
      workspaceId,
      'trial.started',
      { trial: trialPayload(trial), entitlement: entitlementPayload(entitlement) },
      now,
    );
    return trial;
  });
  const catalog = await loadCatalog(deps.database.db, workspaceId);
  return describeTrial(
    deps,
    deps.database.db,
    row,
    catalog.products.get(row.productKey)?.name ?? row.productKey,
  );
}

function alreadyTrialled(productKey: string) {
  return new ApiError(409, 'already_trialled', `The account already had a trial of ${productKey}`);
}

function trialTerms(offered: OfferedDecision): { plan: TrialPlan; days: number } {
  const trial = offered.definition.trial;
  const product = offered.catalog.products.get(offered.target.key);
  if (!trial?.enabled || offered.target.kind === 'bundle' || !product) {
    throw new ApiError(409, 'not_offered', 'This offer does not include a trial');
  }
  return { plan: trial.plan, days: trial.days ?? product.trialDays };
}

async function assertTrialable(tx: Tx, workspaceId: string, accountId: string, offered: OfferedDecision) {
  const key = offered.target.key;
  const owned = await accountEntitlements(tx, workspaceId, accountId);
  const live = new Set(
    owned.filter((e) => e.status === 'active' || e.status === 'trial').map((e) => e.productKey),
  );
  if (live.has(key)) throw new ApiError(409, 'already_owned', `The account already has ${key}`);
  if (await findTrialOf(tx, workspaceId, accountId, key)) throw alreadyTrialled(key);
  const missing = (offered.catalog.products.get(key)?.prerequisites ?? []).filter((p) => !live.has(p));
  if (missing.length > 0) {
    throw new ApiError(409, 'prerequisites_missing', `Requires ${missing.join(', ')} first`, { missing });
  }
}

/** Trials as the host's backend sees them (the trial.* webhooks' shape), newest first. */
export async function adminTrials(deps: AppDeps, workspaceId: string, filter: ListFilter) {
  const rows = await listTrialRows(deps.database.db, workspaceId, { ...filter, limit: filter.limit + 1 });
  const { data, nextCursor } = toPositionPage('trials', rows, filter.limit, atRow, (r) =>
    trialPayload(r.row),
  );
  return { trials: data, nextCursor };
}

/** The account's trials with progress from real events and usage metrics. */
export async function listTrials(deps: AppDeps, workspaceId: string, accountId: string): Promise<Trial[]> {
  const db = deps.database.db;
  const [rows, catalog] = await Promise.all([
    accountTrials(db, workspaceId, accountId),
    loadCatalog(db, workspaceId),
  ]);
  const out: Trial[] = [];
  for (const row of rows)
    out.push(
      await describeTrial(deps, db, row, catalog.products.get(row.productKey)?.name ?? row.productKey),
    );
  return out;
}

async function describeTrial(deps: AppDeps, tx: Tx, row: TrialRow, productName: string): Promise<Trial> {
  const now = deps.now();
  const plan = row.plan as unknown as TrialPlan;
  const active = row.status === 'active';
  const until = active
    ? new Date(Math.min(now.getTime(), row.endsAt.getTime()))
    : (row.convertedAt ?? row.expiredAt ?? row.endsAt);
  const [events, metrics, decision] = await Promise.all([
    eventTimes(tx, row.workspaceId, row.accountId, eventsNeeded(plan), row.startedAt, until),
    accountMetrics(tx, row.workspaceId, row.accountId),
    // The offer the trial started from, as priced then: "buy now" works on any device.
    active && row.decisionId ? findDecision(tx, row.workspaceId, row.decisionId) : null,
  ]);
  const p = trialProgress(plan, row.progress, { events, metrics }, { endsAt: row.endsAt, now, active });
  if (Object.keys(p.completions).length !== Object.keys(row.progress).length) {
    await saveTrialProgress(tx, row.workspaceId, row.id, p.completions, now);
  }
  return {
    id: row.id,
    productKey: row.productKey,
    productName,
    status: row.status,
    entitlementId: row.entitlementId,
    startedAt: row.startedAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    daysLeft: p.daysLeft,
    plan,
    weeks: p.weeks,
    successCriteria: p.successCriteria,
    progress: p.progress,
    decisionId: active ? row.decisionId : null,
    offer: (decision?.offer as PricedOffer | null | undefined) ?? null,
  };
}
