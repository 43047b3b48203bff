import { createRoute, z } from '@hono/zod-openapi';
import {
  RotatableKey,
  WorkspaceCredentials,
  WorkspaceUpdate,
  WorkspaceView,
} from '../../../shared/workspace.ts';
import { createRouter } from '../../http/router.ts';
import { forgetPublicWorkspaces } from '../../services/public-auth.ts';
import { getSettings, patchSettings } from '../../services/settings.ts';
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
    method: 'patch',
    path: '/settings',
    summary: 'Change name, allowed origins or policy (settings merge into the stored ones)',
    request: jsonBody(WorkspaceUpdate),
    responses: { 200: json(WorkspaceView, 'Updated'), ...errorResponses(400, 401, 403, 413) },
  }),
  async (c) => c.json(await patchSettings(c.var.deps, c.var.workspace.row.id, c.req.valid('json')), 200),
);

const RotateOwnKeys = z.object({ keys: z.array(RotatableKey).min(1) }).meta({ id: 'RotateOwnKeysRequest' });

settingsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/settings/rotate-keys',
    summary: 'Rotate this workspace’s keys; the old ones stop working, the new ones are returned once',
    request: jsonBody(RotateOwnKeys),
    responses: {
      200: json(WorkspaceCredentials.partial(), 'The new keys'),
      ...errorResponses(400, 401, 403, 413),
    },
  }),
  async (c) => {
    const { keys } = c.req.valid('json');
    const workspaceId = c.var.workspace.row.id;
    const rotated = await c.var.deps.database.db.transaction((tx) =>
      rotateKeys(c.var.deps, tx, workspaceId, keys),
    );
    forgetPublicWorkspaces(c.var.deps);
    c.var.log.info('keys_rotated', { workspaceId, keys, actor: c.var.actor });
    return c.json(rotated, 200);
  },
);
