import { DEFAULT_ROLE } from '../../shared/host-data.ts';
import type { WorkspaceSettings } from '../../shared/workspace.ts';
import { type AccountStateRow, selectAccountState } from '../db/queries/account-state.ts';
import { rawClient } from '../db/queries/raw.ts';
import { ownedProducts } from '../domain/ownership.ts';
import { DAY_MS, utcDay } from '../domain/time.ts';
import type { AccountState, MessageStateFacts } from '../domain/types.ts';
import type { AppDeps, WorkspaceContext } from '../http/types.ts';
import { type EngineConfig, engineConfig, type HistoryNeeds, peekEngineConfig } from './campaign-cache.ts';

/** Who the state is for. From a decide call: the verified token; from explain: the admin's query. */
export interface Subject {
  accountId: string;
  userId: string;
  /** The token's role wins over the stored one: it is signed now by the host, the row may be stale. */
  role?: string | undefined;
  locale?: string | undefined;
  traits?: Record<string, unknown> | undefined;
}

export interface OpenRequest {
  id: string;
  productKey: string;
  requestedBy: string;
  createdAt: string;
}

export interface LoadedState {
  state: AccountState;
  /** workspaces.config_version read in the same round trip; null when the workspace is gone. */
  configVersion: number | null;
  /** False when the host never synced this account (defaults were used). */
  accountKnown: boolean;
  userKnown: boolean;
  requests: OpenRequest[];
}

const date = (value: string | null) => (value ? new Date(value) : null);

function messageStates(rows: AccountStateRow['states']): Record<string, MessageStateFacts> {
  const out: Record<string, MessageStateFacts> = {};
  for (const [
    campaignId,
    impressions,
    dismissals,
    clicks,
    first,
    last,
    dismissed,
    snoozed,
    converted,
  ] of rows) {
    out[campaignId] = {
      impressions,
      dismissals,
      clicks,
      firstShownAt: date(first),
      lastShownAt: date(last),
      lastDismissedAt: date(dismissed),
      snoozedUntil: date(snoozed),
      convertedAt: date(converted),
    };
  }
  return out;
}

/** Turns the one-row result into the engine's AccountState at `now`; an unknown account or user
 * gets defaults. */
export function toAccountState(row: AccountStateRow, subject: Subject, now: Date): AccountState {
  const a = row.account;
  const entitlements = row.entitlements.map(([productKey, status, startedAt, endsAt]) => ({
    productKey,
    status,
    startedAt: new Date(startedAt),
    endsAt: date(endsAt),
  }));
  const usage: AccountState['usage'] = {};
  for (const [metric, value, limit] of row.usage) usage[metric] = { value, limit };
  const accountServedToday: Record<string, number> = {};
  for (const [campaignId, count] of row.accountServed) accountServedToday[campaignId] = count;
  return {
    account: {
      id: subject.accountId,
      segment: a?.segment ?? null,
      industry: a?.industry ?? null,
      seats: a?.seats ?? 1,
      plan: a?.plan ?? null,
      mrr: a?.mrr ?? 0,
      healthScore: a?.healthScore ?? null,
      signupAt: date(a?.signupAt ?? null),
      renewalAt: date(a?.renewalAt ?? null),
      firstPurchaseAt: date(a?.firstPurchaseAt ?? null),
      attributes: { name: a?.name, ...(a?.attributes ?? {}) },
      test: a?.test ?? false,
    },
    user: {
      id: subject.userId,
      role: subject.role ?? row.user?.role ?? DEFAULT_ROLE,
      locale: subject.locale ?? row.user?.locale ?? undefined,
      attributes: { ...(row.user?.attributes ?? {}), ...(subject.traits ?? {}) },
    },
    owned: ownedProducts(entitlements, now),
    entitlements,
    usage,
    counters: row.counters.map(([name, userId, day, count]) => ({ name, userId, day, count })),
    trials: row.trials.map(([productKey, status, startedAt]) => ({
      productKey,
      status,
      startedAt: new Date(startedAt),
    })),
    messageStates: messageStates(row.states),
    userPromptsToday: row.promptsToday ?? 0,
    accountPromptsToday: row.accountPromptsToday ?? 0,
    accountServedToday,
    eventsEverSeen: new Set(row.everSeen),
  };
}

