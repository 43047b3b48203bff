import { createRoute, z } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../shared/errors.ts';
import {
  CreateWorkspaceRequest,
  RotatedKeys,
  RotateKeysRequest,
  WorkspaceCredentials,
} from '../../shared/workspace.ts';
import { DeletedWorkspace, DeleteWorkspaceRequest, WorkspaceList } from '../../shared/workspace-lifecycle.ts';
import { operatorAuth } from '../http/middleware/auth.ts';
import { createRouter } from '../http/router.ts';
import { inviteUser } from '../services/console-users.ts';
import { forgetPublicWorkspaces } from '../services/public-auth.ts';
import { deleteWorkspace, listWorkspaces } from '../services/workspace-deletion.ts';
import { createWorkspace, rotateKeys } from '../services/workspaces.ts';

export const operatorRoutes = createRouter();
operatorRoutes.use('/v1/workspaces', operatorAuth);
operatorRoutes.use('/v1/workspaces/*', operatorAuth);

const errors = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorEnvelope } } },
  401: {
    description: 'Missing or wrong operator token',
    content: { 'application/json': { schema: ErrorEnvelope } },
  },
  403: {
    description: 'Operator routes disabled',
    content: { 'application/json': { schema: ErrorEnvelope } },
  },
};

operatorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/workspaces',
    tags: ['Operator'],
    summary: 'Create a workspace; its keys are returned exactly once',
    security: [{ operatorToken: [] }],
    request: {
      body: { required: true, content: { 'application/json': { schema: CreateWorkspaceRequest } } },
    },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: WorkspaceCredentials } } },
      ...errors,
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { credentials } = await c.var.deps.database.db.transaction(async (tx) => {
      const created = await createWorkspace(c.var.deps, tx, input, 'operator');
      if (input.owner) await inviteUser(tx, created.row.id, { ...input.owner, role: 'owner' }, 'operator');
      return created;
    });
    c.var.log.info('workspace_created', { workspaceId: credentials.workspaceId });
    return c.json(credentials, 201);
  },
);

operatorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/workspaces/{id}/rotate-keys',
    tags: ['Operator'],
    summary:
      'Rotate keys: the new ones are returned once; the old ones stop at once, or after overlapSeconds',
    security: [{ operatorToken: [] }],
    request: {
      params: z.object({ id: z.string().min(1).max(100) }),
      body: { required: true, content: { 'application/json': { schema: RotateKeysRequest } } },
    },
    responses: {
      200: {
        description: 'Rotated',
        content: { 'application/json': { schema: RotatedKeys } },
      },
      404: { description: 'No such workspace', content: { 'application/json': { schema: ErrorEnvelope } } },
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { keys, overlapSeconds } = c.req.valid('json');
    const rotated = await c.var.deps.database.db.transaction((tx) =>
      rotateKeys(c.var.deps, tx, id, 'operator', keys, overlapSeconds),
    );
    forgetPublicWorkspaces(c.var.deps);
    c.var.log.info('keys_rotated', { workspaceId: id, keys, overlapSeconds, actor: 'operator' });
    return c.json(rotated, 200);
  },
);

operatorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/workspaces',
    tags: ['Operator'],
    summary: 'Every workspace, oldest first, with how many accounts, campaigns and console users it holds',
    security: [{ operatorToken: [] }],
    responses: {
      200: { description: 'Workspaces', content: { 'application/json': { schema: WorkspaceList } } },
      ...errors,
    },
  }),
  async (c) => c.json({ data: await listWorkspaces(c.var.deps) }, 200),
);

operatorRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/v1/workspaces/{id}',
    tags: ['Operator'],
    summary: 'Delete a workspace and all its data (a tenant leaving); confirm with its name',
    description:
      'At once its keys, console sessions, named API keys and webhook endpoints stop working; every ' +
      'row it holds is purged about a minute later by the server running jobs. Repeating it answers ' +
      'the first deletion. Cannot be undone: take a backup first if the data may be wanted.',
    security: [{ operatorToken: [] }],
    request: {
      params: z.object({ id: z.string().min(1).max(100) }),
      body: { required: true, content: { 'application/json': { schema: DeleteWorkspaceRequest } } },
    },
    responses: {
      202: {
        description: 'Deleted; purge pending',
        content: { 'application/json': { schema: DeletedWorkspace } },
      },
      404: { description: 'No such workspace', content: { 'application/json': { schema: ErrorEnvelope } } },
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const deleted = await deleteWorkspace(c.var.deps, id, c.req.valid('json').confirm);
    forgetPublicWorkspaces(c.var.deps);
    c.var.log.info('workspace_deleted', { workspaceId: id, actor: 'operator' });
    return c.json(deleted, 202);
  },
);
