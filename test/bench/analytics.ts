/**
 * `npm run bench -- analytics`: each Analytics report (`GET /v1/admin/analytics/…`) over a year of
 * campaign history, for the last 365 and the last 30 days, beside the baseline of the same run:
 * counting that range's decisions and message interactions by campaign (two `count(*)`s), what
 * reading the rows a campaign report aggregates costs at least. PGlite by default, PostgreSQL with DATABASE_URL.
 * Env: BENCH_HISTORY (decisions and as many interactions per campaign, default 50,000),
 * BENCH_PRODUCT_EVENTS (page views and product events, default 10 × the interactions),
 * BENCH_CAMPAIGNS (10), BENCH_REPEATS (3).
 */
import { sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { seedCampaignHistory } from './support/campaign-history.ts';
import { seedCampaigns, seedHostData } from './support/engine-seed.ts';
import { benchWorkspace } from './support/workspace.ts';

const HISTORY = Number(process.env.BENCH_HISTORY ?? 50_000);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 10);
const PRODUCT_EVENTS = Number(process.env.BENCH_PRODUCT_EVENTS ?? 10 * HISTORY * CAMPAIGNS);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const ACCOUNTS = 10_000;
const DAY_MS = 86_400_000;

const { deps, credentials } = await benchWorkspace();
const { database } = deps;
const ws = credentials.workspaceId;
let started = performance.now();
await seedHostData(deps, ws, ACCOUNTS, ACCOUNTS);
await seedCampaigns(deps, ws, CAMPAIGNS);
await seedCampaignHistory(database, ws, {
  perCampaign: HISTORY,
  accounts: ACCOUNTS,
  productEvents: PRODUCT_EVENTS,
});
const fmt = (n: number) => n.toLocaleString('en');
console.log(
  `  seeded ${CAMPAIGNS} campaigns × ${fmt(HISTORY)} decisions and as many interactions, ${fmt(PRODUCT_EVENTS)} product events (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
const [campaign] = await database.rows<{ id: string }>(
  sql`select id from campaigns where workspace_id = ${ws} order by created_at limit 1`,
);
const app = createApp(deps);

/** Median milliseconds of `REPEATS` runs after one warm-up. */
async function median(run: () => Promise<void>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}

const REPORTS = [
  'funnel',
  'lift',
  'motions',
  'portfolio',
  'products-per-customer',
  'time-to-second-product',
  'adoption',
  'revenue-mix',
  'net-revenue-retention',
  'mrr-movements',
  'expansion-mrr',
  'trials',
  'activation',
  `campaigns/${campaign?.id}/funnel`,
  `campaigns/${campaign?.id}/daily`,
  `campaigns/${campaign?.id}/variants`,
  // Sliced by segment: campaign reports read it from each account's first decision in range.
  'funnel?segment=smb',
  'lift?segment=smb',
  `campaigns/${campaign?.id}/funnel?segment=smb`,
];

console.log(`analytics on ${database.kind}, median of ${REPEATS} (ms):`);
for (const days of [365, 30]) {
  const to = new Date();
  const from = new Date(to.getTime() - days * DAY_MS);
  const range = sql`${from.toISOString()}::timestamptz and ${to.toISOString()}::timestamptz`;
  const campaigns = sql`(select id from campaigns where workspace_id = ${ws})`;
  const scan = await median(async () => {
    await database.rows(sql`select count(*) from decisions where workspace_id = ${ws} and campaign_id in ${campaigns}
      and outcome in ('served', 'held_out', 'capped') and created_at between ${range}`);
    await database.rows(sql`select count(*) from events where workspace_id = ${ws} and campaign_id in ${campaigns}
      and name in ('message.shown', 'message.clicked', 'message.dismissed') and ts between ${range}`);
  });
  console.log(
    `  last ${days} days — baseline, counting the range's decisions and interactions by campaign: ${scan.toFixed(0)}`,
  );
  for (const report of REPORTS) {
    const path = `/v1/admin/analytics/${report}${report.includes('?') ? '&' : '?'}from=${from.toISOString()}&to=${to.toISOString()}`;
    const ms = await median(async () => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${credentials.secretKey}` } });
      if (res.status !== 200) throw new Error(`${report}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    const name = report.replace(campaign?.id ?? '', '{id}');
    console.log(`    ${name.padEnd(36)} ${ms.toFixed(0).padStart(6)}   ×${(ms / scan).toFixed(2)} baseline`);
  }
}
await database.close();
