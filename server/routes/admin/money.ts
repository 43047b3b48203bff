import { createRoute, z } from '@hono/zod-openapi';
import { ListQuery } from '../../../shared/catalog.ts';
import {
  AccessRequestUpdate,
  AdminAccessRequest,
  AdminAccessRequestList,
  AdminPurchase,
  AdminPurchaseList,
  AdminTrial,
  AdminTrialList,
  EntitlementList,
  Lead,
  LeadList,
  LeadStatus,
  LeadUpdate,
  PurchaseFailure,
} from '../../../shared/money.ts';
import { createRouter } from '../../http/router.ts';
import type { ListName } from '../../services/key-cursor.ts';
import { leadsCsv } from '../../services/leads-export.ts';
import { decodePositionCursor } from '../../services/position-cursor.ts';
import {
  adminEntitlements,
  adminPurchase,
  adminPurchases,
  failPurchase,
  fulfilPurchase,
} from '../../services/purchase-fulfilment.ts';
import { adminLeads, adminRequests, decideRequest, updateLead } from '../../services/requests.ts';
import { adminTrials } from '../../services/trials.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const moneyRoutes = createRouter();

const errors = errorResponses(400, 401, 404);
const conflict = errorResponses(409);
const common = { ...secretKeyRoute, tags: ['Money'] };
const IdParam = z.object({ id: z.uuid() });
const Page = { ...ListQuery.shape, account: z.string().min(1).max(200).optional() };
const filter = (
  list: ListName,
  q: { account?: string | undefined; cursor?: string | undefined; limit: number },
) => ({
  accountId: q.account,
  after: decodePositionCursor(list, q.cursor),
  limit: q.limit,
});

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/purchases',
    summary: 'Purchases, newest first (filter by account and status)',
    request: { query: z.object({ ...Page, status: z.enum(['pending', 'completed', 'failed']).optional() }) },
    responses: { 200: json(AdminPurchaseList, 'A page of purchases'), ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await adminPurchases(c.var.deps, c.var.workspace.row.id, {
        ...filter('purchases', q),
        status: q.status,
      }),
      200,
    );
  },
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/purchases/{id}',
    summary: 'One purchase, with its current status',
    request: { params: IdParam },
    responses: { 200: json(AdminPurchase, 'The purchase'), ...errors },
  }),
  async (c) => c.json(await adminPurchase(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id), 200),
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/purchases/{id}/fulfil',
    summary: 'Confirm the host provisioned and billed the purchase (purchase.fulfilled)',
    request: { params: IdParam },
    responses: { 200: json(AdminPurchase, 'Completed'), ...errors, ...conflict },
  }),
  async (c) =>
    c.json(
      await fulfilPurchase(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id, c.var.actor),
      200,
    ),
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/purchases/{id}/fail',
    summary: 'Report that the purchase failed: its entitlement is revoked (purchase.failed)',
    request: { params: IdParam, ...jsonBody(PurchaseFailure) },
    responses: { 200: json(AdminPurchase, 'Failed'), ...errors, ...conflict },
  }),
  async (c) =>
    c.json(
      await failPurchase(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').id,
        c.req.valid('json').reason,
        c.var.actor,
      ),
      200,
    ),
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/entitlements',
    summary: 'Entitlements (ownership, trials included), optionally of one account',
    request: { query: ListQuery.extend({ account: Page.account }) },
    responses: { 200: json(EntitlementList, 'A page of entitlements, by account and product'), ...errors },
  }),
  async (c) => c.json(await adminEntitlements(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/trials',
    summary:
      'Trials, newest first (filter by account and status): the trial.* webhooks’ objects, to reconcile',
    request: {
      query: z.object({ ...Page, status: AdminTrial.shape.status.optional() }),
    },
    responses: { 200: json(AdminTrialList, 'A page of trials'), ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await adminTrials(c.var.deps, c.var.workspace.row.id, { ...filter('trials', q), status: q.status }),
      200,
    );
  },
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/requests',
    summary: 'Access requests from members to their admins',
    request: { query: z.object({ ...Page, status: z.enum(['open', 'approved', 'declined']).optional() }) },
    responses: { 200: json(AdminAccessRequestList, 'A page of requests'), ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await adminRequests(c.var.deps, c.var.workspace.row.id, { ...filter('requests', q), status: q.status }),
      200,
    );
  },
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/requests/{id}',
    summary: 'Approve or decline an open request',
    request: { params: IdParam, ...jsonBody(AccessRequestUpdate) },
    responses: { 200: json(AdminAccessRequest, 'Updated'), ...errors, ...conflict },
  }),
  async (c) =>
    c.json(
      await decideRequest(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').id,
        c.req.valid('json').status,
        c.var.actor,
      ),
      200,
    ),
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/leads',
    summary: 'CSM / sales-routed opportunities with account context, fired triggers and affinity',
    request: { query: z.object({ ...Page, status: LeadStatus.optional() }) },
    responses: { 200: json(LeadList, 'A page of leads'), ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await adminLeads(c.var.deps, c.var.workspace.row.id, { ...filter('leads', q), status: q.status }),
      200,
    );
  },
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/leads.csv',
    summary: 'Every lead (of one status, or all) as one CSV, for a CRM import',
    description:
      'Newest first: when and how each was routed, the account (its name today, the facts known at routing, MRR in major units), the product and campaign, what fired and the affinity behind the offer. Sent as a download; text a spreadsheet would run as a formula is prefixed with an apostrophe.',
    request: { query: z.object({ status: LeadStatus.optional() }) },
    responses: {
      200: { description: 'CSV, a header line first', content: { 'text/csv': { schema: z.string() } } },
      ...errors,
    },
  }),
  async (c) => {
    const { status } = c.req.valid('query');
    return c.body(await leadsCsv(c.var.deps, c.var.workspace.row.id, status), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attach-leads${status ? `-${status}` : ''}.csv"`,
    });
  },
);

moneyRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/leads/{id}',
    summary: 'Move a lead along (contacted, won, lost)',
    request: { params: IdParam, ...jsonBody(LeadUpdate) },
    responses: { 200: json(Lead, 'Updated'), ...errors },
  }),
  async (c) =>
    c.json(
      await updateLead(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').id,
        c.req.valid('json').status,
        c.var.actor,
      ),
      200,
    ),
);
