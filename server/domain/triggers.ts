/**
 * Trigger evaluation (domain.md "Trigger families").
 *
 *   evaluateTriggers(group, state, ctx) → { fired, firedLeaves, reasons }
 *   evaluateLeaf(leaf, state, ctx)      → { fired, description, reason }
 *   describeTrigger(leaf)               → a sentence for explain / leads
 *
 * Groups: `all` needs every child, `any` at least one; groups nest. An empty group fires (a campaign
 * without triggers is "always ready"). Every leaf is evaluated — no short-circuit — so explain shows
 * each one; `firedLeaves` lists the descriptions of the leaves that fired.
 *
 * Windows: "within N days" is the N UTC days ending today (counters are per UTC day). `scope`
 * `account` reads the account rows (userId ''), `user` this user's rows.
 * Page: the current path must match `pattern`; with `minVisits` > 1 the user's recorded visits of
 * matching paths (counters `page.viewed:<path>`, see shared/events.ts) within the window must also
 * reach `minVisits` (the widget should record the current view before asking, so the current visit counts).
 * Trial day N: an active trial of the product started at least N whole days ago (day 0 = first day).
 */
import type { LeafTrigger, TriggerGroup } from '../../shared/campaign.ts';
import { PAGE_VIEW_COUNTER_PREFIX } from '../../shared/events.ts';
import { countMatching, countWithin, everSeen } from './counters.ts';
import { matchPath } from './glob.ts';
import { fail, pass } from './reasons.ts';
import { daysBetween, daysUntil } from './time.ts';
import type { AccountState, Reason } from './types.ts';

export interface TriggerContext {
  now: Date;
  pagePath?: string | undefined;
}

export interface LeafResult {
  fired: boolean;
  description: string;
  reason: Reason;
}

export interface TriggerResult {
  fired: boolean;
  /** Descriptions of the leaves that fired. */
  firedLeaves: string[];
  /** One reason per leaf; blocking only when the whole group did not fire. */
  reasons: Reason[];
}

export function describeTrigger(leaf: LeafTrigger): string {
  switch (leaf.type) {
    case 'metric_quota':
      return `${leaf.metric} at ≥ ${leaf.atLeastPercent}% of its quota`;
    case 'event_count':
      return `${leaf.event} ≥ ${leaf.atLeast}× in ${leaf.withinDays} days (${leaf.scope})`;
    case 'event':
      return `${leaf.event} within ${leaf.withinDays} days (${leaf.scope})`;
    case 'milestone':
      return `milestone ${leaf.event} reached`;
    case 'renewal_within':
      return `renewal within ${leaf.days} days`;
    case 'days_since_signup':
      return `${range(leaf.atLeast, leaf.atMost)} days since signup`;
    case 'days_since_first_purchase':
      return `${range(leaf.atLeast, leaf.atMost)} days since first purchase`;
    case 'page':
      return leaf.minVisits > 1
        ? `page ${leaf.pattern} visited ≥ ${leaf.minVisits}× in ${leaf.withinDays} days`
        : `on page ${leaf.pattern}`;
    case 'trial_day':
      return `day ${leaf.day} of a ${leaf.productKey} trial`;
  }
}

function range(atLeast: number, atMost: number | undefined): string {
  return atMost === undefined ? `≥ ${atLeast}` : `${atLeast}–${atMost}`;
}

type Check = { fired: boolean; observed: string };

