import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { bundles, campaigns, entitlements, products } from '../schema/index.ts';

export type ProductRow = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type BundleRow = typeof bundles.$inferSelect;
export type NewBundle = typeof bundles.$inferInsert;

export async function listProductRows(tx: Tx, workspaceId: string, limit: number, afterKey?: string) {
  return tx
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), afterKey ? gt(products.key, afterKey) : undefined))
    .orderBy(asc(products.key))
    .limit(limit);
}

export async function findProductRow(tx: Tx, workspaceId: string, key: string) {
  const [row] = await tx
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.key, key)))
    .limit(1);
  return row;
}

/** The key of the product that is plan `plan`, if any. */
export async function findPlanProductKey(tx: Tx, workspaceId: string, plan: string) {
  const [row] = await tx
    .select({ key: products.key })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.plan, plan)))
    .limit(1);
  return row?.key;
}

/** Key, bit and prerequisites of every product: enough to allocate bits and check prerequisite graphs. */
export async function productGraph(tx: Tx, workspaceId: string) {
  return tx
    .select({ key: products.key, bit: products.bit, prerequisites: products.prerequisites })
    .from(products)
    .where(eq(products.workspaceId, workspaceId));
}

export async function insertProductRow(tx: Tx, row: NewProduct): Promise<ProductRow> {
  const [created] = await tx.insert(products).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function updateProductRow(
  tx: Tx,
  workspaceId: string,
  key: string,
  patch: Partial<NewProduct>,
  now: Date,
) {
  const [row] = await tx
    .update(products)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(products.workspaceId, workspaceId), eq(products.key, key)))
    .returning();
  return row;
}

export async function deleteProductRow(tx: Tx, workspaceId: string, key: string): Promise<boolean> {
  const rows = await tx
    .delete(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.key, key)))
    .returning({ key: products.key });
  return rows.length > 0;
}

export async function listBundleRows(tx: Tx, workspaceId: string, limit: number, afterKey?: string) {
  return tx
    .select()
    .from(bundles)
    .where(and(eq(bundles.workspaceId, workspaceId), afterKey ? gt(bundles.key, afterKey) : undefined))
    .orderBy(asc(bundles.key))
    .limit(limit);
}

export async function findBundleRow(tx: Tx, workspaceId: string, key: string) {
  const [row] = await tx
    .select()
    .from(bundles)
    .where(and(eq(bundles.workspaceId, workspaceId), eq(bundles.key, key)))
    .limit(1);
  return row;
}

export async function insertBundleRow(tx: Tx, row: NewBundle): Promise<BundleRow> {
  const [created] = await tx.insert(bundles).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function updateBundleRow(
  tx: Tx,
  workspaceId: string,
  key: string,
  patch: Partial<NewBundle>,
  now: Date,
) {
  const [row] = await tx
    .update(bundles)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(bundles.workspaceId, workspaceId), eq(bundles.key, key)))
    .returning();
  return row;
}

export async function deleteBundleRow(tx: Tx, workspaceId: string, key: string): Promise<boolean> {
  const rows = await tx
    .delete(bundles)
    .where(and(eq(bundles.workspaceId, workspaceId), eq(bundles.key, key)))
    .returning({ key: bundles.key });
  return rows.length > 0;
}

/** The existing subset of `keys` among the workspace's products. */
export async function existingProductKeys(tx: Tx, workspaceId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx
    .select({ key: products.key })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), inArray(products.key, keys)));
  return new Set(rows.map((r) => r.key));
}

/** What still points at a product: bundles containing it, products requiring it, accounts owning it. */
export async function productReferences(tx: Tx, workspaceId: string, key: string) {
  const [bundleRows, dependants, owners] = await Promise.all([
    tx
      .select({ key: bundles.key })
      .from(bundles)
      .where(
        and(
          eq(bundles.workspaceId, workspaceId),
          sql`${bundles.productKeys} @> ${JSON.stringify([key])}::jsonb`,
        ),
      ),
    tx
      .select({ key: products.key })
      .from(products)
      .where(
        and(
          eq(products.workspaceId, workspaceId),
          sql`${products.prerequisites} @> ${JSON.stringify([key])}::jsonb`,
        ),
      ),
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(entitlements)
      .where(and(eq(entitlements.workspaceId, workspaceId), eq(entitlements.productKey, key))),
  ]);
  return {
    bundles: bundleRows.map((r) => r.key),
    requiredBy: dependants.map((r) => r.key),
    entitlements: owners[0]?.n ?? 0,
  };
}

/**
 * Campaigns (not archived) whose definition names the key as a JSON string value. Conservative by
 * design: a key quoted in copy text also counts, which only ever blocks a delete, never allows a bad one.
 */
export async function campaignsNaming(tx: Tx, workspaceId: string, key: string) {
  const rows = await tx
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        sql`${campaigns.status} <> 'archived'`,
        sql`position(${JSON.stringify(key)} in ${campaigns.definition}::text) > 0`,
      ),
    );
  return rows;
}
