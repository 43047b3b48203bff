import { createRoute } from '@hono/zod-openapi';
import {
  SEGMENT_SKIPS_KEPT_DAYS,
  SEGMENT_SKIPS_KEPT_MAX,
  SEGMENT_SKIPS_PER_MINUTE,
  SegmentAck,
  SegmentMessage,
  SegmentPayload,
  SegmentSkipPage,
  SegmentSkipQuery,
} from '../../../shared/segment.ts';
import { createRouter } from '../../http/router.ts';
import { toIssues, validationFailed } from '../../http/validation.ts';
import { receiveSegment } from '../../services/segment.ts';
import { segmentSkipsPage } from '../../services/segment-skips.ts';
import { errorResponses, json, secretKeyRoute } from './route-kit.ts';

export const integrationsRoutes = createRouter();

integrationsRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Events'],
    method: 'post',
    path: '/integrations/segment',
    summary:
      'Record events, accounts and users as Segment (or RudderStack) sends them to a webhook destination',
    description:
      'Point a Segment webhook destination here with the header `Authorization: Bearer <a data sync ' +
      '(or editor) API key>`: one message per request, or `{"batch": [...]}` of up to 1,000. `track` ' +
      'calls become events named after theirs in lower case, other characters as `_` (`Report ' +
      'Exported` → `report_exported`), `page` calls page views (`properties.path`, else ' +
      '`context.page.path`); their account is `context.groupId` (Segment’s group call), else ' +
      '`properties.groupId`, `accountId` or `account_id`, their user `userId`, and their id comes ' +
      'from `messageId`, so Segment’s retries are duplicates. `group` calls create or update the ' +
      'account `groupId` (`traits.name`, `plan`, `industry`, `segment`; other traits as attributes), ' +
      '`identify` calls the user `userId` in the account of `context.groupId` (or `traits.accountId`; ' +
      'it must exist by then, so send group calls first), with `traits.email`, `name`, `role`, the ' +
      'context’s `locale` and other traits as attributes. A message that cannot be stored (another ' +
      'call type, no account, out of the 30-day window, a value Attach cannot hold) is skipped and ' +
      'listed with its reason (and kept for `GET /integrations/segment/skipped`); the others are stored.',
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
    return c.json(await receiveSegment(c.var.deps, c.var.workspace.row.id, messages), 200);
  },
);

integrationsRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Events'],
    method: 'get',
    path: '/integrations/segment/skipped',
    summary: 'The Segment messages recently skipped, with the reason; newest first',
    description:
      'Each message a Segment request carried that was not stored, with Segment’s `messageId` (to ' +
      'find it in Segment’s debugger), its call type, a track call’s event name, the reason and what ' +
      `to change. Kept ${SEGMENT_SKIPS_KEPT_DAYS} days, at most the newest ${SEGMENT_SKIPS_KEPT_MAX}; ` +
      `each server keeps at most ${SEGMENT_SKIPS_PER_MINUTE} a minute per workspace. Filter by ` +
      '`reason` or `since`.',
    request: { query: SegmentSkipQuery },
    responses: { 200: json(SegmentSkipPage, 'A page of skipped messages'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await segmentSkipsPage(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);
