import type { Format, LifecycleStage, Motion } from '../../shared/campaign.ts';

export const MOTIONS: ReadonlyArray<readonly [Motion, string]> = [
  ['upsell_tier', 'Upsell: tier'],
  ['upsell_addon', 'Upsell: feature / add-on'],
  ['upsell_capacity', 'Upsell: capacity'],
  ['cross_sell_adjacent', 'Cross-sell: adjacent'],
  ['cross_sell_complementary', 'Cross-sell: complementary'],
  ['cross_sell_platform', 'Cross-sell: platform'],
];
export const motionLabel = (m: string) => MOTIONS.find(([k]) => k === m)?.[1] ?? m;

export const STAGES: ReadonlyArray<readonly [LifecycleStage, string]> = [
  ['onboarding', 'Onboarding'],
  ['activated', 'Activated'],
  ['engaged', 'Engaged / power user'],
  ['at_risk', 'At risk'],
  ['renewal_window', 'Renewal window'],
  ['churned', 'Churned'],
];

export const FORMATS: ReadonlyArray<readonly [Format, string]> = [
  ['callout', 'Callout'],
  ['banner', 'Banner'],
  ['modal', 'Modal'],
  ['tooltip', 'Tooltip (anchored)'],
  ['inline', 'Inline slot'],
  ['inbox', 'Inbox card'],
];

/** The sides a tooltip opens on, beside its anchor. */
export const TOOLTIP_SIDES = [
  ['bottom', 'below'],
  ['top', 'above'],
  ['left', 'left'],
  ['right', 'right'],
] as const;

export const FILTER_OPS = [
  ['eq', 'equals'],
  ['neq', 'does not equal'],
  ['in', 'is one of'],
  ['gt', '>'],
  ['gte', '≥'],
  ['lt', '<'],
  ['lte', '≤'],
  ['contains', 'contains'],
  ['exists', 'is set'],
] as const;
