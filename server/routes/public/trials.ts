import { createRoute } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { StartTrialRequest, Trial, TrialList } from '../../../shared/money.ts';
import { publicAuth } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { listTrials, startTrial } from '../../services/trials.ts';

export const trialsRoutes = createRouter();
trialsRoutes.use('/trials', publicAuth);

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});
const common = { tags: ['Widget'], security: [{ publishableKey: [], userToken: [] }] };

trialsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/trials',
    summary: 'Start a guided trial of the product a decision offered',
    description:
      'Grants a time-boxed entitlement (status `trial`) that a purchase later converts in place, and ' +
      'returns the week-by-week plan with its success criteria.',
    request: { body: { required: true, content: { 'application/json': { schema: StartTrialRequest } } } },
    responses: {
      201: { description: 'Trial started', content: { 'application/json': { schema: Trial } } },
      400: error('Invalid request'),
      401: error('Missing or invalid publishable key or user token'),
      429: error(RATE_LIMITED_DESCRIPTION),
      403: error('Not a buyer role or unverified identity'),
      404: error('Unknown decision'),
      409: error('already_owned, already_trialled, prerequisites_missing or not_offered'),
    },
  }),
  async (c) => c.json(await startTrial(c.var.deps, c.var.workspace, c.var.endUser, c.req.valid('json')), 201),
);

trialsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/trials',
    summary: "This account's trials with step progress, success criteria and days left",
    responses: {
      200: { description: 'Trials', content: { 'application/json': { schema: TrialList } } },
      401: error('Missing or invalid publishable key or user token'),
      429: error(RATE_LIMITED_DESCRIPTION),
    },
  }),
  async (c) =>
    c.json({ trials: await listTrials(c.var.deps, c.var.workspace.row.id, c.var.endUser.accountId) }, 200),
);
