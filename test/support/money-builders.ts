import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';
import { accounts, campaigns, decisions, products, users } from '../../server/db/schema/index.ts';
import { priceOffer } from '../../server/domain/pricing.ts';
import { loadCatalog } from '../../server/services/catalog-cache.ts';
import { CampaignDefinition, type CampaignDefinitionInput } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';

/** A test app context, or just a database (seeding a spawned server's database before it starts). */
export interface Seedable {
  database: Database;
  clock?: { now: Date };
}

export interface ProductSeed {
  key: string;
  amount: number;
  interval?: 'month' | 'year';
  role?: 'anchor' | 'attach' | 'strategic' | 'sunset';
  prerequisites?: string[];
  trialDays?: number;
}

/** Products straight into the catalogue table, with consecutive ownership bits. */
export async function seedProducts(ctx: Seedable, workspaceId: string, seeds: ProductSeed[]) {
  await ctx.database.db.insert(products).values(
    seeds.map((p, bit) => ({
      workspaceId,
      key: p.key,
      name: p.key[0]?.toUpperCase() + p.key.slice(1),
      role: p.role ?? 'attach',
      priceAmount: p.amount,
      priceCurrency: 'USD',
      priceInterval: p.interval ?? 'month',
      prerequisites: p.prerequisites ?? [],
      trialDays: p.trialDays ?? 14,
      bit,
    })),
  );
}

export async function seedAccount(
  ctx: Seedable,
  workspaceId: string,
  id: string,
  fields: Partial<typeof accounts.$inferInsert> = {},
  members: Array<{ id: string; role: string }> = [],
) {
  await ctx.database.db.insert(accounts).values({ workspaceId, id, name: id, ...fields });
  if (members.length > 0) {
    await ctx.database.db.insert(users).values(members.map((m) => ({ workspaceId, accountId: id, ...m })));
  }
}

/** An active campaign targeting one product; overrides merge into a minimal valid definition. */
export async function seedCampaign(
  ctx: Seedable,
  workspaceId: string,
  productKey: string,
  overrides: Partial<CampaignDefinitionInput> = {},
): Promise<string> {
  const definition = CampaignDefinition.parse({
    name: `Attach ${productKey}`,
    motion: 'cross_sell_adjacent',
    target: { kind: 'product', productKey },
    content: { en: { title: `Try ${productKey}` } },
    ...overrides,
  });
  const [row] = await ctx.database.db
    .insert(campaigns)
    .values({ workspaceId, name: definition.name, status: 'active', definition })
    .returning({ id: campaigns.id });
  if (!row) throw new Error('campaign insert failed');
  return row.id;
}

export interface DecisionSeed {
  campaignId: string;
  accountId: string;
  userId: string;
  productKey: string;
  outcome?: 'served' | 'held_out';
  channel?: 'in_app' | 'csm' | 'sales';
  motion?: string;
  at?: Date;
}

/** A decision row as decide writes it, with the offer priced by the same domain function. */
export async function seedDecision(
  ctx: Seedable,
  workspaceId: string,
  seed: DecisionSeed,
): Promise<{ decisionId: string; offer: PricedOffer }> {
  const [campaign] = await ctx.database.db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, seed.campaignId)));
  if (!campaign) throw new Error(`unknown campaign ${seed.campaignId}`);
  const definition = CampaignDefinition.parse(campaign.definition);
  const catalog = await loadCatalog(ctx.database.db, workspaceId);
  const product = catalog.products.get(seed.productKey);
  if (!product) throw new Error(`unknown product ${seed.productKey}`);
  const at = seed.at ?? ctx.clock?.now ?? new Date();
  const offer = priceOffer(
    { kind: 'product', key: product.key, name: product.name, description: product.description },
    definition.offer,
    catalog,
    at,
  );
  const decisionId = randomUUID();
  await ctx.database.db.insert(decisions).values({
    workspaceId,
    id: decisionId,
    campaignId: seed.campaignId,
    campaignVersion: 1,
    accountId: seed.accountId,
    userId: seed.userId,
    outcome: seed.outcome ?? 'served',
    holdout: seed.outcome === 'held_out',
    channel: seed.channel ?? 'in_app',
    targetKind: 'product',
    targetKey: seed.productKey,
    motion: seed.motion ?? definition.motion,
    offer,
    createdAt: at,
  });
  return { decisionId, offer };
}
