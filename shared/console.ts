import { z } from 'zod';

/** What a console user may do: owners also manage users and keys; viewers change nothing. */
export const ConsoleRole = z.enum(['owner', 'editor', 'viewer']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export const ConsoleEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'a valid email address' }));

/** Long enough to resist guessing; capped so hashing stays cheap to attempt. */
export const ConsolePassword = z.string().min(10, 'at least 10 characters').max(200);

/** The first owner of a workspace, created together with it by the operator. */
export const ConsoleOwner = z.object({ email: ConsoleEmail, password: ConsolePassword });

/**
 * Console sign-in. `workspaceId` is only needed when one email belongs to several workspaces.
 *
 * @example
 * await fetch('/v1/admin/session', { method: 'POST', body: JSON.stringify({ email, password }) });
 */
export const LoginRequest = z
  .object({
    email: ConsoleEmail,
    password: z.string().min(1).max(200),
    workspaceId: z.string().min(1).max(100).optional(),
    /**
     * For a user with two-step sign-in on: the 6-digit code of their authenticator app, or one of
     * their recovery codes. Without it their sign-in answers 401 `two_step_required`.
     */
    code: z.string().trim().min(6).max(40).optional(),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ConsoleUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: ConsoleRole,
    /** Two-step sign-in is on: a code from an authenticator app is asked after the password. */
    twoStep: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ConsoleUser' });
export type ConsoleUser = z.infer<typeof ConsoleUser>;

/** The signed-in user; `csrfToken` must be sent as `X-CSRF-Token` on every non-GET call. */
export const ConsoleSession = z
  .object({
    user: ConsoleUser,
    workspace: z.object({
      id: z.string(),
      name: z.string(),
      /** Every console user must have two-step sign-in on (SignInPolicy). */
      twoStepRequired: z.boolean(),
    }),
    csrfToken: z.string(),
    expiresAt: z.iso.datetime(),
    /**
     * Signed in through the workspace's single sign-on (shared/sso.ts): the identity provider did
     * the second factor, so a two-step requirement does not hold this session back.
     */
    viaSso: z.boolean(),
  })
  .meta({ id: 'ConsoleSession' });
export type ConsoleSession = z.infer<typeof ConsoleSession>;

/** An owner adds a colleague with an initial password they pass on out of band. */
export const InviteConsoleUser = z
  .object({
    email: ConsoleEmail,
    name: z.string().trim().max(200).default(''),
    password: ConsolePassword,
    role: ConsoleRole,
  })
  .meta({ id: 'InviteConsoleUser' });
export type InviteConsoleUser = z.infer<typeof InviteConsoleUser>;

/** A signed-in console user changes their own password; their other sessions end. */
export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: ConsolePassword })
  .meta({ id: 'PasswordChange' });
export type PasswordChange = z.infer<typeof PasswordChange>;

/** `DELETE /v1/admin/session/others`: the user's other sessions, ended. */
export const OtherSessionsSignedOut = z
  .object({ signedOut: z.number().int() })
  .meta({ id: 'OtherSessionsSignedOut' });

/** One of the signed-in user's other sessions, to tell it apart and perhaps end it. */
export const OtherSession = z
  .object({
    id: z.uuid(),
    /** When it signed in. */
    createdAt: z.iso.datetime(),
    /** Its last call, to within five minutes (a fifteenth of the idle limit, when one is set). */
    lastSeenAt: z.iso.datetime(),
    /** The client address it signed in from (behind a proxy, as ATTACH_TRUSTED_PROXIES allows). */
    address: z.string().nullable(),
    /** The browser's User-Agent header at sign-in. */
    userAgent: z.string().nullable(),
    /** Signed in through the workspace's single sign-on rather than with a password. */
    viaSso: z.boolean(),
  })
  .meta({ id: 'OtherSession' });
export type OtherSession = z.infer<typeof OtherSession>;

/** `GET /v1/admin/session/others`: the user's other live sessions, the last used first. */
export const OtherSessions = z.object({ data: z.array(OtherSession) }).meta({ id: 'OtherSessions' });
export type OtherSessions = z.infer<typeof OtherSessions>;