function checkLeaf(leaf: LeafTrigger, state: AccountState, ctx: TriggerContext): Check {
  const now = ctx.now;
  switch (leaf.type) {
    case 'metric_quota': {
      const usage = state.usage[leaf.metric];
      if (!usage || usage.limit === null || usage.limit <= 0)
        return { fired: false, observed: 'no quota known' };
      const percent = (usage.value / usage.limit) * 100;
      return { fired: percent >= leaf.atLeastPercent, observed: `${Math.round(percent)}% used` };
    }
    case 'event_count':
    case 'event': {
      const userId = leaf.scope === 'user' ? state.user.id : '';
      const count = countWithin(state.counters, leaf.event, userId, leaf.withinDays, now);
      const atLeast = leaf.type === 'event_count' ? leaf.atLeast : 1;
      return { fired: count >= atLeast, observed: `${count}× in ${leaf.withinDays} days` };
    }
    case 'milestone': {
      const seen = everSeen(state.counters, leaf.event, state.eventsEverSeen);
      return { fired: seen, observed: seen ? 'reached' : 'not reached' };
    }
    case 'renewal_within': {
      const at = state.account.renewalAt;
      if (!at) return { fired: false, observed: 'no renewal date' };
      const days = daysUntil(at, now);
      return { fired: days >= 0 && days <= leaf.days, observed: `renewal in ${days} days` };
    }
    case 'days_since_signup':
    case 'days_since_first_purchase': {
      const from = leaf.type === 'days_since_signup' ? state.account.signupAt : state.account.firstPurchaseAt;
      if (!from) return { fired: false, observed: 'date unknown' };
      const days = daysBetween(from, now);
      const fired = days >= leaf.atLeast && (leaf.atMost === undefined || days <= leaf.atMost);
      return { fired, observed: `${days} days` };
    }
    case 'page':
      return checkPage(leaf, state, ctx);
    case 'trial_day': {
      const trial = state.trials.find((t) => t.productKey === leaf.productKey && t.status === 'active');
      if (!trial) return { fired: false, observed: 'no active trial' };
      const day = daysBetween(trial.startedAt, now);
      return { fired: day >= leaf.day, observed: `trial day ${day}` };
    }
  }
}

function checkPage(
  leaf: Extract<LeafTrigger, { type: 'page' }>,
  state: AccountState,
  ctx: TriggerContext,
): Check {
  if (ctx.pagePath === undefined) return { fired: false, observed: 'no current page' };
  if (!matchPath(leaf.pattern, ctx.pagePath))
    return { fired: false, observed: `current page ${ctx.pagePath}` };
  if (leaf.minVisits <= 1) return { fired: true, observed: `current page ${ctx.pagePath}` };
  const visits = countMatching(
    state.counters,
    (name) =>
      name.startsWith(PAGE_VIEW_COUNTER_PREFIX) &&
      matchPath(leaf.pattern, name.slice(PAGE_VIEW_COUNTER_PREFIX.length)),
    state.user.id,
    ctx.now,
    leaf.withinDays - 1,
    0,
  );
  return { fired: visits >= leaf.minVisits, observed: `${visits} visit(s) in ${leaf.withinDays} days` };
}

export function evaluateLeaf(leaf: LeafTrigger, state: AccountState, ctx: TriggerContext): LeafResult {
  const description = describeTrigger(leaf);
  const { fired, observed } = checkLeaf(leaf, state, ctx);
  const reason = fired
    ? pass(`trigger.${leaf.type}.fired`, `Trigger fired: ${description} (${observed}).`)
    : pass(`trigger.${leaf.type}.not_fired`, `Trigger not fired: ${description} (${observed}).`);
  return { fired, description, reason };
}

function isGroup(node: LeafTrigger | TriggerGroup): node is TriggerGroup {
  return node.type === 'all' || node.type === 'any';
}

function walk(group: TriggerGroup, state: AccountState, ctx: TriggerContext, out: TriggerResult): boolean {
  const results = group.triggers.map((node) => {
    if (isGroup(node)) return walk(node, state, ctx, out);
    const leaf = evaluateLeaf(node, state, ctx);
    out.reasons.push(leaf.reason);
    if (leaf.fired) out.firedLeaves.push(leaf.description);
    return leaf.fired;
  });
  if (results.length === 0) return true;
  return group.type === 'all' ? results.every(Boolean) : results.some(Boolean);
}

export function evaluateTriggers(
  group: TriggerGroup,
  state: AccountState,
  ctx: TriggerContext,
): TriggerResult {
  const out: TriggerResult = { fired: false, firedLeaves: [], reasons: [] };
  out.fired = walk(group, state, ctx, out);
  if (out.fired) {
    out.reasons.push(
      pass('triggers.fired', out.reasons.length === 0 ? 'No triggers: always ready.' : 'Triggers fired.'),
    );
  } else {
    out.reasons.push(
      fail('triggers.not_fired', `Triggers not met (${group.type} of ${group.triggers.length}).`),
    );
  }
  return out;
}
