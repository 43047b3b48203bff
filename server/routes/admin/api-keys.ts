import { createRoute, z } from '@hono/zod-openapi';
import {
  ApiKey,
  ApiKeyList,
  CreateApiKey,
  CreatedApiKey,
  RollApiKey,
  RolledApiKey,
  UpdateApiKey,
} from '../../../shared/api-keys.ts';
import { createRouter } from '../../http/router.ts';
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rollApiKey,
  updateApiKey,
} from '../../services/api-keys.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const apiKeysRoutes = createRouter();

const common = { ...secretKeyRoute, tags: ['API keys'] };
const IdParam = z.object({ id: z.uuid() });

apiKeysRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/api-keys',
    summary: 'Named API keys, newest first: live, expired and revoked (never the keys themselves)',
    responses: { 200: json(ApiKeyList, 'Keys'), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const { deps, workspace } = c.var;
    return c.json({ data: await listApiKeys(deps.database.db, workspace.row.id, deps.now()) }, 200);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/api-keys',
    summary: 'Create a named secret key with a role (owners only); the key is returned once',
    description:
      'One key per integration, so each can be revoked alone and is named in the audit log (actor ' +
      '`key:<name>`). `editor` keys may change everything but console users and API keys and may not ' +
      'rotate keys; `viewer` keys only read (a BI tool, a SIEM); `sync` keys only send host data ' +
      '(`POST` the accounts, users, ownership and usage batches, `/events`, `/integrations/segment`) and ' +
      'read nothing, for a third party such as Segment. Only a SHA-256 of the key is stored. ' +
      'Names are unique among keys not revoked; a workspace holds at most 25 live keys (409 `conflict`).',
    request: jsonBody(CreateApiKey),
    responses: { 201: json(CreatedApiKey, 'Created'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const { deps, workspace, actor } = c.var;
    const created = await deps.database.db.transaction((tx) =>
      createApiKey(tx, workspace.row.id, c.req.valid('json'), actor, deps.now()),
    );
    c.var.log.info('api_key_created', { workspaceId: workspace.row.id, keyId: created.id, by: actor });
    return c.json(created, 201);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/api-keys/{id}',
    summary: 'Revoke a named key (owners only): calls with it are refused at once; repeating is harmless',
    request: { params: IdParam },
    responses: { 200: json(ApiKey, 'Revoked'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const { deps, workspace, actor } = c.var;
    const revoked = await deps.database.db.transaction((tx) =>
      revokeApiKey(tx, workspace.row.id, c.req.valid('param').id, actor, deps.now()),
    );
    c.var.log.info('api_key_revoked', { workspaceId: workspace.row.id, keyId: revoked.id, by: actor });
    return c.json(revoked, 200);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/api-keys/{id}/roll',
    summary: 'Roll a named key (owners only): a new key with its name, role and lifetime, returned once',
    description:
      'With `overlapSeconds` (up to a week) the old key keeps working that long beside the new one ' +
      'and answers with a `Sunset` header saying when it stops, so the integration can be redeployed ' +
      'without an outage; without one (`0`, the default, as after a leak) it stops at once. The new ' +
      'key expires as long after the roll as the old one did after its creation. A key revoked, ' +
      'expired or rolled already cannot be rolled (409 `conflict`).',
    request: { params: IdParam, ...jsonBody(RollApiKey) },
    responses: { 201: json(RolledApiKey, 'Rolled'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { deps, workspace, actor } = c.var;
    const rolled = await deps.database.db.transaction((tx) =>
      rollApiKey(tx, workspace.row.id, c.req.valid('param').id, c.req.valid('json'), actor, deps.now()),
    );
    c.var.log.info('api_key_rolled', {
      workspaceId: workspace.row.id,
      keyId: rolled.previous.id,
      replacedBy: rolled.id,
      by: actor,
    });
    return c.json(rolled, 201);
  },
);

apiKeysRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/api-keys/{id}',
    summary: 'Change where a named key may be used from (owners only); [] lifts the restriction',
    description:
      'Addresses and CIDR ranges, IPv4 or IPv6 (at most 20). A call with the key from anywhere else ' +
      'is refused with 403 `forbidden` naming the address; behind a proxy set ATTACH_TRUSTED_PROXIES ' +
      "so the address is the caller's. A rolled key passes its list to the new one.",
    request: { params: IdParam, ...jsonBody(UpdateApiKey) },
    responses: { 200: json(ApiKey, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { deps, workspace, actor } = c.var;
    const updated = await deps.database.db.transaction((tx) =>
      updateApiKey(tx, workspace.row.id, c.req.valid('param').id, c.req.valid('json'), actor, deps.now()),
    );
    return c.json(updated, 200);
  },
);
