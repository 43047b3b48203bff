import { createRoute } from '@hono/zod-openapi';
import { SegmentAck, SegmentMessage, SegmentPayload } from '../../../shared/segment.ts';
import { fromSegment } from '../../domain/segment.ts';
import { createRouter } from '../../http/router.ts';
import { toIssues, validationFailed } from '../../http/validation.ts';
import { unknownAccountIds } from '../../services/host-data-read.ts';
import { ingestEvents } from '../../services/ingest.ts';
import { withPropsJson } from '../../services/ingest-parse.ts';
import { errorResponses, json, secretKeyRoute } from './route-kit.ts';

export const integrationsRoutes = createRouter();

integrationsRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Events'],
    method: 'post',
    path: '/integrations/segment',
    summary: 'Record events as Segment (or RudderStack) sends them to a webhook destination',
    description:
      'Point a Segment webhook destination here with the header `Authorization: Bearer <secret or ' +
      'editor API key>`: one message per request, or `{"batch": [...]}` of up to 1,000. `track` ' +
      'calls become events named after theirs in lower case, other characters as `_` (`Report ' +
      'Exported` → `report_exported`), `page` calls page views (`properties.path`, else ' +
      '`context.page.path`). The account is `context.groupId` (Segment’s group call), else ' +
      '`properties.groupId`, `accountId` or `account_id`; the user `userId`. The event id comes ' +
      'from `messageId`, so Segment’s retries are duplicates. A message that cannot be stored ' +
      '(another call type, no account, out of the 30-day window, a name Attach cannot hold) is ' +
      'skipped and listed with its reason; the others are stored, with the storage, deduplication ' +
      'and counters of `POST /v1/admin/events`.',
    request: { body: { required: true, content: { 'application/json': { schema: SegmentPayload } } } },
    responses: {
      200: json(SegmentAck, 'Stored, with the messages skipped'),
      ...errorResponses(400, 401, 413),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    let messages = body.batch;
    if (!messages) {
      const single = SegmentMessage.safeParse(body);
      if (!single.success) throw validationFailed(toIssues(single.error));
      messages = [single.data];
    }
    const { deps } = c.var;
    const workspaceId = c.var.workspace.row.id;
    const now = deps.now();
    const outcomes = messages.map((m) => fromSegment(m, now));
    const events = outcomes.flatMap((o) => ('event' in o ? [o.event] : []));
    const skipped = outcomes.flatMap((o, index) =>
      'skipped' in o
        ? [{ index, messageId: messages[index]?.messageId ?? '', reason: o.skipped, message: o.message }]
        : [],
    );
    if (events.length === 0) return c.json({ accepted: 0, duplicates: 0, skipped, unknownAccounts: [] }, 200);
    const ack = await ingestEvents(deps, { workspaceId, source: 'server', events: withPropsJson(events) });
    const unknownAccounts = await unknownAccountIds(
      deps,
      workspaceId,
      events.map((e) => e.accountId),
    );
    return c.json({ ...ack, skipped, unknownAccounts }, 200);
  },
);
