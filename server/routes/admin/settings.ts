import { createRoute } from '@hono/zod-openapi';
import { TokenCheck, TokenCheckRequest } from '../../../shared/identity.ts';
import {
  DataRetention,
  RotatedKeys,
  RotateKeysRequest,
  WorkspaceUpdate,
  WorkspaceView,
} from '../../../shared/workspace.ts';
import { ApiError } from '../../http/api-error.ts';
import { createRouter } from '../../http/router.ts';
import { COUNTER_DAYS_KEPT } from '../../services/event-retention.ts';
import { checkUserToken, forgetPublicWorkspaces } from '../../services/public-auth.ts';
import { getSettings, patchSettings } from '../../services/settings.ts';
import { DEFAULT_WEBHOOK_RETENTION_DAYS } from '../../services/webhook-retention.ts';
import { rotateKeys } from '../../services/workspaces.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const settingsRoutes = createRouter();

const common = { ...secretKeyRoute, tags: ['Settings'] };

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/settings',
    summary: 'The workspace: name, allowed origins, policy, publishable key and secret key hint',
    responses: { 200: json(WorkspaceView, 'The workspace'), ...errorResponses(401) },
  }),
  async (c) => c.json(await getSettings(c.var.deps, c.var.workspace.row.id), 200),
);

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/settings/retention',
    summary:
      'How long this installation keeps raw events, counters and webhook history (set by its operator)',
    responses: { 200: json(DataRetention, 'Retention'), ...errorResponses(401) },
  }),
  (c) => {
    const { eventRetentionDays, webhookRetentionDays, decisionRetentionDays, auditRetentionDays } =
      c.var.deps.config;
    return c.json(
      {
        rawEventDays: eventRetentionDays ?? null,
        counterDays: eventRetentionDays ? COUNTER_DAYS_KEPT : null,
        webhookHistoryDays: webhookRetentionDays ?? DEFAULT_WEBHOOK_RETENTION_DAYS,
        campaignHistoryDays: decisionRetentionDays ?? null,
        auditLogDays: auditRetentionDays ?? null,
      },
      200,
    );
  },
);

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/settings',
    summary: 'Change name, allowed origins or policy (settings merge into the stored ones)',
    request: jsonBody(WorkspaceUpdate),
    responses: { 200: json(WorkspaceView, 'Updated'), ...errorResponses(400, 401, 403, 413) },
  }),
  async (c) =>
    c.json(await patchSettings(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 200),
);

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/settings/rotate-keys',
    summary:
      'Rotate this workspace’s keys: the new ones are returned once; the old ones stop working at once, or after overlapSeconds',
    request: jsonBody(RotateKeysRequest),
    responses: {
      200: json(RotatedKeys, 'The new keys'),
      ...errorResponses(400, 401, 403, 413),
    },
  }),
  async (c) => {
    const { keys, overlapSeconds } = c.req.valid('json');
    // A replaced key that leaked could otherwise rotate the current keys away from their owner.
    if (c.var.retiringKeyExpiresAt) {
      throw new ApiError(
        403,
        'key_retiring',
        'This secret key was replaced and stops working soon; rotate keys with the current secret key',
      );
    }
    const workspaceId = c.var.workspace.row.id;
    const rotated = await c.var.deps.database.db.transaction((tx) =>
      rotateKeys(c.var.deps, tx, workspaceId, c.var.actor, keys, overlapSeconds),
    );
    forgetPublicWorkspaces(c.var.deps);
    c.var.log.info('keys_rotated', { workspaceId, keys, overlapSeconds, actor: c.var.actor });
    return c.json(rotated, 200);
  },
);

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/identity/token-check',
    summary: 'Check a user token as the widget’s calls would: whom it names, or why it is refused',
    description:
      'Verified with the workspace’s identity secret (during a rotation’s overlap, the replaced one ' +
      'too) as `POST /v1/decide` does, whatever the identity mode; nothing is recorded. Any role may ' +
      'call it.',
    request: jsonBody(TokenCheckRequest),
    responses: { 200: json(TokenCheck, 'What the token is worth'), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const { token } = c.req.valid('json');
    return c.json(await checkUserToken(c.var.deps, c.var.workspace.row.publishableKey, token), 200);
  },
);
