import { describe, expect, it } from 'vitest';
import { newCampaignDraft } from '../../console/pages/campaigns/campaign-form.tsx';
import { goLiveQuestion } from '../../console/pages/campaigns/go-live.ts';
import type { AudienceEstimate, Campaign } from '../../shared/campaign.ts';

const campaign = (stages: string[]) =>
  ({
    ...newCampaignDraft(),
    id: '0d3e0000-0000-4000-8000-000000000009',
    name: 'Reports for exporters',
    status: 'draft',
    version: 1,
    audience: { ...newCampaignDraft().audience, lifecycleStages: stages },
  }) as unknown as Campaign;

const estimate: AudienceEstimate = {
  accountsEvaluated: 2000,
  accountsTotal: 2000,
  eligibleAccounts: 1510,
  testAccounts: 0,
  eligibleUsers: 5137,
  heldOutAccounts: 151,
  heldOutUsers: 500,
  sampled: false,
  topBlockers: [],
};

describe('the question before a campaign goes live', () => {
  it('says how many accounts and users it reaches today', () => {
    const q = goLiveQuestion(campaign(['activated', 'engaged']), estimate);
    expect(q).toContain('Make “Reports for exporters” live now?');
    expect(q).toContain(
      '1,510 of 2,000 accounts (5,137 users) qualify today, before frequency caps; 151 of them are held out.',
    );
    expect(q).not.toMatch(/onboarding|at risk/);
  });

  it('warns when the audience includes onboarding or at-risk accounts', () => {
    const q = goLiveQuestion(campaign(['onboarding', 'engaged', 'at_risk']), null);
    expect(q).toContain('accounts that are onboarding or at risk');
    expect(q).not.toContain('qualify today');
  });
});
