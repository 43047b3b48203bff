import { createRoute, z } from '@hono/zod-openapi';
import {
  ConsoleUser,
  ConsoleUserList,
  InviteConsoleUser,
  OtherSessionsSignedOut,
  PasswordReset,
  SignInPolicyPatch,
  SignInPolicyView,
  UpdateConsoleUser,
} from '../../../shared/console.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { SsoUpdate, SsoView } from '../../../shared/sso.ts';
import { secretKeyAuth } from '../../http/middleware/auth.ts';
import { createRouter } from '../../http/router.ts';
import { removeSso, setSso, ssoView } from '../../services/console-sso.ts';
import { resetTwoStep } from '../../services/console-two-step.ts';
import {
  changeRole,
  inviteUser,
  listUsers,
  removeUser,
  resetPassword,
  signOutUser,
} from '../../services/console-users.ts';
import { setSignInPolicy, signInPolicy } from '../../services/sign-in-policy.ts';
import { json } from './route-kit.ts';

export const consoleUsersRoutes = createRouter();
// This router sits before the admin-wide secretKeyAuth, so it brings its own (a no-op after a session).
// Owner-only changes are enforced by the console session middleware (OWNER_ONLY_PREFIXES).
consoleUsersRoutes.use('/console-users', secretKeyAuth);
consoleUsersRoutes.use('/console-users/*', secretKeyAuth);

const errors = {
  400: json(ErrorEnvelope, 'Invalid request'),
  401: json(ErrorEnvelope, 'Not authenticated'),
  403: json(ErrorEnvelope, 'Not an owner'),
};
const security = [{ secretKey: [] }];
const IdParam = z.object({ id: z.uuid() });

consoleUsersRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/console-users',
    tags: ['Console'],
    summary: 'Console users of the workspace',
    security,
    responses: { 200: json(ConsoleUserList, 'Users'), ...errors },
  }),
  async (c) => c.json({ data: await listUsers(c.var.deps.database.db, c.var.workspace.row.id) }, 200),
);

// Before the `{id}` routes: PATCH /console-users/{id} would take `sign-in-policy` for an id.
consoleUsersRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/console-users/sign-in-policy',
    tags: ['Console'],
    summary: 'What every console user must do to sign in, and who has yet to set up two-step sign-in',
    security,
    responses: { 200: json(SignInPolicyView, 'The policy'), ...errors },
  }),
  async (c) => c.json(await signInPolicy(c.var.deps.database.db, c.var.workspace.row.id), 200),
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/console-users/sign-in-policy',
    tags: ['Console'],
    summary: 'Require two-step sign-in of every console user, or end idle sessions (owners only)',
    description:
      'Send the fields to change. Takes effect at once, open sessions included. With `twoStepRequired` ' +
      'a user without two-step sign-in can only set it up or sign out (403 `two_step_setup_required` ' +
      'for anything else), and cannot turn theirs off; from the console you must have it on yourself ' +
      'first (409 `conflict`). With `idleMinutes` a session unused that long ends (401 on its next call).',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: SignInPolicyPatch } } } },
    responses: {
      200: json(SignInPolicyView, 'The policy now'),
      409: json(ErrorEnvelope, 'You have no two-step sign-in yourself'),
      ...errors,
    },
  }),
  async (c) => {
    const actor = { name: c.var.actor, consoleUserId: c.get('consoleUser')?.id };
    const policy = await c.var.deps.database.db.transaction((tx) =>
      setSignInPolicy(tx, c.var.workspace.row.id, actor, c.req.valid('json')),
    );
    c.var.log.info('sign_in_policy_updated', { workspaceId: c.var.workspace.row.id, by: c.var.actor });
    return c.json(policy, 200);
  },
);

