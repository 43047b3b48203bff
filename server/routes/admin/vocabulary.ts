import { createRoute, z } from '@hono/zod-openapi';
import { VocabularyKind, VocabularyPage, VocabularyQuery } from '../../../shared/vocabulary.ts';
import { createRouter } from '../../http/router.ts';
import { listVocabulary } from '../../services/vocabulary.ts';
import { errorResponses, json, secretKeyRoute } from './route-kit.ts';

export const vocabularyRoutes = createRouter();

vocabularyRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Host data'],
    method: 'get',
    path: '/vocabulary/{kind}',
    summary:
      'Names the workspace’s data has used (event names, usage metrics, segments, roles) and where the widget was refused',
    description:
      'Event names as ingested (not the widget’s own `message.*` events), metrics, segments and ' +
      'roles as synced through the batch endpoints, and roles signed in verified user tokens, in ' +
      'name order; `prefix` keeps the names that ' +
      'start with it, `seenSince` those last seen at or after a moment. The console suggests them and flags a trigger or filter naming something no ' +
      'data has used. `lastSeenAt` moves at most once a day per server process.',
    request: { params: z.object({ kind: VocabularyKind }), query: VocabularyQuery },
    responses: { 200: json(VocabularyPage, 'A page of names'), ...errorResponses(400, 401) },
  }),
  async (c) =>
    c.json(
      await listVocabulary(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').kind,
        c.req.valid('query'),
      ),
      200,
    ),
);
