/**
 * One campaign for one user: the verdict with every reason.
 *
 *   stageFor(state, ctx)                                      → StageDecision (anchors from the catalogue)
 *   evaluateCampaign(campaign, state, ctx, options?)          → Verdict
 *   evaluateCampaigns(campaigns, state, ctx, options?)        → Verdict[] (stage classified once)
 *
 * Checks, in order: status, schedule, placement, pages, audience (segment, role, filters, ownership,
 * lifecycle stage, open deal), triggers, frequency, target (exists, not owned, not sunset,
 * prerequisites), offer pricing, copy (every variable of the served locale has a value), routing,
 * holdout. `eligible` = no blocking reason.
 * `mode: 'explain'` (default) runs every check so explain lists all failures; `mode: 'decide'` stops
 * at the first blocking check and returns only the reasons up to it (same `eligible`, `holdout` and
 * `channel`; a blocked decide verdict has score 0), for less work on the hot path.
 * The copy check fills the copy into `verdict.content`, which decide then serves as is.
 * Holdout never blocks: an eligible held-out verdict has `holdout: true` and is recorded as an
 * exposure without showing (see rank.ts). Score: score.ts.
 */
import type { CampaignDefinition, OfferTerms } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { checkAudience } from './audience.ts';
import { copyLabel, copyVariant, type PickedCopy } from './copy-variant.ts';
import { checkFrequency } from './frequency.ts';
import { matchPath } from './glob.ts';
import { isHeldOut } from './holdout.ts';
import { classifyStage, type StageDecision } from './lifecycle.ts';
import { fillCopy, localisedCopy } from './message.ts';
import { PricingError, priceOffer } from './pricing.ts';
import { fail, isBlocked, pass } from './reasons.ts';
import { routeChannel } from './routing.ts';
import { expectedValue } from './score.ts';
import { resolveTarget } from './targets.ts';
import { formatMoney } from './templates.ts';
import { evaluateTriggers } from './triggers.ts';
import type {
  AccountState,
  CampaignRecord,
  DecideContext,
  Reason,
  ResolvedTarget,
  Verdict,
} from './types.ts';

export interface EvaluateOptions {
  /** A stage already classified for this state (saves re-classifying per campaign). */
  stage?: StageDecision | undefined;
  mode?: 'decide' | 'explain' | undefined;
}

export function stageFor(state: AccountState, ctx: DecideContext): StageDecision {
  const anchors = [...ctx.catalog.products.values()].filter((p) => p.role === 'anchor').map((p) => p.key);
  return classifyStage(state, ctx.settings.lifecycle, ctx.now, { anchorProducts: anchors });
}

function statusReason(campaign: CampaignRecord): Reason {
  return campaign.status === 'active'
    ? pass('status.active', 'The campaign is active.')
    : fail('status.inactive', `The campaign is ${campaign.status}.`);
}

function scheduleReasons(schedule: CampaignDefinition['schedule'], now: Date): Reason[] {
  if (schedule.startAt && Date.parse(schedule.startAt) > now.getTime()) {
    return [fail('schedule.not_started', `Starts at ${schedule.startAt}.`)];
  }
  if (schedule.endAt && Date.parse(schedule.endAt) <= now.getTime()) {
    return [fail('schedule.ended', `Ended at ${schedule.endAt}.`)];
  }
  return [pass('schedule.running', 'Within its schedule.')];
}

function placementReasons(def: CampaignDefinition, ctx: DecideContext): Reason[] {
  const { placement, pages } = def.presentation;
  const reasons: Reason[] = [
    placement === ctx.placement || ctx.slots.includes(placement)
      ? pass('placement.match', `Placement ${placement} was requested.`)
      : fail(
          'placement.mismatch',
          `Placement ${placement} was not requested (asked: ${[ctx.placement, ...ctx.slots].join(', ')}).`,
        ),
  ];
  if (pages.length > 0) {
    const path = ctx.pagePath;
    reasons.push(
      path !== undefined && pages.some((p) => matchPath(p, path))
        ? pass('page.match', `Page ${path} matches.`)
        : fail('page.mismatch', `Page ${path ?? '(unknown)'} is not one of ${pages.join(', ')}.`),
    );
  }
  return reasons;
}

const creditNote = ({ credit, currency }: PricedOffer) =>
  credit
    ? ` (${formatMoney(credit.amount, currency, 'en')} of the current plan ${credit.plan}, ${credit.key}, credited)`
    : '';

function priceReasons(
  terms: OfferTerms,
  target: ResolvedTarget,
  state: AccountState,
  ctx: DecideContext,
  campaignId: string,
) {
  try {
    const firstShownAt = state.messageStates[campaignId]?.firstShownAt ?? null;
    const offer = priceOffer(target, terms, ctx.catalog, ctx.now, firstShownAt, state.account.plan);
    const expired = offer.expiresAt !== undefined && Date.parse(offer.expiresAt) <= ctx.now.getTime();
    const reason = expired
      ? fail('offer.expired', `The offer expired at ${offer.expiresAt}.`)
      : pass(
          'offer.priced',
          `Priced at ${formatMoney(offer.amount, offer.currency, 'en')} per ${offer.interval}${creditNote(offer)}.`,
        );
    return { offer, reason };
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    return { offer: undefined, reason: fail(`offer.${error.code}`, error.message) };
  }
}

