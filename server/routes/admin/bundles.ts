import { createRoute, z } from '@hono/zod-openapi';
import {
  Bundle,
  BundleInput,
  BundlePage,
  BundlePatch,
  ListQuery,
  ProductKey,
} from '../../../shared/catalog.ts';
import { createRouter } from '../../http/router.ts';
import { createBundle, deleteBundle, getBundle, listBundles, patchBundle } from '../../services/bundles.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const bundlesRoutes = createRouter();

const common = { ...secretKeyRoute, tags: ['Bundles'] };
const KeyParam = z.object({ key: ProductKey });

bundlesRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/bundles',
    summary: 'List bundles, ordered by key',
    request: { query: ListQuery },
    responses: { 200: json(BundlePage, 'A page of bundles'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await listBundles(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

bundlesRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/bundles',
    summary: 'Create a bundle of existing products',
    request: jsonBody(BundleInput),
    responses: { 201: json(Bundle, 'Created'), ...errorResponses(400, 401, 403, 409, 413) },
  }),
  async (c) =>
    c.json(await createBundle(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 201),
);

bundlesRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/bundles/{key}',
    summary: 'One bundle',
    request: { params: KeyParam },
    responses: { 200: json(Bundle, 'The bundle'), ...errorResponses(400, 401, 404) },
  }),
  async (c) => c.json(await getBundle(c.var.deps, c.var.workspace.row.id, c.req.valid('param').key), 200),
);

bundlesRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/bundles/{key}',
    summary: 'Change a bundle (its key is permanent)',
    description:
      'Products must exist, as on create. While an active campaign targets the bundle, it cannot take in ' +
      'a sunset product (400 `validation_failed`, issue code `target_not_offerable`): pause the campaign first.',
    request: { params: KeyParam, ...jsonBody(BundlePatch) },
    responses: { 200: json(Bundle, 'Updated'), ...errorResponses(400, 401, 403, 404, 413) },
  }),
  async (c) => {
    const { key } = c.req.valid('param');
    return c.json(
      await patchBundle(c.var.deps, c.var.workspace.row.id, key, c.req.valid('json'), c.var.actor),
      200,
    );
  },
);

bundlesRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/bundles/{key}',
    summary: 'Delete a bundle no live campaign names',
    request: { params: KeyParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    await deleteBundle(c.var.deps, c.var.workspace.row.id, c.req.valid('param').key, c.var.actor);
    return c.body(null, 204);
  },
);
