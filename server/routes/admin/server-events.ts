import { createRoute } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { ServerEventAck, ServerEventBatch } from '../../../shared/events.ts';
import { createRouter } from '../../http/router.ts';
import { unknownAccountIds } from '../../services/host-data-read.ts';
import { ingestEvents } from '../../services/ingest.ts';
import { withPropsJson } from '../../services/ingest-parse.ts';

export const serverEventsRoutes = createRouter();

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

serverEventsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events',
    tags: ['Events'],
    summary: 'Record events from the host backend for named accounts and users (idempotent by id)',
    description:
      'Same storage, deduplication and counters as `POST /v1/events`, up to 1,000 events per batch. ' +
      'An event whose `ts` is more than 24 h ahead or 30 days behind the server clock fails the batch.',
    security: [{ secretKey: [] }],
    request: {
      body: { required: true, content: { 'application/json': { schema: ServerEventBatch } } },
    },
    responses: {
      202: { description: 'Stored', content: { 'application/json': { schema: ServerEventAck } } },
      400: error('Invalid batch: `details.issues` names the event index and field'),
      401: error('Missing or invalid secret key'),
      413: error('Body too large'),
    },
  }),
  async (c) => {
    const { events } = c.req.valid('json');
    const { deps } = c.var;
    const workspaceId = c.var.workspace.row.id;
    const ack = await ingestEvents(deps, { workspaceId, source: 'server', events: withPropsJson(events) });
    const unknownAccounts = await unknownAccountIds(
      deps,
      workspaceId,
      events.map((e) => e.accountId),
    );
    return c.json({ ...ack, unknownAccounts }, 202);
  },
);
