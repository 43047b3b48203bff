import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CurrentPassword, TwoStepConfirm, TwoStepEnabled, TwoStepSetup } from '../../../shared/console.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { ApiError } from '../../http/api-error.ts';
import { createRouter } from '../../http/router.ts';
import type { AppEnv } from '../../http/types.ts';
import { confirmTwoStep, disableOwnTwoStep, startTwoStep } from '../../services/console-two-step.ts';
import { json, jsonBody } from './route-kit.ts';

/**
 * A console user's own two-step sign-in (any role; OWN_ACCOUNT_ROUTES lets viewers through). For a
 * signed-in console user only: the secret key has no person to ask a code of.
 */
export const twoStepRoutes = createRouter();

const common = { tags: ['Console'] };
const errors = (...statuses: Array<400 | 401 | 403 | 409 | 429>) =>
  Object.fromEntries(statuses.map((s) => [s, json(ErrorEnvelope, 'Refused')]));

function signedIn(c: Context<AppEnv>) {
  const user = c.get('consoleUser');
  if (!user) throw new ApiError(401, 'unauthorized', 'Sign in to the console to set up two-step sign-in');
  return user;
}

twoStepRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/session/two-step',
    summary: 'Start turning on two-step sign-in, with your password: a new secret for your app',
    description:
      'A wrong password answers 400 `validation_failed` on `password` and counts as a failed sign-in ' +
      'for the email. Nothing changes at sign-in until a code of the app is confirmed ' +
      '(`…/two-step/confirm`); starting again gives a new secret. 409 `conflict` when it is on already.',
    request: jsonBody(CurrentPassword),
    responses: {
      201: json(TwoStepSetup, 'The secret, as text and as an otpauth address'),
      ...errors(400, 401, 403, 409, 429),
    },
  }),
  async (c) => {
    const user = signedIn(c);
    const setup = await startTwoStep(c.var.deps, c.var.workspace.row, user, c.req.valid('json').password);
    return c.json(setup, 201);
  },
);

twoStepRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/session/two-step/confirm',
    summary: 'Turn two-step sign-in on with a code of your app; returns recovery codes, shown once',
    description:
      'A code that does not match answers 400 `validation_failed` on `code`. From now on a sign-in ' +
      'asks for a code after the password (401 `two_step_required`); each recovery code works once ' +
      'in place of one.',
    request: jsonBody(TwoStepConfirm),
    responses: { 200: json(TwoStepEnabled, 'On'), ...errors(400, 401, 403, 409) },
  }),
  async (c) => {
    const user = signedIn(c);
    const enabled = await confirmTwoStep(c.var.deps, c.var.workspace.row.id, user, c.req.valid('json').code);
    c.var.log.info('console_two_step_enabled', { workspaceId: c.var.workspace.row.id, userId: user.id });
    return c.json(enabled, 200);
  },
);

twoStepRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/session/two-step',
    summary: 'Turn your two-step sign-in off, with your password',
    description:
      'A wrong password answers 400 `validation_failed` on `password` and counts as a failed sign-in ' +
      'for the email. Off already: 204 all the same. 409 `conflict` while the workspace requires ' +
      'two-step sign-in of everyone (`…/console-users/sign-in-policy`).',
    request: jsonBody(CurrentPassword),
    responses: { 204: { description: 'Off' }, ...errors(400, 401, 403, 409, 429) },
  }),
  async (c) => {
    const user = signedIn(c);
    await disableOwnTwoStep(c.var.deps, c.var.workspace.row, user, c.req.valid('json').password);
    c.var.log.info('console_two_step_disabled', { workspaceId: c.var.workspace.row.id, userId: user.id });
    return c.body(null, 204);
  },
);
