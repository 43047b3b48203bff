import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type {
  ConsoleRole,
  ConsoleSession,
  ConsoleUser,
  LoginRequest,
  OtherSessions,
  PasswordChange,
} from '../../shared/console.ts';
import { sha256 } from '../crypto.ts';
import type { Database, Tx } from '../db/client.ts';
import {
  type ConsoleUserRow,
  clearLoginFailures,
  deleteConsoleSession,
  deleteExpiredSessionsOfUser,
  deleteOtherSession,
  deleteSessionsOfUser,
  deleteStaleSignInState,
  type FailureSubject,
  findConsoleUser,
  findConsoleUsersByEmail,
  findLiveSession,
  insertConsoleSession,
  insertConsoleUser,
  listOtherSessions,
  loginLockedUntil,
  recordLoginFailure,
  setConsoleUserPassword,
  touchSession,
} from '../db/queries/console.ts';
import { findSso } from '../db/queries/console-sso.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';
import { recordAudit } from './audit.ts';
import { checkSecondStep } from './console-second-step.ts';

/** Sessions end 12 hours after sign-in: a working day, after which the console asks again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** scrypt cost: N=2^15 takes ~50 ms and 32 MiB, well above OWASP's minimum (N=2^17 with r=8 is heavier). */
const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 64 };
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, length: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { N, r, p, maxmem: SCRYPT_MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` with a fresh 16-byte salt per user; parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/** Hashed once and used when no user matches, so a wrong email costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function toConsoleUser(row: ConsoleUserRow): ConsoleUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    twoStep: row.twoStepAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Creates a console user (the operator's first owner, an invited colleague, the demo's owner).
 *
 * @example
 * await createConsoleUser(tx, workspaceId, { email: 'pm@acme.test', password: 'correct horse battery', role: 'owner' });
 */
export async function createConsoleUser(
  tx: Tx,
  workspaceId: string,
  input: { email: string; password: string; role: ConsoleRole; name?: string },
): Promise<ConsoleUser> {
  const row = await insertConsoleUser(tx, {
    workspaceId,
    email: input.email.trim().toLowerCase(),
    name: input.name ?? '',
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  if (!row)
    throw new ApiError(409, 'conflict', 'A console user with this email already exists in the workspace');
  return toConsoleUser(row);
}

async function authenticate(tx: Tx, input: LoginRequest): Promise<ConsoleUserRow> {
  const candidates = await findConsoleUsersByEmail(tx, input.email, input.workspaceId);
  if (candidates.length === 0) {
    decoyHash ??= hashPassword(randomUUID());
    await verifyPassword(input.password, await decoyHash);
  }
  const matches: ConsoleUserRow[] = [];
  for (const user of candidates) {
    if (await verifyPassword(input.password, user.passwordHash)) matches.push(user);
  }
  const [only, ...others] = matches;
  if (!only) throw new ApiError(401, 'unauthorized', 'Wrong email or password');
  if (others.length > 0) {
    throw new ApiError(409, 'conflict', 'This email belongs to several workspaces; choose one', {
      workspaceIds: matches.map((m) => m.workspaceId),
    });
  }
  return only;
}

export interface StartedSession {
  token: string;
  session: ConsoleSession;
}

/** Sign-in lockout: this many failures for one email within the window lock it for LOCK_MS. */
export const LOGIN_LIMITS = { max: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/**
 * The same per client address, looser: one office behind a NAT shares an address, but no office
 * mistypes 50 passwords in 15 minutes; a script trying many emails from one address does.
 */
export const ADDRESS_LOGIN_LIMITS = { max: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Expired sessions and failure counts whose window and lockout have ended; the rows deleted. */
export function pruneSignInState(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const window = Math.max(LOGIN_LIMITS.windowMs, ADDRESS_LOGIN_LIMITS.windowMs);
  return deleteStaleSignInState(deps.database, now, new Date(now.getTime() - window));
}

export function lockedOut(lockedUntil: Date, now: Date, message: string): ApiError {
  const retryAfterSeconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
  return new ApiError(429, 'rate_limited', message, { retryAfterSeconds });
}

/**
 * Signs in with the lockouts around it: a locked email or client address gets 429 `rate_limited`
 * (with the seconds to wait in `details.retryAfterSeconds`) before any password is checked; a wrong
 * password is counted against both outside the failed transaction, so the counts survive its
 * rollback. A success clears the email's count only — an attacker holding one valid account must
 * not be able to reset the count of the address it sprays other emails from. `address` is unknown
 * for in-process calls; then only the email counts.
 */
export async function signIn(
  deps: Pick<AppDeps, 'now' | 'database' | 'secretBox'>,
  input: LoginRequest,
  address?: string,
  userAgent?: string,
): Promise<StartedSession> {
  const { database } = deps;
  const now = deps.now();
  const email: FailureSubject = { kind: 'email', value: input.email };
  const client: FailureSubject | undefined =
    address === undefined ? undefined : { kind: 'address', value: address };
  const [emailLock, addressLock] = await Promise.all([
    loginLockedUntil(database, email, now),
    client ? loginLockedUntil(database, client, now) : null,
  ]);
  if (addressLock)
    throw lockedOut(addressLock, now, 'Too many failed sign-ins from this address; try again later');
  if (emailLock) throw lockedOut(emailLock, now, 'Too many failed sign-ins for this email; try again later');
  try {
    const started = await database.db.transaction((tx) => login(deps, tx, input, { address, userAgent }));
    await clearLoginFailures(database, email);
    return started;
  } catch (err) {
    // Asking for the second step is no failure: the password was right.
    if (err instanceof ApiError && err.status === 401 && err.code !== 'two_step_required') {
      const [lockedUntil] = await Promise.all([
        recordLoginFailure(database, email, now, LOGIN_LIMITS),
        client ? recordLoginFailure(database, client, now, ADDRESS_LOGIN_LIMITS) : undefined,
      ]);
      await recordFailedSignIn(
        database,
        input,
        address,
        lockedUntil && lockedUntil > now ? lockedUntil : null,
      );
    }
    throw err;
  }
}

/**
 * A wrong password (or two-step code) for a console user's email, in the audit log of each
 * workspace the email has a user in (of the one named, if any), with the client address and the
 * lockout it caused: the owner
 * sees someone trying their colleagues' accounts. An email of no user is nobody's to log, and calls
 * refused by a lockout check no password, so a spray adds at most the lockout's count of entries.
 */
async function recordFailedSignIn(
  database: Database,
  input: LoginRequest,
  address: string | undefined,
  lockedUntil: Date | null,
) {
  await database.db.transaction(async (tx) => {
    for (const user of await findConsoleUsersByEmail(tx, input.email, input.workspaceId)) {
      await recordAudit(tx, user.workspaceId, user.email, {
        action: 'console_user.sign_in_failed',
        target: { type: 'console_user', id: user.id, name: user.email },
        details: { address: address ?? null, lockedUntil: lockedUntil?.toISOString() ?? null },
      });
    }
  });
}

/**
 * Checks the password and opens a session. Where the workspace requires single sign-on, only an
 * owner may sign in with a password (a broken provider must not lock everyone out); asked after
 * the password, so the refusal tells nothing to someone guessing it.
 */
async function login(
  deps: Pick<AppDeps, 'now' | 'secretBox'>,
  tx: Tx,
  input: LoginRequest,
  client: SessionClient,
): Promise<StartedSession> {
  const user = await authenticate(tx, input);
  if (user.role !== 'owner' && (await findSso(tx, user.workspaceId))?.required) {
    throw new ApiError(403, 'sso_required', 'Your workspace signs in with single sign-on', {
      workspaceId: user.workspaceId,
    });
  }
  const secondStep = await checkSecondStep(deps, tx, user, input.code, deps.now());
  return openSession(deps, tx, user, client, secondStep ? { twoStep: secondStep } : {});
}

/** Where a sign-in comes from, for the session list and the audit log. */
export interface SessionClient {
  address?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Opens a console session for a user whose sign-in succeeded; only the SHA-256 of the cookie's
 * token is stored. The audit log records the sign-in with the client address (when known) and
 * `how` (two-step, single sign-on) in the same transaction.
 */
export async function openSession(
  deps: Pick<AppDeps, 'now'>,
  tx: Tx,
  user: ConsoleUserRow,
  client: SessionClient,
  how: { twoStep?: string; sso?: true },
): Promise<StartedSession> {
  const { address } = client;
  const now = deps.now();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deleteExpiredSessionsOfUser(tx, user.workspaceId, user.id, now);
  await insertConsoleSession(tx, {
    workspaceId: user.workspaceId,
    tokenHash: sha256(token),
    userId: user.id,
    csrfToken,
    expiresAt,
    address,
    // Enough to name the browser and system; a header can be any length.
    userAgent: client.userAgent?.slice(0, 400),
    viaSso: how.sso === true,
  });
  await recordAudit(tx, user.workspaceId, user.email, {
    action: 'console_user.signed_in',
    target: { type: 'console_user', id: user.id, name: user.email },
    details: { address: address ?? null, ...how },
  });
  const live = await findLiveSession(tx, sha256(token), now);
  if (!live) throw new Error('session vanished right after insert');
  return { token, session: describeSession(live) };
}

export type LiveSession = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

export function describeSession(live: LiveSession): ConsoleSession {
  return {
    user: toConsoleUser(live.user),
    workspace: {
      id: live.workspace.id,
      name: live.workspace.name,
      twoStepRequired: live.workspace.consoleTwoStepRequired,
    },
    csrfToken: live.session.csrfToken,
    expiresAt: live.session.expiresAt.toISOString(),
    viaSso: live.session.viaSso,
  };
}

/** How stale a session's `last_seen_at` may get: a write per call would cost more than it tells. */
const SEEN_EVERY_MS = 5 * 60_000;

/**
 * Under an idle limit, `last_seen_at` is what the limit counts from: noted often enough that a
 * session in use is never ended more than a fifteenth of the limit early (a minute of 15).
 */
const seenEveryMs = (idleMinutes: number | null) =>
  idleMinutes === null ? SEEN_EVERY_MS : Math.min(SEEN_EVERY_MS, (idleMinutes * 60_000) / 15);

/** The live session of a cookie's token, noting the call as its latest (see seenEveryMs). */
export async function resumeSession(tx: Tx, token: string, now: Date): Promise<LiveSession | undefined> {
  if (token.length > 200) return undefined;
  const live = await findLiveSession(tx, sha256(token), now);
  const { session } = live ?? {};
  const every = seenEveryMs(live?.workspace.consoleIdleMinutes ?? null);
  if (session && now.getTime() - (session.lastSeenAt ?? session.createdAt).getTime() >= every) {
    await touchSession(tx, session.workspaceId, session.tokenHash, now);
  }
  return live;
}

export async function logout(tx: Tx, token: string): Promise<void> {
  await deleteConsoleSession(tx, sha256(token));
}

/**
 * A signed-in user changes their own password. The current one is checked first, and a wrong one
 * counts against the email's sign-in lockout (a stolen session must not become a password oracle);
 * the new one replaces it and ends the user's other sessions, this one staying, with an audit entry.
 */
export async function changePassword(
  deps: Pick<AppDeps, 'now' | 'database'>,
  workspaceId: string,
  user: { id: string; email: string },
  sessionToken: string,
  input: PasswordChange,
): Promise<void> {
  const { database } = deps;
  const now = deps.now();
  const email: FailureSubject = { kind: 'email', value: user.email };
  const locked = await loginLockedUntil(database, email, now);
  if (locked) throw lockedOut(locked, now, 'Too many wrong passwords for this email; try again later');
  const row = await findConsoleUser(database.db, workspaceId, user.id);
  if (!row) throw new ApiError(401, 'unauthorized', 'Your console session has expired; sign in again');
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    await recordLoginFailure(database, email, now, LOGIN_LIMITS);
    throw validationFailed([
      { path: ['currentPassword'], message: 'Not your current password', code: 'custom' },
    ]);
  }
  if (input.newPassword === input.currentPassword) {
    throw validationFailed([
      { path: ['newPassword'], message: 'Choose a password other than the current one', code: 'custom' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await database.db.transaction(async (tx) => {
    await setConsoleUserPassword(tx, workspaceId, user.id, passwordHash);
    await deleteSessionsOfUser(tx, workspaceId, user.id, sha256(sessionToken));
    await recordAudit(tx, workspaceId, user.email, {
      action: 'console_user.password_changed',
      target: { type: 'console_user', id: user.id, name: user.email },
    });
  });
}

/** Ends every console session of the user but the one calling: how many ended. */
export function signOutOtherSessions(
  deps: Pick<AppDeps, 'database'>,
  workspaceId: string,
  userId: string,
  sessionToken: string,
): Promise<number> {
  return deleteSessionsOfUser(deps.database.db, workspaceId, userId, sha256(sessionToken));
}

/** The user's sessions but this one: when and where each signed in, and when it was last used. */
export async function otherSessions(
  deps: Pick<AppDeps, 'database' | 'now'>,
  who: { workspaceId: string; userId: string },
  sessionToken: string,
): Promise<OtherSessions> {
  const rows = await listOtherSessions(
    deps.database.db,
    { ...who, exceptTokenHash: sha256(sessionToken) },
    deps.now(),
  );
  return {
    data: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
    })),
  };
}

/** Ends one of the user's other sessions (a laptop left signed in); 404 when there is none such. */
export async function endOtherSession(
  deps: Pick<AppDeps, 'database'>,
  who: { workspaceId: string; userId: string },
  sessionToken: string,
  id: string,
): Promise<void> {
  const gone = await deleteOtherSession(
    deps.database.db,
    { ...who, exceptTokenHash: sha256(sessionToken) },
    id,
  );
  if (!gone) throw notFound('Session');
}
