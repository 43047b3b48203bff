import type { Product, ProductInput, ProductPatch } from '../../shared/catalog.ts';
import type { ValidationIssue } from '../../shared/errors.ts';
import type { Tx } from '../db/client.ts';
import {
  campaignsNaming,
  deleteProductRow,
  existingProductKeys,
  findPlanProductKey,
  findProductRow,
  insertProductRow,
  listProductRows,
  type ProductRow,
  productGraph,
  productReferences,
  updateProductRow,
} from '../db/queries/catalog.ts';
import { bumpConfigVersion } from '../db/queries/workspaces.ts';
import { withProduct } from '../domain/catalog-edit.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';
import { auditUpdate, recordAudit } from './audit.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';
import { assertLiveTargetsStayOfferable } from './live-targets.ts';

/** Bits 0..62 keep an account's product mask inside a signed 64-bit integer. */
export const MAX_PRODUCTS = 63;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    role: row.role,
    price: { amount: row.priceAmount, currency: row.priceCurrency, interval: row.priceInterval },
    prerequisites: row.prerequisites,
    trialDays: row.trialDays,
    plan: row.plan,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every catalogue write starts here. Bumping the config version first takes the workspace row lock
 * until commit, so concurrent writes of one workspace apply one after the other (bit allocation and
 * key checks never race) and every instance drops its cached catalogue once the change is visible.
 */
export function catalogChange<T>(deps: AppDeps, workspaceId: string, work: (tx: Tx) => Promise<T>) {
  return deps.database.db.transaction(async (tx) => {
    await bumpConfigVersion(tx, workspaceId);
    return work(tx);
  });
}

/** Smallest bit in 0..62 no product of the workspace uses (freed bits are reused). */
export function smallestFreeBit(used: Iterable<number>): number | undefined {
  const taken = new Set(used);
  for (let bit = 0; bit < MAX_PRODUCTS; bit++) if (!taken.has(bit)) return bit;
  return undefined;
}