/**
 * Fills the copy in the locale this user gets and refuses the campaign when a variable has no value
 * for this account: a sentence with a hole in it must never reach an end user.
 */
function contentReasons(
  def: CampaignDefinition,
  variant: PickedCopy,
  verdict: Verdict,
  state: AccountState,
  ctx: DecideContext,
) {
  const target = verdict.target;
  if (!target) return [];
  const experiment = def.variants.length > 0;
  if (experiment) verdict.variant = variant.key;
  const { locale, copy } = localisedCopy(variant.content, ctx, state);
  if (!copy) return [fail('content.missing_locale', 'The campaign has no "en" copy.')];
  const content = fillCopy(copy, locale, target, verdict.offer, def.roi, state);
  verdict.content = content;
  const label = experiment ? copyLabel(variant.key) : 'Copy';
  const variantReason = experiment
    ? [
        pass(
          'content.variant',
          `The copy experiment gives this account the ${copyLabel(variant.key).toLowerCase()}.`,
        ),
      ]
    : [];
  if (content.missing.length === 0) {
    return [...variantReason, pass('content.filled', `${label} (${locale}) fully filled.`)];
  }
  return [
    ...variantReason,
    ...content.missing.map(({ variable, fields }) =>
      fail(
        'content.missing_value',
        `${label} (${locale}) ${fields.join(', ')}: {{${variable}}} has no value for this account, so the message is not shown.`,
      ),
    ),
  ];
}

/**
 * The checks in order; each fills what it learns (fired triggers, target, offer, content) into the
 * verdict.
 */
function checks(
  campaign: CampaignRecord,
  state: AccountState,
  ctx: DecideContext,
  stage: StageDecision,
  verdict: Verdict,
) {
  const def = campaign.definition;
  // The account's copy of a copy experiment, with its offer: the price and the copy must agree.
  const variant = copyVariant(def, campaign.id, state.account.id);
  return [
    () => [statusReason(campaign), ...scheduleReasons(def.schedule, ctx.now)],
    () => placementReasons(def, ctx),
    () => checkAudience(def.audience, state, stage.stage),
    () => {
      const result = evaluateTriggers(def.triggers, state, { now: ctx.now, pagePath: ctx.pagePath });
      verdict.firedTriggers = result.firedLeaves;
      return result.reasons;
    },
    () => checkFrequency(def.frequency, state, campaign.id, ctx.settings, ctx.now),
    () => {
      const resolution = resolveTarget(def.target, state, ctx.catalog, ctx.affinity);
      verdict.target = resolution.target;
      if (!resolution.target) return resolution.reasons;
      const priced = priceReasons(variant.offer, resolution.target, state, ctx, campaign.id);
      verdict.offer = priced.offer;
      return [...resolution.reasons, priced.reason];
    },
    () => contentReasons(def, variant, verdict, state, ctx),
  ] satisfies Array<() => Reason[]>;
}

export function evaluateCampaign(
  campaign: CampaignRecord,
  state: AccountState,
  ctx: DecideContext,
  options: EvaluateOptions = {},
): Verdict {
  const def = campaign.definition;
  const stage = options.stage ?? stageFor(state, ctx);
  const explain = options.mode !== 'decide';
  const { channel, reason: routingReason } = routeChannel(def.routing, state.account);
  // A test account sees what the treatment sees, so the host's own people can check a campaign.
  const holdout = !state.account.test && isHeldOut(campaign.id, state.account.id, def.holdout.percent);
  const verdict: Verdict = {
    campaignId: campaign.id,
    eligible: false,
    // Decide reads no reasons but the blocking one; explain lists the stage's reasons too.
    reasons: explain ? [...stage.reasons] : [],
    stage: stage.stage,
    channel,
    motion: def.motion,
    holdout,
    score: 0,
    firedTriggers: [],
    placement: def.presentation.placement,
    priority: def.priority,
  };
  let blocked = false;
  for (const check of checks(campaign, state, ctx, stage, verdict)) {
    const reasons = check();
    verdict.reasons.push(...reasons);
    blocked ||= isBlocked(reasons);
    if (blocked && !explain) return verdict;
  }
  verdict.reasons.push(
    routingReason,
    state.account.test
      ? pass('holdout.test_account', 'A test account: never held out, and left out of analytics.')
      : holdout
        ? pass('holdout.held_out', `In the ${def.holdout.percent}% holdout: recorded, not shown.`)
        : pass('holdout.treatment', `In the treatment group (holdout ${def.holdout.percent}%).`),
  );
  verdict.eligible = !blocked;
  verdict.score = expectedValue(def.motion, verdict.target, verdict.offer);
  return verdict;
}

export function evaluateCampaigns(
  campaigns: readonly CampaignRecord[],
  state: AccountState,
  ctx: DecideContext,
  options: EvaluateOptions = {},
): Verdict[] {
  const stage = options.stage ?? stageFor(state, ctx);
  return campaigns.map((c) => evaluateCampaign(c, state, ctx, { ...options, stage }));
}
