import type { Context } from 'hono';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { BeaconBatch, EventAck, EventBatch } from '../../../shared/events.ts';
import { ApiError } from '../../http/api-error.ts';
import { bearer } from '../../http/middleware/auth.ts';
import { assertOriginAllowed } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import type { AppEnv } from '../../http/types.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { authenticateWidgetCall } from '../../http/widget-guard.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { ingestEvents } from '../../services/ingest.ts';
import { parseEventsFast, withPropsJson } from '../../services/ingest-parse.ts';

export const eventsRoutes = createRouter();

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

// Documented here, served by the plain handler below: one route takes two content types with two
// ways to authenticate (headers, or key and token inside a sendBeacon body).
eventsRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/events',
  tags: ['Widget'],
  summary: 'Record a batch of events (idempotent by event id); 202 once committed',
  description:
    'JSON with `X-Attach-Key` and `Authorization: Bearer <user token>`, or a `text/plain` body ' +
    '(what `navigator.sendBeacon` sends) carrying `key` and `token`. An event whose `ts` is more ' +
    'than 24 h ahead or 30 days behind the server clock fails the whole batch.',
  security: [{ publishableKey: [], userToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: EventBatch },
        'text/plain': { schema: BeaconBatch },
      },
    },
  },
  responses: {
    202: { description: 'Stored', content: { 'application/json': { schema: EventAck } } },
    400: error('Invalid batch: `details.issues` names the event index and field'),
    401: error('Missing or invalid key or user token'),
    429: error(RATE_LIMITED_DESCRIPTION),
    403: error('Origin not allowed for this workspace'),
    413: error('Body too large'),
    415: error('Neither application/json nor text/plain'),
  },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'Request body is not valid JSON');
  }
}

function field(body: unknown, name: 'key' | 'token'): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Authenticates from headers (fetch) or from the body (sendBeacon), then returns the raw batch. */
async function authenticate(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type')?.toLowerCase() ?? '';
  const beacon = type.startsWith('text/plain');
  if (!beacon && !type.startsWith('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send application/json, or text/plain from sendBeacon');
  }
  // Header-authenticated calls are rejected before the body is even read.
  const auth = beacon
    ? undefined
    : await authenticateWidgetCall(c, c.req.header('x-attach-key'), bearer(c.req.header('authorization')));
  const body = parseJson(await c.req.text());
  const { workspace, endUser } =
    auth ?? (await authenticateWidgetCall(c, field(body, 'key'), field(body, 'token')));
  assertOriginAllowed(c, workspace.row);
  c.set('workspace', workspace);
  c.set('endUser', endUser);
  return body;
}

/** `EventBatch`'s limit; a larger batch falls through to zod, which rejects it. */
const MAX_EVENTS = 500;

eventsRoutes.post('/events', async (c) => {
  const raw = await authenticate(c);
  const type = c.req.header('content-type')?.toLowerCase() ?? '';
  // Well-formed batches take the hand-written path; anything else gets zod's exact error (or result).
  const events =
    parseEventsFast(raw, MAX_EVENTS) ??
    withPropsJson(parseOrThrow(type.startsWith('text/plain') ? BeaconBatch : EventBatch, raw).events);
  const { userId, accountId } = c.get('endUser');
  const attributed = events.map((event) => Object.assign(event, { accountId, userId }));
  const ack = await ingestEvents(c.get('deps'), {
    workspaceId: c.get('workspace').row.id,
    source: 'widget',
    events: attributed,
  });
  return c.json(ack, 202);
});
