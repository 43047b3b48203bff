import {
  type Format,
  type LifecycleStage,
  type Motion,
  ORIGINAL_VARIANT,
  POSITIONS,
} from '../../shared/campaign.ts';

export const MOTIONS: ReadonlyArray<readonly [Motion, string]> = [
  ['upsell_tier', 'Upsell: tier'],
  ['upsell_addon', 'Upsell: feature / add-on'],
  ['upsell_capacity', 'Upsell: capacity'],
  ['cross_sell_adjacent', 'Cross-sell: adjacent'],
  ['cross_sell_complementary', 'Cross-sell: complementary'],
  ['cross_sell_platform', 'Cross-sell: platform'],
];
export const motionLabel = (m: string) => MOTIONS.find(([k]) => k === m)?.[1] ?? m;

/** A copy of a copy experiment, named the same in the editor's preview and in the results. */
export const variantLabel = (key: string) => (key === ORIGINAL_VARIANT ? 'Original' : `Variant ${key}`);

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

const POSITION_LABEL: Record<string, string> = {
  'bottom-right': 'bottom right',
  'top-right': 'top right',
  'top-left': 'top left',
  top: 'top of the window',
  bottom: 'bottom of the window',
};
const TOOLTIP_SIDE: Record<string, string> = { bottom: 'below', top: 'above', left: 'left', right: 'right' };

/** The positions a format honours (shared POSITIONS), named for the form; none for in-page formats. */
export function positionChoices(
  format: Format,
): { label: string; options: ReadonlyArray<readonly [string, string]> } | undefined {
  const values = POSITIONS[format];
  if (!values) return undefined;
  const names = format === 'tooltip' ? TOOLTIP_SIDE : POSITION_LABEL;
  return {
    label: format === 'callout' ? 'Corner' : format === 'banner' ? 'Edge' : 'Side',
    options: values.map((v) => [v, names[v] ?? v] as const),
  };
}

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
