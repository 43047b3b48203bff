import type { AudienceEstimate, Campaign } from '../../../shared/campaign.ts';
import { num } from '../../lib/format.ts';

const TENDER = ['onboarding', 'at_risk'] as const;

/**
 * The question asked before a campaign goes live: how many accounts and users it reaches today
 * (before frequency caps), and a warning when its audience includes accounts that are still
 * onboarding or at risk, which a prompt can push away. `estimate` is null when it could not be had.
 */
export function goLiveQuestion(campaign: Campaign, estimate: AudienceEstimate | null): string {
  const lines = [`Make “${campaign.name}” live now?`];
  if (estimate) {
    const about = estimate.sampled ? 'About ' : '';
    lines.push(
      `${about}${num(estimate.eligibleAccounts)} of ${num(estimate.accountsTotal)} accounts (${num(estimate.eligibleUsers)} users) qualify today, before frequency caps` +
        (estimate.heldOutAccounts ? `; ${num(estimate.heldOutAccounts)} of them are held out.` : '.'),
    );
  }
  const tender = TENDER.filter((s) => campaign.audience.lifecycleStages.includes(s));
  if (tender.length > 0)
    lines.push(
      `Its audience includes accounts that are ${tender.map((s) => s.replace('_', ' ')).join(' or ')}: a prompt now can do more harm than good.`,
    );
  return lines.join('\n\n');
}
