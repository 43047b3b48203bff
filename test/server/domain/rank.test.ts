import { describe, expect, it } from 'vitest';
import { compareVerdicts } from '../../../server/domain/rank.ts';
import type { Verdict } from '../../../server/domain/types.ts';

function verdict(campaignId: string, input: Partial<Verdict> = {}): Verdict {
  return {
    campaignId,
    eligible: true,
    reasons: [],
    stage: 'engaged',
    channel: 'in_app',
    motion: 'upsell_addon',
    holdout: false,
    score: 0,
    firedTriggers: [],
    placement: 'global',
    priority: 50,
    ...input,
  };
}
const ids = (vs: Verdict[]) => vs.map((v) => v.campaignId);

describe('ranking', () => {
  it('orders by priority, then score, then campaign id', () => {
    const vs = [
      verdict('c', { priority: 50, score: 10 }),
      verdict('b', { priority: 50, score: 10 }),
      verdict('a', { priority: 40, score: 999 }),
      verdict('d', { priority: 50, score: 11 }),
      verdict('e', { priority: 90, score: 0 }),
    ];
    expect(ids([...vs].sort(compareVerdicts))).toEqual(['e', 'd', 'b', 'c', 'a']);
  });

  it('breaks exact ties by campaign id whatever the input order', () => {
    const a = verdict('00000000-0000-4000-8000-00000000000a', { score: 5 });
    const b = verdict('00000000-0000-4000-8000-00000000000b', { score: 5 });
    expect(ids([b, a].sort(compareVerdicts))).toEqual([a.campaignId, b.campaignId]);
    expect(ids([a, b].sort(compareVerdicts))).toEqual([a.campaignId, b.campaignId]);
  });

  it('treats a missing priority as 0', () => {
    const bare = verdict('bare', { priority: undefined, score: 100 });
    expect(ids([bare, verdict('p', { priority: 1 })].sort(compareVerdicts))).toEqual(['p', 'bare']);
  });
});
