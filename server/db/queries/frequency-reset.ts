import { sql } from 'drizzle-orm';
import type { FrequencyReset } from '../../../shared/host-data.ts';
import type { Database, Tx } from '../client.ts';

export interface FrequencyScope {
  accountId: string;
  /** Only this user's state; the account's own counters are then kept. */
  userId?: string | undefined;
  /** Only this campaign's state; the workspace-wide daily prompt counts are then kept. */
  campaignId?: string | undefined;
}

type FrequencyCleared = FrequencyReset['cleared'];

/**
 * The user ids of an account, for per-user rows that carry no account (the daily prompt counts):
 * those the users table names and those a message state names (users decide saw but the host never
 * synced). A CTE body: every sub-statement of the caller reads the same snapshot, so it still sees
 * the message states the same statement deletes.
 */
export const accountUserIds = (ws: string, accountId: string) => sql`
      select id as user_id from users where workspace_id = ${ws} and account_id = ${accountId}
      union
      select user_id from message_states where workspace_id = ${ws} and account_id = ${accountId}`;

/**
 * Forgets the serving history the frequency rules read for an account (or one of its users, or one
 * campaign), in one statement so the caps never see half of it.
 */
export async function resetFrequencyRows(
  database: Database,
  ws: string,
  scope: FrequencyScope,
  tx?: Tx,
): Promise<FrequencyCleared> {
  const { accountId, userId, campaignId } = scope;
  const ofUser = userId === undefined ? sql`true` : sql`user_id = ${userId}`;
  const ofCampaign = campaignId === undefined ? sql`true` : sql`campaign_id = ${campaignId}::uuid`;
  const accountWide = userId === undefined;
  const allCampaigns = campaignId === undefined;
  const [row] = await database.rows<FrequencyCleared>(
    sql`
    with m as (
      delete from message_states
      where workspace_id = ${ws} and account_id = ${accountId} and ${ofUser} and ${ofCampaign}
      returning 1
    ), members as (${accountUserIds(ws, accountId)}), p as (
      delete from user_daily_prompts
      where ${allCampaigns} and workspace_id = ${ws} and ${ofUser}
        and user_id in (select user_id from members)
      returning 1
    ), a as (
      delete from account_daily_prompts
      where ${accountWide} and ${allCampaigns} and workspace_id = ${ws} and account_id = ${accountId}
      returning 1
    ), c as (
      delete from account_campaign_daily
      where ${accountWide} and workspace_id = ${ws} and account_id = ${accountId} and ${ofCampaign}
      returning 1
    )
    select (select count(*) from m)::int as "messageStates", (select count(*) from p)::int as "userDailyPrompts",
      (select count(*) from a)::int as "accountDailyPrompts", (select count(*) from c)::int as "accountCampaignDaily"`,
    tx,
  );
  return row ?? { messageStates: 0, userDailyPrompts: 0, accountDailyPrompts: 0, accountCampaignDaily: 0 };
}
