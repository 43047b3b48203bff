/**
 * Holdout assignment: deterministic by a stable hash of (campaign id, account id), so every seat of
 * an account and every call lands in the same group, on every server instance, with no state.
 *
 *   holdoutBucket(campaignId, accountId)          → integer in [0, 1_000_000)
 *   isHeldOut(campaignId, accountId, percent)     → true when in the holdout (percent 0–100, fractions ok)
 *
 * Hashing per campaign (not per account alone) keeps holdouts of different campaigns independent,
 * so one account is not always the control. Changing the percent moves only accounts at the edge.
 */
import { cyrb53 } from './hash.ts';

const BUCKETS = 1_000_000;

export function holdoutBucket(campaignId: string, accountId: string): number {
  return cyrb53(`${campaignId}\u0000${accountId}`) % BUCKETS;
}

export function isHeldOut(campaignId: string, accountId: string, percent: number): boolean {
  if (percent <= 0) return false;
  return holdoutBucket(campaignId, accountId) < (percent / 100) * BUCKETS;
}
