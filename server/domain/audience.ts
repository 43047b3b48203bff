/**
 * Who a campaign is for.
 *
 *   checkAudience(audience, state, stage) → Reason[]   (every check, passing ones non-blocking)
 *
 * Checks, all reported (explain lists every failure, not just the first): segment, role, each
 * attribute filter, owns all, owns none, lifecycle stage, open-deal suppression. Target
 * prerequisites are checked with the target (targets.ts `checkPrerequisites`).
 * Empty `segments` / `roles` mean "any". An account without a segment fails a segment list.
 */
import type { Audience, LifecycleStage } from '../../shared/campaign.ts';
import { matchFilter } from './filters.ts';
import { fail, pass } from './reasons.ts';
import type { AccountState, Reason } from './types.ts';

function show(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

function membership(
  code: 'audience.segment' | 'audience.role',
  what: string,
  actual: string | null,
  allowed: readonly string[],
): Reason {
  if (allowed.length === 0) return pass(`${code}.any`, `Any ${what}.`);
  if (actual !== null && allowed.includes(actual)) return pass(code, `${what} ${actual} is targeted.`);
  return fail(`${code}.excluded`, `${what} ${actual ?? '(none)'} is not one of ${allowed.join(', ')}.`);
}

function ownership(audience: Audience, owned: ReadonlySet<string>): Reason[] {
  const reasons: Reason[] = [];
  const lacking = audience.ownsAll.filter((k) => !owned.has(k));
  if (lacking.length > 0)
    reasons.push(fail('audience.owns_all.missing', `Does not own ${lacking.join(', ')}.`));
  else if (audience.ownsAll.length > 0)
    reasons.push(pass('audience.owns_all', `Owns ${audience.ownsAll.join(', ')}.`));
  const present = audience.ownsNone.filter((k) => owned.has(k));
  if (present.length > 0)
    reasons.push(fail('audience.owns_none.present', `Already owns ${present.join(', ')}.`));
  else if (audience.ownsNone.length > 0) {
    reasons.push(pass('audience.owns_none', `Owns none of ${audience.ownsNone.join(', ')}.`));
  }
  return reasons;
}

export function checkAudience(audience: Audience, state: AccountState, stage: LifecycleStage): Reason[] {
  const reasons: Reason[] = [
    membership('audience.segment', 'Segment', state.account.segment, audience.segments),
    membership('audience.role', 'Role', state.user.role, audience.roles),
  ];
  for (const filter of audience.filters) {
    const { matched, actual } = matchFilter(filter, state);
    const text = `${filter.field} ${filter.op}${filter.value === undefined ? '' : ` ${show(filter.value)}`}`;
    reasons.push(
      matched
        ? pass('audience.filter', `Filter ${text} matched (value ${show(actual)}).`)
        : fail('audience.filter.failed', `Filter ${text} failed (value ${show(actual)}).`),
    );
  }
  reasons.push(...ownership(audience, state.owned));
  reasons.push(
    audience.lifecycleStages.includes(stage)
      ? pass('audience.stage', `Lifecycle stage ${stage} is allowed.`)
      : fail(
          'audience.stage.excluded',
          `Lifecycle stage ${stage} is not in ${audience.lifecycleStages.join(', ')}.`,
        ),
  );
  const dealAttr = audience.openDealAttribute;
  if (dealAttr !== null) {
    const deal = state.account.attributes[dealAttr];
    const open =
      deal !== undefined && deal !== null && deal !== false && deal !== '' && deal !== 0 && deal !== 'false';
    reasons.push(
      open
        ? fail('audience.open_deal', `An open sales deal is recorded (attribute ${dealAttr}).`)
        : pass('audience.no_open_deal', `No open sales deal (attribute ${dealAttr}).`),
    );
  }
  return reasons;
}
