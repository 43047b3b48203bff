import { isHeldOut } from '../../server/domain/holdout.ts';
import { DEMO_CAMPAIGN_IDS, DEMO_CAMPAIGNS } from './campaigns.ts';
import { HOLDOUT_CANDIDATES } from './personas.ts';

/**
 * The holdout persona's account: the first candidate the engine's own assignment puts in the
 * capacity campaign's holdout, so the switcher shows a really held-out user.
 */
export function holdoutPersonaAccountId(): string {
  const campaign = DEMO_CAMPAIGNS.find((c) => c.id === DEMO_CAMPAIGN_IDS.capacity);
  if (!campaign) throw new Error('the capacity campaign is missing from the demo campaigns');
  const found = HOLDOUT_CANDIDATES.find((accountId) =>
    isHeldOut(campaign.id, accountId, campaign.definition.holdout.percent),
  );
  if (!found) throw new Error('no holdout candidate lands in the holdout group');
  return found;
}
