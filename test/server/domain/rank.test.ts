import { describe, expect, it } from 'vitest';
import { compareVerdicts, selectMessages } from '../../../server/domain/rank.ts';
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
    expect(ids(selectMessages([b, a]).winners)).toEqual([a.campaignId]);
    expect(ids(selectMessages([a, b]).winners)).toEqual([a.campaignId]);
  });

  it('picks one message per placement and ignores ineligible verdicts', () => {
    const s = selectMessages([
      verdict('x', { priority: 100, eligible: false }),
      verdict('g1', { score: 1 }),
      verdict('g2', { score: 2 }),
      verdict('s1', { placement: 'sidebar' }),
    ]);
    expect(ids(s.winners)).toEqual(['g2', 's1']);
    expect(s.heldOut).toEqual([]);
  });

  it('returns held-out verdicts that would have been shown as exposures, and shows the next one', () => {
    const s = selectMessages([
      verdict('top', { priority: 90, holdout: true }),
      verdict('mid', { priority: 60 }),
      verdict('low', { priority: 10, holdout: true }),
      verdict('only', { placement: 'inbox', holdout: true }),
    ]);
    expect(ids(s.winners)).toEqual(['mid']);
    expect(ids(s.heldOut)).toEqual(['top', 'only']);
  });

  it('treats missing priority and placement as 0 and global', () => {
    const bare = verdict('bare', { priority: undefined, placement: undefined, score: 100 });
    expect(ids(selectMessages([bare, verdict('p', { priority: 1 })]).winners)).toEqual(['p']);
  });
});
