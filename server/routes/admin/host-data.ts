import { createRoute, type Hook, z } from '@hono/zod-openapi';
import { ListQuery } from '../../../shared/catalog.ts';
import {
  AccountBatch,
  AccountDetail,
  AccountErasure,
  AccountListQuery,
  AccountPage,
  AccountPatch,
  BatchResult,
  FrequencyReset,
  HostId,
  OwnershipBatch,
  UsageBatch,
  UserBatch,
  UserErasure,
  UserPage,
} from '../../../shared/host-data.ts';
import { createRouter } from '../../http/router.ts';
import { nulIssues, toIssues, validationHook } from '../../http/validation.ts';
import {
  batchInvalid,
  eraseAccount,
  eraseUser,
  patchAccount,
  resetFrequency,
  upsertAccounts,
  upsertOwnership,
  upsertUsage,
  upsertUsers,
} from '../../services/host-data.ts';
import { getAccount, listAccounts, listUsers } from '../../services/host-data-read.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const hostDataRoutes = createRouter();

const common = { ...secretKeyRoute, tags: ['Host data'] };

/**
 * Problems inside `items[i]`, NUL in any of its text included, become one `batch_item_invalid`
 * naming every bad item by index and field; problems with the batch itself (not an object, no
 * items, too many) stay `validation_failed`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by the four batch routes
const batchHook: Hook<any, any, any, any> = (result, c) => {
  if (result.target !== 'json') return validationHook(result, c);
  const issues = result.success ? nulIssues(result.data) : toIssues(result.error);
  if (issues.length === 0) return;
  const perItem = issues.every((i) => i.path[0] === 'items' && typeof i.path[1] === 'number');
  if (!perItem) return validationHook(result, c);
  throw batchInvalid(
    issues.map((i) => ({ index: Number(i.path[1]), path: i.path.slice(2), message: i.message })),
  );
};

const batchRoute = (path: string, schema: z.ZodType, summary: string) =>
  createRoute({
    ...common,
    method: 'post',
    path,
    summary,
    description:
      'Up to 1,000 items, written in one transaction. Any invalid item (schema or reference) answers 400 ' +
      '`batch_item_invalid` with `details.items: [{index, path, message}]` and writes nothing.',
    request: jsonBody(schema),
    responses: { 200: json(BatchResult, 'Upserted'), ...errorResponses(400, 401, 403, 413) },
  });

hostDataRoutes.openapi(
  batchRoute('/accounts/batch', AccountBatch, 'Upsert accounts (the host’s customers)'),
  async (c) => {
    const { items } = c.req.valid('json') as z.infer<typeof AccountBatch>;
    return c.json(await upsertAccounts(c.var.deps, c.var.workspace.row.id, items), 200);
  },
  batchHook,
);

hostDataRoutes.openapi(
  batchRoute('/users/batch', UserBatch, 'Upsert users of existing accounts'),
  async (c) => {
    const { items } = c.req.valid('json') as z.infer<typeof UserBatch>;
    return c.json(await upsertUsers(c.var.deps, c.var.workspace.row.id, items), 200);
  },
  batchHook,
);

hostDataRoutes.openapi(
  batchRoute('/ownership/batch', OwnershipBatch, 'Upsert which products accounts own (entitlements)'),
  async (c) => {
    const { items } = c.req.valid('json') as z.infer<typeof OwnershipBatch>;
    return c.json(await upsertOwnership(c.var.deps, c.var.workspace.row.id, items), 200);
  },
  batchHook,
);

hostDataRoutes.openapi(
  batchRoute('/usage/batch', UsageBatch, 'Upsert usage metrics and quotas of accounts'),
  async (c) => {
    const { items } = c.req.valid('json') as z.infer<typeof UsageBatch>;
    return c.json(await upsertUsage(c.var.deps, c.var.workspace.row.id, items), 200);
  },
  batchHook,
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/accounts',
    summary: 'List accounts, ordered by id; `q` finds them by the start of their id or a part of their name',
    request: { query: AccountListQuery },
    responses: { 200: json(AccountPage, 'A page of accounts'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await listAccounts(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/accounts/{id}',
    summary: 'One account with its entitlements, usage and number of users',
    request: { params: z.object({ id: HostId }) },
    responses: { 200: json(AccountDetail, 'The account'), ...errorResponses(400, 401, 404) },
  }),
  async (c) => c.json(await getAccount(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id), 200),
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/accounts/{id}',
    summary: 'Mark an account as a test account (your staff, QA or demo) or a customer again',
    description:
      'A test account is never held out (its users see what the treatment sees, so you can check a ' +
      'campaign) and is left out of analytics, lift, the campaigns list figures, portfolio metrics ' +
      'and affinity, its past included. Batches can set the same `test` field.',
    request: { params: z.object({ id: HostId }), ...jsonBody(AccountPatch) },
    responses: { 200: json(AccountDetail, 'The account'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const ws = c.var.workspace.row.id;
    const { id } = c.req.valid('param');
    await patchAccount(c.var.deps, ws, id, c.req.valid('json'));
    return c.json(await getAccount(c.var.deps, ws, id), 200);
  },
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/users',
    summary: 'List users, ordered by id, optionally of one account',
    request: { query: ListQuery.extend({ account: HostId.optional() }) },
    responses: { 200: json(UserPage, 'A page of users'), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const { account, ...page } = c.req.valid('query');
    return c.json(await listUsers(c.var.deps, c.var.workspace.row.id, { ...page, accountId: account }), 200);
  },
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/accounts/{id}',
    summary: 'Delete an account (the customer left, or asked for erasure)',
    description:
      'Deletes the account, its users, ownership, usage, events, counters and serving state in one ' +
      'statement and blanks the account facts its leads copied. Purchases, trials, access requests, ' +
      'leads and decisions keep the account id for accounting and attribution. Stop identifying its ' +
      'users in the widget first, or new events recreate their trail.',
    request: { params: z.object({ id: HostId }) },
    responses: { 200: json(AccountErasure, 'What was erased'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) =>
    c.json(await eraseAccount(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id, c.var.actor), 200),
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/users/{id}',
    summary: 'Erase a user (right to erasure)',
    description:
      'Deletes the user, their events, per-user counters and message states in one statement. ' +
      'Purchases, trials, access requests, leads and decisions keep the user id for accounting and ' +
      'attribution. Stop identifying the user in the widget first, or new events recreate their trail.',
    request: { params: z.object({ id: HostId }) },
    responses: { 200: json(UserErasure, 'What was erased'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) =>
    c.json(await eraseUser(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id, c.var.actor), 200),
);

hostDataRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/accounts/{id}/frequency',
    summary: 'Reset the frequency caps of an account, one of its users or one campaign (for testing)',
    description:
      'Forgets the serving history the frequency rules read: impressions, dismissals, snoozes and ' +
      'conversions per user and campaign, the daily prompt counts and the per-account caps, so the ' +
      'account is offered its prompts again. `user` limits it to one user (the account-wide counts ' +
      'stay), `campaign` to one campaign (the daily prompt counts stay). Events, decisions and ' +
      'purchases are kept, and so are the analytics built on them.',
    request: {
      params: z.object({ id: HostId }),
      query: z.object({ user: HostId.optional(), campaign: z.uuid().optional() }),
    },
    responses: { 200: json(FrequencyReset, 'What was forgotten'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { user, campaign } = c.req.valid('query');
    const scope = { accountId: c.req.valid('param').id, userId: user, campaignId: campaign };
    return c.json(await resetFrequency(c.var.deps, c.var.workspace.row.id, scope, c.var.actor), 200);
  },
);
