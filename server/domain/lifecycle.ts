/**
 * Lifecycle stage of an account (domain.md "Readiness").
 *
 *   classifyStage(state, thresholds, now, options?) → { stage, reasons }
 *   usageTrend(state, windowDays, now)              → { recent, previous }
 *
 * Precedence, first that applies wins:
 *   1. churned        — attribute `churned` is truthy, or the account had entitlements and none of
 *                       an anchor product is active any more (any product when no anchors are known)
 *   2. onboarding     — signed up less than `onboardingDays` ago, or an activation milestone is missing
 *   3. at_risk        — health score below `atRiskHealthBelow`, or recent usage fell below
 *                       `fallingUsageRatio` × the previous window's
 *   4. renewal_window — renewal date within `renewalWindowDays` (and not passed)
 *   5. engaged        — recent window averages ≥ `engagedEventsPerDay` account events a day
 *   6. activated      — otherwise
 * Onboarding outranks at_risk because a new account's health is not yet meaningful; at_risk outranks
 * the renewal window because a shaky renewal must not get a pitch.
 *
 * Usage = account-level counters, excluding our own widget events (`message.*`) and page views: they
 * measure our prompts and navigation, not product use. An account with no previous-window usage has
 * no trend (a fresh account is not "falling"). The recent window includes today, which is partial: at
 * most one day in `trendWindowDays` under-counted, far inside the default 50% ratio. Counters reach
 * back 90 days, so windows over 45 days compare against a truncated previous window (which can only
 * make "falling" rarer, never spurious). Unknown signup date = not onboarding by age.
 * Reasons are informational (never blocking): the audience check decides what a stage allows.
 */

import type { LifecycleStage } from '../../shared/campaign.ts';
import { PAGE_VIEW_EVENT } from '../../shared/events.ts';
import type { LifecycleThresholds } from '../../shared/workspace.ts';
import { countMatching, everSeen } from './counters.ts';
import { holdsEntitlement } from './ownership.ts';
import { pass } from './reasons.ts';
import { daysBetween, daysUntil } from './time.ts';
import type { AccountState, Reason } from './types.ts';

export interface StageDecision {
  stage: LifecycleStage;
  reasons: Reason[];
}

export interface StageOptions {
  /** Anchor product keys of the catalogue, for the churn check. */
  anchorProducts?: ReadonlySet<string> | readonly string[];
}

function isUsageEvent(name: string): boolean {
  return !name.startsWith('message.') && !name.startsWith(PAGE_VIEW_EVENT);
}

/** Account usage events in the recent window (ending today) and in the window before it. */
export function usageTrend(state: AccountState, windowDays: number, now: Date) {
  const recent = countMatching(state.counters, isUsageEvent, '', now, windowDays - 1, 0);
  const previous = countMatching(state.counters, isUsageEvent, '', now, 2 * windowDays - 1, windowDays);
  return { recent, previous };
}

function churnReason(state: AccountState, now: Date, options: StageOptions): Reason | null {
  if (truthy(state.account.attributes.churned)) {
    return pass('stage.churned.attribute', 'The account is marked churned (attribute "churned").');
  }
  if (state.entitlements.length === 0) return null;
  const anchors = new Set(options.anchorProducts ?? []);
  const relevant = state.entitlements.filter((e) => anchors.size === 0 || anchors.has(e.productKey));
  if (relevant.length === 0) return null;
  const active = relevant.some((e) => holdsEntitlement(e, now));
  if (active) return null;
  const what = anchors.size > 0 ? 'anchor product' : 'product';
  return pass('stage.churned.no_active_entitlement', `No active entitlement of any ${what} remains.`);
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === 'yes';
}

function onboardingReasons(state: AccountState, t: LifecycleThresholds, now: Date): Reason[] {
  const reasons: Reason[] = [];
  const signupAt = state.account.signupAt;
  if (signupAt && daysBetween(signupAt, now) < t.onboardingDays) {
    const age = Math.max(0, daysBetween(signupAt, now));
    reasons.push(
      pass(
        'stage.onboarding.recent_signup',
        `Signed up ${age} day(s) ago (onboarding lasts ${t.onboardingDays}).`,
      ),
    );
  }
  const missing = t.activationMilestones.filter((m) => !everSeen(state.counters, m, state.eventsEverSeen));
  if (missing.length > 0) {
    reasons.push(
      pass(
        'stage.onboarding.milestones_missing',
        `Activation milestones not reached: ${missing.join(', ')}.`,
      ),
    );
  }
  return reasons;
}

function atRiskReasons(
  state: AccountState,
  t: LifecycleThresholds,
  trend: { recent: number; previous: number },
) {
  const reasons: Reason[] = [];
  const health = state.account.healthScore;
  if (health !== null && health < t.atRiskHealthBelow) {
    reasons.push(pass('stage.at_risk.health', `Health score ${health} is below ${t.atRiskHealthBelow}.`));
  }
  if (trend.previous > 0 && trend.recent < t.fallingUsageRatio * trend.previous) {
    reasons.push(
      pass(
        'stage.at_risk.usage_falling',
        `Usage fell to ${trend.recent} events in the last ${t.trendWindowDays} days from ${trend.previous} ` +
          `(below ${Math.round(t.fallingUsageRatio * 100)}% of the previous window).`,
      ),
    );
  }
  return reasons;
}

export function classifyStage(
  state: AccountState,
  thresholds: LifecycleThresholds,
  now: Date,
  options: StageOptions = {},
): StageDecision {
  const churn = churnReason(state, now, options);
  if (churn) return { stage: 'churned', reasons: [churn] };

  const onboarding = onboardingReasons(state, thresholds, now);
  if (onboarding.length > 0) return { stage: 'onboarding', reasons: onboarding };

  const trend = usageTrend(state, thresholds.trendWindowDays, now);
  const risk = atRiskReasons(state, thresholds, trend);
  if (risk.length > 0) return { stage: 'at_risk', reasons: risk };

  const renewalAt = state.account.renewalAt;
  if (renewalAt && renewalAt.getTime() >= now.getTime()) {
    const days = daysUntil(renewalAt, now);
    if (days <= thresholds.renewalWindowDays) {
      const msg = `Renewal in ${days} day(s) (window ${thresholds.renewalWindowDays}).`;
      return { stage: 'renewal_window', reasons: [pass('stage.renewal_window', msg)] };
    }
  }

  const perDay = trend.recent / thresholds.trendWindowDays;
  const rate = `${perDay.toFixed(1)} events/day over the last ${thresholds.trendWindowDays} days`;
  if (perDay >= thresholds.engagedEventsPerDay && trend.recent > 0) {
    const msg = `${rate} (engaged from ${thresholds.engagedEventsPerDay}).`;
    return { stage: 'engaged', reasons: [pass('stage.engaged', msg)] };
  }
  const msg = `Activated; ${rate} (engaged from ${thresholds.engagedEventsPerDay}).`;
  return { stage: 'activated', reasons: [pass('stage.activated', msg)] };
}
