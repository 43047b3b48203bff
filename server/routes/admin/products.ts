import { createRoute, z } from '@hono/zod-openapi';
import {
  ListQuery,
  Product,
  ProductInput,
  ProductKey,
  ProductPage,
  ProductPatch,
} from '../../../shared/catalog.ts';
import { createRouter } from '../../http/router.ts';
import {
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  patchProduct,
} from '../../services/catalog.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const productsRoutes = createRouter();

const common = { ...secretKeyRoute, tags: ['Products'] };
const KeyParam = z.object({ key: ProductKey });

productsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/products',
    summary: 'List products, ordered by key',
    request: { query: ListQuery },
    responses: { 200: json(ProductPage, 'A page of products'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await listProducts(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

productsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/products',
    summary: 'Create a product; prerequisites must be existing products',
    request: jsonBody(ProductInput),
    responses: { 201: json(Product, 'Created'), ...errorResponses(400, 401, 403, 409, 413) },
  }),
  async (c) =>
    c.json(await createProduct(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 201),
);

productsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/products/{key}',
    summary: 'One product',
    request: { params: KeyParam },
    responses: { 200: json(Product, 'The product'), ...errorResponses(400, 401, 404) },
  }),
  async (c) => c.json(await getProduct(c.var.deps, c.var.workspace.row.id, c.req.valid('param').key), 200),
);

productsRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/products/{key}',
    summary: 'Change a product (its key is permanent)',
    request: { params: KeyParam, ...jsonBody(ProductPatch) },
    responses: { 200: json(Product, 'Updated'), ...errorResponses(400, 401, 403, 404, 413) },
  }),
  async (c) => {
    const { key } = c.req.valid('param');
    return c.json(
      await patchProduct(c.var.deps, c.var.workspace.row.id, key, c.req.valid('json'), c.var.actor),
      200,
    );
  },
);

productsRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/products/{key}',
    summary: 'Delete a product nothing refers to (409 lists what still does)',
    request: { params: KeyParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    await deleteProduct(c.var.deps, c.var.workspace.row.id, c.req.valid('param').key, c.var.actor);
    return c.body(null, 204);
  },
);
