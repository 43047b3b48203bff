import type { z } from 'zod';
import type { AccessRequestInput, AdminAccessRequest, Lead } from '../../shared/money.ts';
import { accountEntitlements, findDecision } from '../db/queries/money.ts';
import {
  type AccessRequestRow,
  closeAccessRequest,
  findAccessRequest,
  findOpenRequest,
  insertAccessRequest,
  type ListFilter,
  listAccessRequests,
  listLeads,
  setLeadStatus,
} from '../db/queries/money-requests.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser } from '../http/types.ts';
import { recordAudit } from './audit.ts';
import { loadCatalog } from './catalog-cache.ts';
import { leadPayload } from './money-payloads.ts';
import { enqueue } from './outbox.ts';
import { atRow, toPositionPage } from './position-cursor.ts';

export function toAdminRequest(row: AccessRequestRow): z.infer<typeof AdminAccessRequest> {
  return {
    id: row.id,
    productKey: row.productKey,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    accountId: row.accountId,
    userId: row.userId,
    campaignId: row.campaignId,
    decisionId: row.decisionId,
    note: row.note,
  };
}

/**
 * A member asks their admin for a product. One open request per user × product (a repeat returns
 * the open one, `created: false`); admins hear of it by `request.created` and on their next decide.
 */
export async function requestAccess(
  deps: AppDeps,
  workspaceId: string,
  user: EndUser,
  input: z.infer<typeof AccessRequestInput>,
): Promise<{ request: z.infer<typeof AdminAccessRequest>; created: boolean }> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const catalog = await loadCatalog(tx, workspaceId);
    const product = catalog.products.get(input.productKey) ?? catalog.bundles.get(input.productKey);
    if (!product) throw new ApiError(404, 'unknown_product', `No product ${input.productKey}`);
    let campaignId: string | null = null;
    if (input.decisionId) {
      const decision = await findDecision(tx, workspaceId, input.decisionId);
      if (!decision || decision.accountId !== user.accountId) {
        throw new ApiError(404, 'unknown_decision', `No decision ${input.decisionId} for this account`);
      }
      campaignId = decision.campaignId;
    }
    const owned = await accountEntitlements(tx, workspaceId, user.accountId);
    if (owned.some((e) => e.productKey === input.productKey && e.status === 'active')) {
      throw new ApiError(409, 'already_owned', `The account already owns ${input.productKey}`);
    }
    const row = await insertAccessRequest(tx, {
      workspaceId,
      accountId: user.accountId,
      userId: user.userId,
      productKey: input.productKey,
      campaignId,
      decisionId: input.decisionId ?? null,
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
    });
    if (!row) {
      const open = await findOpenRequest(tx, workspaceId, user.userId, input.productKey);
      if (!open) throw new ApiError(409, 'conflict', 'The request changed concurrently; retry');
      return { request: toAdminRequest(open), created: false };
    }
    const request = toAdminRequest(row);
    await enqueue(tx, workspaceId, 'request.created', { request, productName: product.name }, now);
    return { request, created: true };
  });
}

export async function adminRequests(deps: AppDeps, workspaceId: string, filter: ListFilter) {
  const rows = await listAccessRequests(deps.database.db, workspaceId, {
    ...filter,
    limit: filter.limit + 1,
  });
  const { data, nextCursor } = toPositionPage('requests', rows, filter.limit, atRow, (r) =>
    toAdminRequest(r.row),
  );
  return { requests: data, nextCursor };
}

export async function decideRequest(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  status: 'approved' | 'declined',
  actor: string,
) {
  const db = deps.database.db;
  const row = await db.transaction(async (tx) => {
    const closed = await closeAccessRequest(tx, workspaceId, id, status, deps.now());
    if (closed) {
      await recordAudit(tx, workspaceId, actor, {
        action: `access_request.${status}`,
        target: { type: 'access_request', id, name: closed.productKey },
        details: { accountId: closed.accountId, userId: closed.userId },
      });
    }
    return closed;
  });
  if (row) return toAdminRequest(row);
  const existing = await findAccessRequest(db, workspaceId, id);
  if (!existing) throw new ApiError(404, 'not_found', `No request ${id}`);
  if (existing.status === status) return toAdminRequest(existing);
  throw new ApiError(409, 'conflict', `The request is already ${existing.status}`);
}

export async function adminLeads(deps: AppDeps, workspaceId: string, filter: ListFilter) {
  const rows = await listLeads(deps.database.db, workspaceId, { ...filter, limit: filter.limit + 1 });
  const { data, nextCursor } = toPositionPage('leads', rows, filter.limit, atRow, (r) => leadPayload(r.row));
  return { leads: data, nextCursor };
}

export async function updateLead(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  status: Lead['status'],
  actor: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const changed = await setLeadStatus(tx, workspaceId, id, status);
    if (!changed) throw new ApiError(404, 'not_found', `No lead ${id}`);
    const { row, previous } = changed;
    if (previous !== status) {
      await recordAudit(tx, workspaceId, actor, {
        action: 'lead.status_changed',
        target: { type: 'lead', id, name: row.productKey },
        changes: [{ field: 'status', from: previous, to: status }],
        details: { accountId: row.accountId },
      });
    }
    return leadPayload(row);
  });
}
