import type { Bundle, BundleInput, BundlePatch } from '../../shared/catalog.ts';
import type { ValidationIssue } from '../../shared/errors.ts';
import type { Tx } from '../db/client.ts';
import {
  type BundleRow,
  campaignsNaming,
  deleteBundleRow,
  existingProductKeys,
  findBundleRow,
  insertBundleRow,
  listBundleRows,
  updateBundleRow,
} from '../db/queries/catalog.ts';
import { withBundle } from '../domain/catalog-edit.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';
import { auditUpdate, recordAudit } from './audit.ts';
import { catalogChange } from './catalog.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';
import { assertLiveTargetsStayOfferable } from './live-targets.ts';

export function toBundle(row: BundleRow): Bundle {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    productKeys: row.productKeys,
    discountPercent: row.discountPercent,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function checkProductKeys(tx: Tx, workspaceId: string, keys: string[]): Promise<void> {
  const existing = await existingProductKeys(tx, workspaceId, keys);
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key))
      issues.push({ path: ['productKeys', i], message: `"${key}" is listed twice`, code: 'custom' });
    else if (!existing.has(key))
      issues.push({
        path: ['productKeys', i],
        message: `No product with key "${key}"`,
        code: 'unknown_product',
      });
    seen.add(key);
  });
  if (issues.length) throw validationFailed(issues);
}

export async function listBundles(
  deps: AppDeps,
  workspaceId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const rows = await listBundleRows(
    deps.database.db,
    workspaceId,
    q.limit + 1,
    decodeKeyCursor('bundles', q.cursor),
  );
  return toPage('bundles', rows, q.limit, (r) => r.key, toBundle);
}

export async function getBundle(deps: AppDeps, workspaceId: string, key: string): Promise<Bundle> {
  const row = await findBundleRow(deps.database.db, workspaceId, key);
  if (!row) throw notFound(`Bundle "${key}"`);
  return toBundle(row);
}

export function createBundle(
  deps: AppDeps,
  workspaceId: string,
  input: BundleInput,
  actor: string,
): Promise<Bundle> {
  return catalogChange(deps, workspaceId, async (tx) => {
    if (await findBundleRow(tx, workspaceId, input.key)) {
      throw new ApiError(409, 'bundle_key_taken', `A bundle with key "${input.key}" already exists`);
    }
    await checkProductKeys(tx, workspaceId, input.productKeys);
    const now = deps.now();
    const row = await insertBundleRow(tx, { workspaceId, ...input, createdAt: now, updatedAt: now });
    await recordAudit(tx, workspaceId, actor, {
      action: 'bundle.created',
      target: { type: 'bundle', id: row.key, name: row.name },
    });
    return toBundle(row);
  });
}

export function patchBundle(
  deps: AppDeps,
  workspaceId: string,
  key: string,
  patch: BundlePatch,
  actor: string,
) {
  return catalogChange(deps, workspaceId, async (tx) => {
    const before = await findBundleRow(tx, workspaceId, key);
    if (!before) throw notFound(`Bundle "${key}"`);
    if (patch.productKeys) {
      await checkProductKeys(tx, workspaceId, patch.productKeys);
      const productKeys = patch.productKeys;
      await assertLiveTargetsStayOfferable(
        tx,
        workspaceId,
        (catalog) => withBundle(catalog, key, (bundle) => ({ ...bundle, productKeys })),
        'productKeys',
      );
    }
    const row = await updateBundleRow(tx, workspaceId, key, patch, deps.now());
    if (!row) throw notFound(`Bundle "${key}"`);
    const bundle = toBundle(row);
    await auditUpdate(tx, workspaceId, actor, {
      action: 'bundle.updated',
      target: { type: 'bundle', id: key, name: bundle.name },
      before: toBundle(before),
      after: bundle,
    });
    return bundle;
  });
}

/** Bundles named by live campaigns answer 409 with those campaigns' ids. */
export function deleteBundle(deps: AppDeps, workspaceId: string, key: string, actor: string): Promise<void> {
  return catalogChange(deps, workspaceId, async (tx) => {
    const bundle = await findBundleRow(tx, workspaceId, key);
    if (!bundle) throw notFound(`Bundle "${key}"`);
    const campaigns = await campaignsNaming(tx, workspaceId, key);
    if (campaigns.length) {
      throw new ApiError(409, 'conflict', `Bundle "${key}" is named by campaigns; archive them first`, {
        campaigns: campaigns.map((c) => c.id),
      });
    }
    await deleteBundleRow(tx, workspaceId, key);
    await recordAudit(tx, workspaceId, actor, {
      action: 'bundle.deleted',
      target: { type: 'bundle', id: key, name: bundle.name },
    });
  });
}
