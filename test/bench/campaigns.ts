/**
 * `npm run bench -- campaigns`: the campaigns list (`GET /v1/admin/campaigns`, whose rows carry each
 * campaign's counts since created) over a long campaign history, first with every row counted live
 * (the baseline: what the list did before campaign tallies, and what it does until the job's first
 * run), then once the campaign-tallies job has folded the history, with the last minutes still
 * live. Same run, same server and database. PGlite by default, PostgreSQL with DATABASE_URL.
 * Env: BENCH_HISTORY (decisions and as many message interactions per campaign, default 200,000),
 * BENCH_CAMPAIGNS (10), BENCH_REPEATS (20).
 */
import { createApp } from '../../server/app.ts';
import { TALLY_LAG_MS, tallyCampaigns } from '../../server/services/campaign-tallies.ts';
import { seedCampaignHistory } from './support/campaign-history.ts';
import { seedCampaigns, seedHostData } from './support/engine-seed.ts';
import { benchWorkspace } from './support/workspace.ts';

const HISTORY = Number(process.env.BENCH_HISTORY ?? 200_000);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 10);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const ACCOUNTS = 10_000;
/** Rows written in the last minutes, which the list still counts live once the rest is tallied. */
const RECENT = 1_000;

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);

async function setup() {
  const { deps, credentials } = await benchWorkspace();
  const { database } = deps;
  const ws = credentials.workspaceId;
  await seedHostData(deps, ws, ACCOUNTS, ACCOUNTS);
  await seedCampaigns(deps, ws, CAMPAIGNS);
  const started = performance.now();
  await seedCampaignHistory(database, ws, { perCampaign: HISTORY, accounts: ACCOUNTS, recent: RECENT });
  console.log(
    `  seeded ${CAMPAIGNS} campaigns × ${HISTORY.toLocaleString('en')} decisions and as many interactions (${seconds(started)} s)`,
  );
  return { deps, app: createApp(deps), secretKey: credentials.secretKey };
}

/** Milliseconds per list request, `REPEATS` in a row after one warm-up, sorted. */
async function timeList(app: ReturnType<typeof createApp>, secretKey: string): Promise<number[]> {
  const once = async () => {
    const started = performance.now();
    const res = await app.request('/v1/admin/campaigns?limit=50', {
      headers: { authorization: `Bearer ${secretKey}` },
    });
    if (res.status !== 200) throw new Error(`campaigns list: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { data: Array<{ stats: { served: number } }> };
    const served = body.data.reduce((sum, c) => sum + c.stats.served, 0);
    return { ms: performance.now() - started, served };
  };
  const warm = await once();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const run = await once();
    if (run.served !== warm.served) throw new Error('the counts changed between requests');
    times.push(run.ms);
  }
  console.log(`    served since created, all campaigns: ${warm.served.toLocaleString('en')}`);
  return times.sort((a, b) => a - b);
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
const fmt = (sorted: number[]) =>
  `median ${median(sorted).toFixed(1)} ms, slowest ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`;

const { deps, app, secretKey } = await setup();
console.log(`campaigns list on ${deps.database.kind}, ${REPEATS} requests each:`);
const live = await timeList(app, secretKey);
console.log(`  baseline, every row counted live: ${fmt(live)}`);
let started = performance.now();
const first = await tallyCampaigns(deps);
console.log(
  `  first tally run: ${first.tallies.toLocaleString('en')} account tallies (${seconds(started)} s)`,
);
started = performance.now();
await tallyCampaigns(deps);
console.log(`  next run, nothing new: ${((performance.now() - started) / 1000).toFixed(3)} s`);
const tallied = await timeList(app, secretKey);
console.log(
  `  tallied, the last ${TALLY_LAG_MS / 60_000} minutes live (${RECENT.toLocaleString('en')} rows a campaign): ${fmt(tallied)}`,
);
console.log(`  tallied / live: ${(median(tallied) / median(live)).toFixed(3)}`);
await deps.database.close();