// Also before the `{id}` routes, as sign-in-policy is.
consoleUsersRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/console-users/sso',
    tags: ['Console'],
    summary:
      "The workspace's single sign-on (OpenID Connect), the redirect URI to register and the sign-in link",
    security,
    responses: { 200: json(SsoView, 'Single sign-on'), ...errors },
  }),
  async (c) => c.json(await ssoView(c.var.deps, c.var.deps.database.db, c.var.workspace.row.id), 200),
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/console-users/sso',
    tags: ['Console'],
    summary: 'Set single sign-on with an OpenID Connect provider (owners only)',
    description:
      "The issuer's discovery document is read first: one that cannot be read, or names another " +
      'issuer, is refused with 400 `sso_discovery_failed`. `clientSecret` is needed the first time and ' +
      'replaces the stored one when sent. With `required`, editors and viewers can no longer sign in ' +
      'with a password (403 `sso_required`); owners can.',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: SsoUpdate } } } },
    responses: { 200: json(SsoView, 'Single sign-on now'), ...errors },
  }),
  async (c) => {
    const view = await setSso(c.var.deps, c.var.workspace.row.id, c.var.actor, c.req.valid('json'));
    c.var.log.info('sso_updated', { workspaceId: c.var.workspace.row.id, by: c.var.actor });
    return c.json(view, 200);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/console-users/sso',
    tags: ['Console'],
    summary: 'Remove single sign-on: everyone signs in with their password again (owners only)',
    security,
    responses: { 204: { description: 'Removed' }, 404: json(ErrorEnvelope, 'None set'), ...errors },
  }),
  async (c) => {
    await removeSso(c.var.deps, c.var.workspace.row.id, c.var.actor);
    c.var.log.info('sso_removed', { workspaceId: c.var.workspace.row.id, by: c.var.actor });
    return c.body(null, 204);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/console-users',
    tags: ['Console'],
    summary: 'Add a console user with an initial password (owners only)',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: InviteConsoleUser } } } },
    responses: { 201: json(ConsoleUser, 'Created'), 409: json(ErrorEnvelope, 'Email taken'), ...errors },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const user = await c.var.deps.database.db.transaction((tx) =>
      inviteUser(tx, c.var.workspace.row.id, input, c.var.actor),
    );
    c.var.log.info('console_user_added', { workspaceId: c.var.workspace.row.id, by: c.var.actor });
    return c.json(user, 201);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/console-users/{id}',
    tags: ['Console'],
    summary: "Change a console user's role (owners only; one owner always remains)",
    security,
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: UpdateConsoleUser } } },
    },
    responses: {
      200: json(ConsoleUser, 'Updated'),
      404: json(ErrorEnvelope, 'No such user'),
      409: json(ErrorEnvelope, 'Last owner'),
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const user = await c.var.deps.database.db.transaction((tx) =>
      changeRole(tx, c.var.workspace.row.id, id, role, c.var.actor),
    );
    return c.json(user, 200);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/console-users/{id}',
    tags: ['Console'],
    summary: 'Remove a console user and end their sessions (owners only)',
    security,
    request: { params: IdParam },
    responses: {
      204: { description: 'Removed' },
      404: json(ErrorEnvelope, 'No such user'),
      409: json(ErrorEnvelope, 'Last owner'),
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    await c.var.deps.database.db.transaction((tx) => removeUser(tx, c.var.workspace.row.id, id, c.var.actor));
    return c.body(null, 204);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/console-users/{id}/password',
    tags: ['Console'],
    summary: "Set a colleague's password, for one who forgot theirs (owners only); their sessions end",
    description:
      'Pass the new password on privately; they can change it under Your account. Not for your own ' +
      'password (409): that is `PUT /v1/admin/session/password`, with the current one.',
    security,
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: PasswordReset } } },
    },
    responses: {
      204: { description: 'Set' },
      404: json(ErrorEnvelope, 'No such user'),
      409: json(ErrorEnvelope, 'Your own password'),
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { password } = c.req.valid('json');
    const by = { id: c.get('consoleUser')?.id, actor: c.var.actor };
    await c.var.deps.database.db.transaction((tx) =>
      resetPassword(tx, c.var.workspace.row.id, id, password, by),
    );
    c.var.log.info('console_password_reset', { workspaceId: c.var.workspace.row.id, userId: id });
    return c.body(null, 204);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/console-users/{id}/two-step',
    tags: ['Console'],
    summary:
      "Turn a colleague's two-step sign-in off, for one who lost their authenticator app (owners only)",
    description:
      'They sign in with their password alone again and can set up another app under Your account. ' +
      'Off already: answered as it is.',
    security,
    request: { params: IdParam },
    responses: { 200: json(ConsoleUser, 'Off'), 404: json(ErrorEnvelope, 'No such user'), ...errors },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const user = await c.var.deps.database.db.transaction((tx) =>
      resetTwoStep(tx, c.var.workspace.row.id, id, c.var.actor),
    );
    c.var.log.info('console_two_step_reset', { workspaceId: c.var.workspace.row.id, userId: id });
    return c.json(user, 200);
  },
);

consoleUsersRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/console-users/{id}/sessions',
    tags: ['Console'],
    summary: 'Sign a colleague out everywhere, for a laptop lost or left signed in (owners only)',
    description:
      'Every session of theirs ends at once; their password and two-step sign-in stay. Not for your ' +
      'own sessions (409): that is `DELETE /v1/admin/session/others`.',
    security,
    request: { params: IdParam },
    responses: {
      200: json(OtherSessionsSignedOut, 'How many sessions ended'),
      404: json(ErrorEnvelope, 'No such user'),
      409: json(ErrorEnvelope, 'Your own sessions'),
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const by = { id: c.get('consoleUser')?.id, actor: c.var.actor };
    const signedOut = await c.var.deps.database.db.transaction((tx) =>
      signOutUser(tx, c.var.workspace.row.id, id, by),
    );
    c.var.log.info('console_user_signed_out', { workspaceId: c.var.workspace.row.id, userId: id, signedOut });
    return c.json({ signedOut }, 200);
  },
);