/** An owner sets a colleague's password (one who forgot theirs); all their sessions end. */
export const PasswordReset = z.object({ password: ConsolePassword }).meta({ id: 'PasswordReset' });

export const UpdateConsoleUser = z.object({ role: ConsoleRole }).meta({ id: 'UpdateConsoleUser' });

/** A console user as the users list shows it: with when they last signed in (from the audit log). */
export const ConsoleUserListItem = ConsoleUser.extend({
  /** null: never, or not since the audit log began (migration 0023). */
  lastSignedInAt: z.iso.datetime().nullable(),
}).meta({ id: 'ConsoleUserListItem' });
export type ConsoleUserListItem = z.infer<typeof ConsoleUserListItem>;

export const ConsoleUserList = z
  .object({ data: z.array(ConsoleUserListItem) })
  .meta({ id: 'ConsoleUserList' });

/**
 * Turning two-step sign-in on, step one (`POST /v1/admin/session/two-step`, with the password: a
 * session left open must not be enough to tie the account to someone else's app): a new secret for
 * the authenticator app, as text to type and as the `otpauth://` address a QR code would carry.
 * Nothing changes at sign-in until a code from it is confirmed.
 */
export const TwoStepSetup = z.object({ secret: z.string(), uri: z.string() }).meta({ id: 'TwoStepSetup' });
export type TwoStepSetup = z.infer<typeof TwoStepSetup>;

/** Step two (`POST /v1/admin/session/two-step/confirm`): a code the app shows for that secret. */
export const TwoStepConfirm = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9]{6}$/, 'the 6-digit code your app shows'),
  })
  .meta({ id: 'TwoStepConfirm' });
export type TwoStepConfirm = z.infer<typeof TwoStepConfirm>;

/** Two-step sign-in is on: recovery codes, each good once in place of a code, shown this once. */
export const TwoStepEnabled = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'TwoStepEnabled' });
export type TwoStepEnabled = z.infer<typeof TwoStepEnabled>;

/** Starting to turn one's own two-step sign-in on, and turning it off, take the password. */
export const CurrentPassword = z
  .object({ password: z.string().min(1).max(200) })
  .meta({ id: 'CurrentPassword' });
export type CurrentPassword = z.infer<typeof CurrentPassword>;

/** The choices of inactivity after which a console session ends: 15 minutes to a day. */
export const MIN_IDLE_MINUTES = 15;
export const MAX_IDLE_MINUTES = 24 * 60;

/**
 * What every console user of the workspace must do to sign in and stay signed in. Changed with
 * `PATCH /v1/admin/console-users/sign-in-policy` (owners), the fields to change alone.
 *
 * @example
 * { "twoStepRequired": true, "idleMinutes": 60 }
 */
export const SignInPolicy = z
  .object({
    /**
     * Every console user must have two-step sign-in on. One without it, once signed in with their
     * password, can only set it up (or sign out) until they have: every other call answers 403
     * `two_step_setup_required`. The owner turning it on must have it on themselves.
     */
    twoStepRequired: z.boolean(),
    /**
     * A session not used for this many minutes ends (to within a fifteenth of them), as well as 12 hours after
     * sign-in; null: only then.
     */
    idleMinutes: z.number().int().min(MIN_IDLE_MINUTES).max(MAX_IDLE_MINUTES).nullable(),
  })
  .meta({ id: 'SignInPolicy' });
export type SignInPolicy = z.infer<typeof SignInPolicy>;

export const SignInPolicyPatch = SignInPolicy.partial()
  .refine((p) => Object.keys(p).length > 0, 'Name at least one of twoStepRequired and idleMinutes')
  .meta({ id: 'SignInPolicyPatch' });
export type SignInPolicyPatch = z.infer<typeof SignInPolicyPatch>;

/** The policy with who it holds back: users who still have to set up two-step sign-in. */
export const SignInPolicyView = SignInPolicy.extend({
  usersWithoutTwoStep: z.array(z.object({ id: z.uuid(), email: z.string() })),
}).meta({ id: 'SignInPolicyView' });
export type SignInPolicyView = z.infer<typeof SignInPolicyView>;

/** The header carrying the double-submit CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';
