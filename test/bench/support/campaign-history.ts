import { sql } from 'drizzle-orm';
import type { Database } from '../../../server/db/client.ts';

/**
 * A year of campaign history for every campaign of the workspace, spread over `accounts` accounts
 * (`acct-1…`, as seedHostData names them): `perCampaign` decisions (one in ten held out) and as
 * many message interactions, the `recent` newest of each within the last minutes; and
 * `productEvents` page views and product events over the same year, which carry no campaign and
 * are most of a real event stream. Statistics are refreshed, as autovacuum would have by then.
 */
export async function seedCampaignHistory(
  database: Database,
  ws: string,
  p: { perCampaign: number; accounts: number; recent?: number; productEvents?: number },
): Promise<void> {
  const recent = p.recent ?? 0;
  const age = sql`case when g <= ${recent} then interval '1 second' * g
    else interval '1 day' * (g % 365) + interval '1 hour' end`;
  const account = sql`'acct-' || (1 + g % ${p.accounts})`;
  await database.rows(sql`
    insert into decisions (workspace_id, campaign_id, campaign_version, account_id, user_id, outcome,
      holdout, channel, target_kind, target_key, motion, segment, created_at)
    select ${ws}, c.id, 1, ${account}, 'user-' || g,
      case when g % 10 = 0 then 'held_out' else 'served' end, g % 10 = 0, 'in_app', 'product', 'p', 'cross_sell',
      (array['smb', 'mid', 'enterprise'])[1 + (1 + g % ${p.accounts}) % 3], now() - ${age}
    from campaigns c cross join generate_series(1, ${p.perCampaign}) g where c.workspace_id = ${ws}`);
  await database.rows(sql`
    insert into events (workspace_id, id, name, account_id, user_id, ts, received_at, source, campaign_id)
    select ${ws}, gen_random_uuid(),
      (array['message.shown', 'message.shown', 'message.clicked', 'message.dismissed'])[1 + g % 4],
      ${account}, 'user-' || g, now() - ${age}, now() - ${age}, 'widget', c.id
    from campaigns c cross join generate_series(1, ${p.perCampaign}) g where c.workspace_id = ${ws}`);
  if (p.productEvents) {
    await database.rows(sql`
      insert into events (workspace_id, id, name, account_id, user_id, ts, received_at, source)
      select ${ws}, gen_random_uuid(), (array['page.viewed', 'report.viewed', 'report.exported'])[1 + g % 3],
        ${account}, 'user-' || g, now() - ${age}, now() - ${age}, 'widget'
      from generate_series(1, ${p.productEvents}) g`);
  }
  await database.rows(sql`analyze decisions`);
  await database.rows(sql`analyze events`);
}
