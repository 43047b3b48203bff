import type { CampaignLift } from '../../shared/analytics.ts';

/** A significant, reliable lift row (the demo's Exports → Automation), with `over` applied. */
export const campaignLift = (over: Partial<CampaignLift> = {}): CampaignLift => ({
  campaignId: '0d3e0000-0000-4000-8000-000000000002',
  name: 'Exports → Automation',
  treatment: { accounts: 178, conversions: 52, rate: 0.292 },
  holdout: { accounts: 34, conversions: 5, rate: 0.147 },
  lift: 0.145,
  interval: { low: 0.009, high: 0.282 },
  relative: 0.986,
  significant: true,
  reliable: true,
  sampleRatio: { expectedHoldoutShare: 0.15, observedHoldoutShare: 0.16, pValue: 0.69, mismatch: false },
  ...over,
});
