import { createRoute, z } from '@hono/zod-openapi';
import { AuditLog, AuditQuery } from '../../../shared/audit.ts';
import { createRouter } from '../../http/router.ts';
import { auditLogPage } from '../../services/audit.ts';
import { auditCsv } from '../../services/audit-export.ts';
import { errorResponses, json, secretKeyRoute } from './route-kit.ts';

export const auditRoutes = createRouter();

auditRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Settings'],
    method: 'get',
    path: '/audit-log',
    summary:
      'Who changed the workspace’s configuration, signed in, settled or erased what, and when; newest first',
    description:
      'One entry per change to products, bundles, campaigns, settings, keys, webhook endpoints and ' +
      'console users, per console sign-in, per purchase fulfilled or failed, access request decided ' +
      'and lead moved through the admin API, and per account or user erased and frequency reset, ' +
      'written in the transaction of the change. Updates list the fields they changed with before ' +
      'and after values; keys and secrets are never recorded. Filter by action, target or actor (exact).',
    request: { query: AuditQuery },
    responses: { 200: json(AuditLog, 'A page of entries'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await auditLogPage(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

auditRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Settings'],
    method: 'get',
    path: '/audit-log.csv',
    summary: 'The audit log (the same filters, every page) as one CSV, newest first',
    description:
      'Columns: at, actor, action, target_type, target_id, target_name, changes (`field: before → ' +
      'after` with values as JSON, separated by `; `) and details (JSON). Sent as a download; text a ' +
      'spreadsheet would run as a formula is prefixed with an apostrophe.',
    request: { query: AuditQuery.omit({ limit: true, cursor: true }) },
    responses: {
      200: { description: 'CSV, a header line first', content: { 'text/csv': { schema: z.string() } } },
      ...errorResponses(400, 401),
    },
  }),
  async (c) =>
    c.body(await auditCsv(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="attach-audit-log.csv"',
    }),
);
