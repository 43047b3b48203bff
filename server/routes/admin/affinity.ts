import { createRoute, z } from '@hono/zod-openapi';
import { AffinitySegmentView, AffinitySnapshot } from '../../../shared/affinity.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { createRouter } from '../../http/router.ts';
import { getAffinity, getSegmentAffinity, recomputeAffinity } from '../../services/affinity.ts';
import { json } from './route-kit.ts';

export const affinityRoutes = createRouter();

const errors = {
  400: json(ErrorEnvelope, 'Invalid request'),
  401: json(ErrorEnvelope, 'Missing or wrong secret key'),
};
const common = { tags: ['Affinity'], security: [{ secretKey: [] }] };

affinityRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/affinity',
    summary: 'Latest affinity snapshot (attach rates, itemsets, rules), overall and per segment',
    description: 'With `segment`, only that segment’s slice.',
    request: { query: z.object({ segment: z.string().min(1).max(200).optional() }) },
    responses: {
      200: json(z.union([AffinitySnapshot, AffinitySegmentView]), 'The snapshot, or one segment of it'),
      404: json(ErrorEnvelope, 'Never computed, or no such segment'),
      ...errors,
    },
  }),
  async (c) => {
    const { segment } = c.req.valid('query');
    const ws = c.var.workspace.row.id;
    return c.json(
      segment ? await getSegmentAffinity(c.var.deps, ws, segment) : await getAffinity(c.var.deps, ws),
      200,
    );
  },
);

affinityRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/affinity/recompute',
    summary: 'Recompute affinity now from the ownership matrix; returns the new snapshot',
    responses: { 201: json(AffinitySnapshot, 'The new snapshot'), ...errors },
  }),
  async (c) => {
    const { id: _id, ...snapshot } = await recomputeAffinity(c.var.deps, c.var.workspace.row.id, c.var.actor);
    return c.json(snapshot, 201);
  },
);
