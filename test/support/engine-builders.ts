import { eq, sql } from 'drizzle-orm';
import {
  accounts,
  entitlements,
  eventCounters,
  products,
  usageMetrics,
  users,
  workspaces,
} from '../../server/db/schema/index.ts';
import { utcDay } from '../../server/domain/time.ts';
import type { CampaignDefinitionInput } from '../../shared/campaign.ts';
import { call, type TestContext } from './app.ts';

const DAY_MS = 86_400_000;

/** Host data written straight to the tables (the host-data API is another area's subject). */
export async function seedProduct(
  ctx: TestContext,
  workspaceId: string,
  p: {
    key: string;
    role?: 'anchor' | 'attach' | 'strategic' | 'sunset';
    amount?: number;
    name?: string;
    trialDays?: number;
  },
): Promise<void> {
  const [row] = await ctx.database.db
    .select({ next: sql<number>`coalesce(max(${products.bit}) + 1, 0)::int` })
    .from(products)
    .where(eq(products.workspaceId, workspaceId));
  await ctx.database.db.insert(products).values({
    workspaceId,
    key: p.key,
    name: p.name ?? p.key,
    description: `${p.key} description`,
    role: p.role ?? 'attach',
    priceAmount: p.amount ?? 10_000,
    priceCurrency: 'USD',
    priceInterval: 'month',
    trialDays: p.trialDays ?? 14,
    bit: row?.next ?? 0,
  });
  await ctx.database.db
    .update(workspaces)
    .set({ configVersion: sql`${workspaces.configVersion} + 1` })
    .where(eq(workspaces.id, workspaceId));
}

export async function seedAccount(
  ctx: TestContext,
  workspaceId: string,
  a: {
    id: string;
    signupDaysAgo?: number;
    segment?: string;
    seats?: number;
    mrr?: number;
    healthScore?: number;
    owns?: string[];
  },
): Promise<void> {
  const now = ctx.clock.now.getTime();
  await ctx.database.db.insert(accounts).values({
    workspaceId,
    id: a.id,
    name: `Account ${a.id}`,
    segment: a.segment ?? 'smb',
    seats: a.seats ?? 10,
    mrr: a.mrr ?? 50_000,
    healthScore: a.healthScore ?? 80,
    signupAt: new Date(now - (a.signupDaysAgo ?? 60) * DAY_MS),
  });
  for (const key of a.owns ?? []) await seedEntitlement(ctx, workspaceId, a.id, key);
}

/** A paid (`active`, open-ended) host entitlement unless `options` say otherwise. */
export async function seedEntitlement(
  ctx: TestContext,
  workspaceId: string,
  accountId: string,
  productKey: string,
  options: { status?: 'active' | 'trial' | 'cancelled' | 'expired' | 'revoked'; endsInDays?: number } = {},
) {
  const now = ctx.clock.now.getTime();
  await ctx.database.db.insert(entitlements).values({
    workspaceId,
    accountId,
    productKey,
    status: options.status ?? 'active',
    source: options.status === 'trial' ? 'trial' : 'host',
    startedAt: new Date(now - 30 * DAY_MS),
    endsAt: options.endsInDays === undefined ? null : new Date(now + options.endsInDays * DAY_MS),
  });
}

export async function seedUser(
  ctx: TestContext,
  workspaceId: string,
  u: { id: string; accountId: string; role?: string },
) {
  await ctx.database.db
    .insert(users)
    .values({ workspaceId, id: u.id, accountId: u.accountId, role: u.role ?? 'admin' });
}

export async function setUsage(
  ctx: TestContext,
  workspaceId: string,
  accountId: string,
  metric: string,
  value: number,
  limit: number | null,
) {
  await ctx.database.db
    .insert(usageMetrics)
    .values({ workspaceId, accountId, metric, value, limit })
    .onConflictDoUpdate({
      target: [usageMetrics.workspaceId, usageMetrics.accountId, usageMetrics.metric],
      set: { value, limit },
    });
}

/** Account-level daily counters, as ingestion keeps them (`perDay` events on each of the last `days`). */
export async function seedActivity(
  ctx: TestContext,
  workspaceId: string,
  accountId: string,
  name: string,
  perDay: number,
  days: number,
) {
  const rows = Array.from({ length: days }, (_, i) => {
    const at = new Date(ctx.clock.now.getTime() - i * DAY_MS);
    return {
      workspaceId,
      accountId,
      userId: '',
      name,
      day: utcDay(at),
      count: perDay,
      firstAt: at,
      lastAt: at,
    };
  });
  await ctx.database.db.insert(eventCounters).values(rows).onConflictDoNothing();
}

export async function countRows(
  ctx: TestContext,
  table: 'decisions' | 'message_states',
  workspaceId: string,
) {
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${workspaceId}`,
  );
  return row?.n ?? 0;
}

/** A valid campaign definition; override what the test is about. */
export function campaignInput(overrides: Partial<CampaignDefinitionInput> & Record<string, unknown> = {}) {
  return {
    name: 'Capacity pack',
    motion: 'upsell_capacity',
    target: { kind: 'product', productKey: 'capacity' },
    content: { en: { title: 'Running out of {{usage.reports.percent}}?', body: 'Get more room.' } },
    holdout: { percent: 0 },
    ...overrides,
  };
}

/** Creates a campaign through the admin API and activates it; returns its id. */
export async function activeCampaign(
  ctx: TestContext,
  secretKey: string,
  input: Record<string, unknown>,
): Promise<string> {
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key: secretKey, body: input });
  if (created.status !== 201) throw new Error(`campaign creation failed: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const activated = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, {
    key: secretKey,
    body: { status: 'active' },
  });
  if (activated.status !== 200) throw new Error(`activation failed: ${activated.status} ${activated.text}`);
  return id;
}
