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

/**
 * Where each format may be put (`presentation.position`), the first being where it goes by default:
 * a callout's corner, a banner's edge (unless it docks in a slot), a tooltip's side of its anchor.
 * Left and right are mirrored on right-to-left pages.
 */
export const POSITIONS: Partial<
  Record<string, { label: string; options: ReadonlyArray<readonly [string, string]> }>
> = {
  callout: {
    label: 'Corner',
    options: [
      ['bottom-right', 'bottom right'],
      ['bottom-left', 'bottom left'],
      ['top-right', 'top right'],
      ['top-left', 'top left'],
    ],
  },
  banner: {
    label: 'Edge',
    options: [
      ['top', 'top of the window'],
      ['bottom', 'bottom of the window'],
    ],
  },
  tooltip: {
    label: 'Side',
    options: [
      ['bottom', 'below'],
      ['top', 'above'],
      ['left', 'left'],
      ['right', 'right'],
    ],
  },
};

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
