/**
 * Frequency caps from the stored message state — the pre-check and explain. The database enforces
 * the same caps again with conditional writes when an impression is recorded, so concurrent
 * decisions on several instances cannot overshoot.
 *
 *   checkFrequency(frequency, state, campaignId, caps, now) → Reason[]
 *
 * Checks (each reported): converted (when stopAfterConversion), snoozed, max impressions per user,
 * minimum interval since the last impression, stop after N dismissals, dismissal cooldown, per-account
 * per-day cap of this campaign, the workspace caps of prompts per user per day (0 = no prompts) and,
 * when set, per account per day across all its users.
 */
import type { Frequency } from '../../shared/campaign.ts';
import type { WorkspaceSettings } from '../../shared/workspace.ts';
import { fail, pass } from './reasons.ts';
import { DAY_MS, HOUR_MS } from './time.ts';
import type { AccountState, MessageStateFacts, Reason } from './types.ts';

const EMPTY_STATE: MessageStateFacts = {
  impressions: 0,
  dismissals: 0,
  clicks: 0,
  firstShownAt: null,
  lastShownAt: null,
  lastDismissedAt: null,
  snoozedUntil: null,
  convertedAt: null,
};

function until(from: Date, ms: number, now: Date): Date | null {
  const end = new Date(from.getTime() + ms);
  return end.getTime() > now.getTime() ? end : null;
}

function messageReasons(f: Frequency, m: MessageStateFacts, now: Date): Reason[] {
  const reasons: Reason[] = [];
  if (f.stopAfterConversion && m.convertedAt) {
    reasons.push(
      fail('frequency.converted', `Converted on ${m.convertedAt.toISOString()}; the campaign stops.`),
    );
  }
  if (m.snoozedUntil && m.snoozedUntil.getTime() > now.getTime()) {
    reasons.push(fail('frequency.snoozed', `Snoozed until ${m.snoozedUntil.toISOString()}.`));
  }
  reasons.push(
    m.impressions >= f.maxImpressionsPerUser
      ? fail(
          'frequency.max_impressions',
          `Shown ${m.impressions} time(s); the cap is ${f.maxImpressionsPerUser}.`,
        )
      : pass('frequency.impressions', `Shown ${m.impressions} of ${f.maxImpressionsPerUser} time(s).`),
  );
  const intervalEnd = m.lastShownAt && until(m.lastShownAt, f.minIntervalHours * HOUR_MS, now);
  if (intervalEnd) {
    reasons.push(
      fail('frequency.min_interval', `Shown recently; next possible at ${intervalEnd.toISOString()}.`),
    );
  }
  if (m.dismissals >= f.stopAfterDismissals) {
    reasons.push(
      fail(
        'frequency.max_dismissals',
        `Dismissed ${m.dismissals} time(s); stops after ${f.stopAfterDismissals}.`,
      ),
    );
  }
  const cooldownEnd = m.lastDismissedAt && until(m.lastDismissedAt, f.dismissCooldownDays * DAY_MS, now);
  if (cooldownEnd) {
    reasons.push(
      fail('frequency.dismiss_cooldown', `Dismissed; cooling down until ${cooldownEnd.toISOString()}.`),
    );
  }
  return reasons;
}

/** The workspace-wide daily caps, as the settings hold them. */
export type DailyCaps = Pick<WorkspaceSettings, 'globalDailyCapPerUser' | 'globalDailyCapPerAccount'>;

function accountPromptReasons(cap: number | undefined, served: number): Reason[] {
  if (cap === undefined) return [];
  return [
    served >= cap
      ? fail(
          'frequency.account_prompts_cap',
          `This account's users got ${served} prompt(s) today; the workspace cap per account is ${cap}.`,
        )
      : pass('frequency.account_prompts', `This account's users got ${served} of ${cap} prompt(s) today.`),
  ];
}

export function checkFrequency(
  frequency: Frequency,
  state: AccountState,
  campaignId: string,
  caps: DailyCaps,
  now: Date,
): Reason[] {
  const { globalDailyCapPerUser } = caps;
  const reasons = messageReasons(frequency, state.messageStates[campaignId] ?? EMPTY_STATE, now);
  const accountCap = frequency.maxImpressionsPerAccountPerDay;
  if (accountCap !== undefined) {
    const served = state.accountServedToday[campaignId] ?? 0;
    reasons.push(
      served >= accountCap
        ? fail(
            'frequency.account_daily_cap',
            `Shown ${served} time(s) in this account today; the cap is ${accountCap}.`,
          )
        : pass('frequency.account_daily', `Shown ${served} of ${accountCap} time(s) in this account today.`),
    );
  }
  reasons.push(
    state.userPromptsToday >= globalDailyCapPerUser
      ? fail(
          'frequency.user_daily_cap',
          `This user got ${state.userPromptsToday} prompt(s) today; the workspace cap is ${globalDailyCapPerUser}.`,
        )
      : pass(
          'frequency.user_daily',
          `This user got ${state.userPromptsToday} of ${globalDailyCapPerUser} prompt(s) today.`,
        ),
    ...accountPromptReasons(caps.globalDailyCapPerAccount, state.accountPromptsToday),
  );
  return reasons;
}
