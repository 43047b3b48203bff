import { describe, expect, it } from 'vitest';
import { checkFrequency } from '../../../server/domain/frequency.ts';
import type { MessageStateFacts } from '../../../server/domain/types.ts';
import { Frequency } from '../../../shared/campaign.ts';
import { daysAgo, makeState, NOW, type StateInput } from './fixtures.ts';

const CID = 'c1';
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

function blocking(
  freq: Record<string, unknown>,
  message: Partial<MessageStateFacts> = {},
  s: StateInput = {},
  cap = 3,
  accountCap?: number,
) {
  const base: MessageStateFacts = {
    impressions: 0,
    dismissals: 0,
    clicks: 0,
    firstShownAt: null,
    lastShownAt: null,
    lastDismissedAt: null,
    snoozedUntil: null,
    convertedAt: null,
  };
  const state = makeState({ messageStates: { [CID]: { ...base, ...message } }, ...s });
  const caps = {
    globalDailyCapPerUser: cap,
    ...(accountCap === undefined ? {} : { globalDailyCapPerAccount: accountCap }),
  };
  return checkFrequency(Frequency.parse(freq), state, CID, caps, NOW)
    .filter((r) => r.blocking)
    .map((r) => r.code);
}

describe('checkFrequency', () => {
  it('lets a never-shown message through and reports the counts', () => {
    const reasons = checkFrequency(Frequency.parse({}), makeState(), CID, { globalDailyCapPerUser: 3 }, NOW);
    expect(reasons.map((r) => [r.code, r.blocking])).toEqual([
      ['frequency.impressions', false],
      ['frequency.user_daily', false],
    ]);
  });

  it('stops at the maximum impressions per user', () => {
    expect(blocking({ maxImpressionsPerUser: 3, minIntervalHours: 0 }, { impressions: 3 })).toEqual([
      'frequency.max_impressions',
    ]);
    expect(blocking({ maxImpressionsPerUser: 3, minIntervalHours: 0 }, { impressions: 2 })).toEqual([]);
  });

  it('waits the minimum interval since the last impression', () => {
    expect(blocking({ minIntervalHours: 24 }, { impressions: 1, lastShownAt: hoursAgo(23) })).toEqual([
      'frequency.min_interval',
    ]);
    expect(blocking({ minIntervalHours: 24 }, { impressions: 1, lastShownAt: hoursAgo(24) })).toEqual([]);
  });

  it('stops after N dismissals', () => {
    expect(blocking({ stopAfterDismissals: 2, dismissCooldownDays: 0 }, { dismissals: 2 })).toEqual([
      'frequency.max_dismissals',
    ]);
    expect(blocking({ stopAfterDismissals: 2, dismissCooldownDays: 0 }, { dismissals: 1 })).toEqual([]);
  });

  it('cools down after a dismissal', () => {
    const f = { dismissCooldownDays: 14 };
    expect(blocking(f, { dismissals: 1, lastDismissedAt: daysAgo(13) })).toEqual([
      'frequency.dismiss_cooldown',
    ]);
    expect(blocking(f, { dismissals: 1, lastDismissedAt: daysAgo(14) })).toEqual([]);
  });

  it('respects a snooze until it ends', () => {
    expect(blocking({}, { snoozedUntil: new Date(NOW.getTime() + 1) })).toEqual(['frequency.snoozed']);
    expect(blocking({}, { snoozedUntil: NOW })).toEqual([]);
  });

  it('stops after conversion unless configured otherwise', () => {
    expect(blocking({}, { convertedAt: daysAgo(1) })).toEqual(['frequency.converted']);
    expect(blocking({ stopAfterConversion: false }, { convertedAt: daysAgo(1) })).toEqual([]);
  });

  it('caps impressions per account per day across seats', () => {
    const f = { maxImpressionsPerAccountPerDay: 5 };
    expect(blocking(f, {}, { accountServedToday: { [CID]: 5 } })).toEqual(['frequency.account_daily_cap']);
    expect(blocking(f, {}, { accountServedToday: { [CID]: 4, other: 50 } })).toEqual([]);
  });

  it('caps prompts per user per day across the workspace (0 = none)', () => {
    expect(blocking({}, {}, { userPromptsToday: 3 }, 3)).toEqual(['frequency.user_daily_cap']);
    expect(blocking({}, {}, { userPromptsToday: 2 }, 3)).toEqual([]);
    expect(blocking({}, {}, { userPromptsToday: 0 }, 0)).toEqual(['frequency.user_daily_cap']);
  });

  it('caps prompts per account per day across its users when the workspace sets it, and not otherwise', () => {
    expect(blocking({}, {}, { accountPromptsToday: 10 }, 3, 10)).toEqual(['frequency.account_prompts_cap']);
    expect(blocking({}, {}, { accountPromptsToday: 9 }, 3, 10)).toEqual([]);
    expect(blocking({}, {}, { accountPromptsToday: 0 }, 3, 0)).toEqual(['frequency.account_prompts_cap']);
    expect(blocking({}, {}, { accountPromptsToday: 500 }, 3)).toEqual([]);
    const reasons = checkFrequency(
      Frequency.parse({}),
      makeState({ accountPromptsToday: 4 }),
      CID,
      { globalDailyCapPerUser: 3, globalDailyCapPerAccount: 10 },
      NOW,
    );
    expect(reasons.at(-1)).toMatchObject({ code: 'frequency.account_prompts', blocking: false });
    expect(reasons.at(-1)?.message).toContain('4 of 10');
  });

  it('reports every cap that blocks at once', () => {
    const codes = blocking(
      { maxImpressionsPerUser: 1, stopAfterDismissals: 1 },
      { impressions: 1, dismissals: 1, lastShownAt: hoursAgo(1), lastDismissedAt: hoursAgo(1) },
      { userPromptsToday: 9 },
    );
    expect(codes).toEqual([
      'frequency.max_impressions',
      'frequency.min_interval',
      'frequency.max_dismissals',
      'frequency.dismiss_cooldown',
      'frequency.user_daily_cap',
    ]);
  });
});