/** A prerequisite path from `key` back to itself, if the graph has one. */
export function findCycle(key: string, graph: Map<string, readonly string[]>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (at: string, path: string[]): string[] | undefined => {
    for (const next of graph.get(at) ?? []) {
      if (next === key) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(key, [key]);
}

async function checkPrerequisites(
  tx: Tx,
  workspaceId: string,
  key: string,
  prerequisites: string[],
): Promise<void> {
  const issues: ValidationIssue[] = [];
  const existing = await existingProductKeys(tx, workspaceId, prerequisites);
  prerequisites.forEach((p, i) => {
    if (p === key)
      issues.push({ path: ['prerequisites', i], message: 'A product cannot require itself', code: 'custom' });
    else if (!existing.has(p))
      issues.push({
        path: ['prerequisites', i],
        message: `No product with key "${p}"`,
        code: 'unknown_product',
      });
  });
  if (issues.length) throw validationFailed(issues);
  const graph = new Map((await productGraph(tx, workspaceId)).map((p) => [p.key, p.prerequisites]));
  graph.set(key, prerequisites);
  const cycle = findCycle(key, graph);
  if (cycle) {
    throw validationFailed([
      {
        path: ['prerequisites'],
        message: `Prerequisites would form a cycle: ${cycle.join(' → ')}`,
        code: 'custom',
      },
    ]);
  }
}

/** One product per plan name: a tier upgrade must know which product the account's plan is. */
async function checkPlanFree(tx: Tx, workspaceId: string, key: string, plan: string | null | undefined) {
  if (!plan) return;
  const holder = await findPlanProductKey(tx, workspaceId, plan);
  if (holder !== undefined && holder !== key) {
    throw new ApiError(409, 'plan_taken', `Product "${holder}" is already plan "${plan}"`, {
      product: holder,
    });
  }
}

export async function listProducts(
  deps: AppDeps,
  workspaceId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const rows = await listProductRows(
    deps.database.db,
    workspaceId,
    q.limit + 1,
    decodeKeyCursor('products', q.cursor),
  );
  return toPage('products', rows, q.limit, (r) => r.key, toProduct);
}

export async function getProduct(deps: AppDeps, workspaceId: string, key: string): Promise<Product> {
  const row = await findProductRow(deps.database.db, workspaceId, key);
  if (!row) throw notFound(`Product "${key}"`);
  return toProduct(row);
}

export function createProduct(
  deps: AppDeps,
  workspaceId: string,
  input: ProductInput,
  actor: string,
): Promise<Product> {
  return catalogChange(deps, workspaceId, async (tx) => {
    if (await findProductRow(tx, workspaceId, input.key)) {
      throw new ApiError(409, 'product_key_taken', `A product with key "${input.key}" already exists`);
    }
    const prerequisites = [...new Set(input.prerequisites)];
    await checkPrerequisites(tx, workspaceId, input.key, prerequisites);
    await checkPlanFree(tx, workspaceId, input.key, input.plan);
    const bit = smallestFreeBit((await productGraph(tx, workspaceId)).map((p) => p.bit));
    if (bit === undefined) {
      throw new ApiError(409, 'conflict', `A workspace holds at most ${MAX_PRODUCTS} products`);
    }
    const now = deps.now();
    const row = await insertProductRow(tx, {
      workspaceId,
      key: input.key,
      name: input.name,
      description: input.description,
      role: input.role,
      priceAmount: input.price.amount,
      priceCurrency: input.price.currency,
      priceInterval: input.price.interval,
      prerequisites,
      trialDays: input.trialDays,
      plan: input.plan,
      bit,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, workspaceId, actor, {
      action: 'product.created',
      target: { type: 'product', id: row.key, name: row.name },
    });
    return toProduct(row);
  });
}

export function patchProduct(
  deps: AppDeps,
  workspaceId: string,
  key: string,
  patch: ProductPatch,
  actor: string,
) {
  return catalogChange(deps, workspaceId, async (tx) => {
    const before = await findProductRow(tx, workspaceId, key);
    if (!before) throw notFound(`Product "${key}"`);
    const prerequisites = patch.prerequisites && [...new Set(patch.prerequisites)];
    if (prerequisites) await checkPrerequisites(tx, workspaceId, key, prerequisites);
    await checkPlanFree(tx, workspaceId, key, patch.plan);
    if (patch.role === 'sunset') {
      await assertLiveTargetsStayOfferable(
        tx,
        workspaceId,
        (catalog) => withProduct(catalog, key, (product) => ({ ...product, role: 'sunset' })),
        'role',
      );
    }
    const row = await updateProductRow(
      tx,
      workspaceId,
      key,
      {
        name: patch.name,
        description: patch.description,
        role: patch.role,
        priceAmount: patch.price?.amount,
        priceCurrency: patch.price?.currency,
        priceInterval: patch.price?.interval,
        prerequisites,
        trialDays: patch.trialDays,
        plan: patch.plan,
      },
      deps.now(),
    );
    if (!row) throw notFound(`Product "${key}"`);
    const product = toProduct(row);
    await auditUpdate(tx, workspaceId, actor, {
      action: 'product.updated',
      target: { type: 'product', id: key, name: product.name },
      before: toProduct(before),
      after: product,
    });
    return product;
  });
}

/**
 * Deletes a product nothing refers to. Owned products (any entitlement, even ended: it is history)
 * and products named by bundles, prerequisites or live campaigns answer 409 with what refers to
 * them; retire such a product with `role: "sunset"` instead.
 */
export function deleteProduct(deps: AppDeps, workspaceId: string, key: string, actor: string): Promise<void> {
  return catalogChange(deps, workspaceId, async (tx) => {
    const product = await findProductRow(tx, workspaceId, key);
    if (!product) throw notFound(`Product "${key}"`);
    const refs = await productReferences(tx, workspaceId, key);
    const campaigns = await campaignsNaming(tx, workspaceId, key);
    if (refs.bundles.length || refs.requiredBy.length || refs.entitlements || campaigns.length) {
      throw new ApiError(
        409,
        'conflict',
        `Product "${key}" is still in use; mark it "sunset" or remove the references first`,
        { ...refs, campaigns: campaigns.map((c) => c.id) },
      );
    }
    await deleteProductRow(tx, workspaceId, key);
    await recordAudit(tx, workspaceId, actor, {
      action: 'product.deleted',
      target: { type: 'product', id: key, name: product.name },
    });
  });
}
