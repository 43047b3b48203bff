import { describe, expect, it } from 'vitest';
import { holdoutBucket, isHeldOut } from '../../../server/domain/holdout.ts';

const CAMPAIGN = '7b0c1d2e-0000-4000-8000-00000000abcd';

describe('holdout', () => {
  it('puts every seat of an account in the same group, on every call', () => {
    // The user is not an input at all: assignment is by (campaign, account) only.
    const first = isHeldOut(CAMPAIGN, 'acct-42', 10);
    for (let call = 0; call < 100; call++) expect(isHeldOut(CAMPAIGN, 'acct-42', 10)).toBe(first);
    expect(holdoutBucket(CAMPAIGN, 'acct-42')).toBe(holdoutBucket(CAMPAIGN, 'acct-42'));
  });

  it('is pinned to a known bucket so assignments survive restarts and deploys', () => {
    // A regression guard: changing the hash would silently reshuffle running experiments.
    expect(holdoutBucket('campaign-a', 'account-1')).toBe(holdoutBucket('campaign-a', 'account-1'));
    expect(holdoutBucket('campaign-a', 'account-1')).not.toBe(holdoutBucket('campaign-b', 'account-1'));
    expect(holdoutBucket('campaign-a', 'account-1')).toMatchInlineSnapshot(`815597`);
  });

  for (const percent of [5, 10, 25, 50]) {
    it(`holds out ${percent}% ± 2 of 10,000 accounts`, () => {
      let held = 0;
      for (let i = 0; i < 10_000; i++) if (isHeldOut(CAMPAIGN, `account-${i}`, percent)) held++;
      expect(Math.abs(held / 100 - percent)).toBeLessThanOrEqual(2);
    });
  }

  it('holds out nobody at 0% and draws campaigns independently', () => {
    let zero = 0;
    let both = 0;
    for (let i = 0; i < 10_000; i++) {
      if (isHeldOut(CAMPAIGN, `a${i}`, 0)) zero++;
      if (isHeldOut('campaign-x', `a${i}`, 50) && isHeldOut('campaign-y', `a${i}`, 50)) both++;
    }
    expect(zero).toBe(0);
    // Independent 50% draws overlap on about 25% of accounts; a shared hash would give 50%.
    expect(Math.abs(both / 100 - 25)).toBeLessThanOrEqual(2);
  });

  it('only moves accounts into the holdout when the share grows', () => {
    for (let i = 0; i < 2_000; i++) {
      if (isHeldOut(CAMPAIGN, `a${i}`, 10)) expect(isHeldOut(CAMPAIGN, `a${i}`, 20)).toBe(true);
    }
  });
});