/**
 * What the engine reads of an account's history: daily counters far enough back for the longest
 * trigger window and the lifecycle trend's two windows, and the all-time presence of the events
 * that activation milestones and milestone triggers name (not from counter rows: that would mean
 * loading all time).
 */
export interface StateNeeds {
  counterDays: number;
  everSeenNames: string[];
}

/** Needs per settings and config object: decide asks for them twice per call, with the same two. */
const needsMemo = new WeakMap<WorkspaceSettings, WeakMap<HistoryNeeds, StateNeeds>>();
const NO_CONFIG: HistoryNeeds = { counterDays: 0, milestoneEvents: [] };

export function stateNeeds(settings: WorkspaceSettings, config: HistoryNeeds | undefined): StateNeeds {
  const history = config ?? NO_CONFIG;
  let bySettings = needsMemo.get(settings);
  if (!bySettings) {
    bySettings = new WeakMap();
    needsMemo.set(settings, bySettings);
  }
  const hit = bySettings.get(history);
  if (hit) return hit;
  const names = new Set(settings.lifecycle.activationMilestones);
  for (const name of history.milestoneEvents) names.add(name);
  const needs = {
    counterDays: Math.max(2 * settings.lifecycle.trendWindowDays, history.counterDays),
    everSeenNames: [...names].sort(),
  };
  bySettings.set(history, needs);
  return needs;
}

/** The first day of counters to load for `days` of history, today included. */
export const firstCounterDay = (now: Date, days: number) => utcDay(new Date(now.getTime() - days * DAY_MS));

const covers = (loaded: StateNeeds, needed: StateNeeds) =>
  loaded.counterDays >= needed.counterDays &&
  needed.everSeenNames.every((n) => loaded.everSeenNames.includes(n));

/** Loads the account state in one round trip (see selectAccountState). */
export async function loadAccountState(
  deps: AppDeps,
  workspaceId: string,
  subject: Subject,
  needs: StateNeeds,
): Promise<LoadedState> {
  const now = deps.now();
  const row = await selectAccountState(
    rawClient(deps.database),
    {
      workspaceId,
      sinceDay: firstCounterDay(now, needs.counterDays),
      today: utcDay(now),
      everSeenNames: needs.everSeenNames,
    },
    { accountId: subject.accountId, userId: subject.userId },
  );
  return {
    state: toAccountState(row, subject, now),
    configVersion: row.cv,
    accountKnown: row.account !== null,
    userKnown: row.user !== null,
    requests: row.requests.map(([id, productKey, requestedBy, createdAt]) => ({
      id,
      productKey,
      requestedBy,
      createdAt: new Date(createdAt).toISOString(),
    })),
  };
}

/**
 * State and engine config, in the common case with ONE round trip: the config version comes back
 * with the account state and the cached config is used when it is current. Only when the config
 * moved and now needs history the state did not load is the state read a second time.
 */
export async function loadStateAndConfig(
  deps: AppDeps,
  workspace: WorkspaceContext,
  subject: Subject,
): Promise<{ loaded: LoadedState; config: EngineConfig }> {
  const workspaceId = workspace.row.id;
  const needs = stateNeeds(workspace.settings, peekEngineConfig(deps, workspaceId));
  let loaded = await loadAccountState(deps, workspaceId, subject, needs);
  const config = await engineConfig(deps, workspaceId, loaded.configVersion);
  const needed = stateNeeds(workspace.settings, config);
  if (needed !== needs && !covers(needs, needed))
    loaded = await loadAccountState(deps, workspaceId, subject, needed);
  return { loaded, config };
}
