import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { z } from 'zod';
import {
  SSO_CALLBACK_PATH,
  SSO_START_PATH,
  type SsoErrorCode,
  type SsoUpdate,
  type SsoView,
} from '../../shared/sso.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import { findConsoleUsersByEmail } from '../db/queries/console.ts';
import {
  deleteSso,
  findSso,
  insertSsoLogin,
  pendingSsoLogins,
  type SsoRow,
  takeSsoLogin,
  upsertSso,
} from '../db/queries/console-sso.ts';
import { findWorkspaceById } from '../db/queries/workspaces.ts';
import { roleFromGroups } from '../domain/sso-roles.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { auditUpdate, recordAudit } from './audit.ts';
import { openSession, type SessionClient, type StartedSession } from './console-auth.ts';
import { changeRole, inviteUser } from './console-users.ts';
import { providerJson } from './sso-http.ts';

/** How long a person has at their identity provider before the sign-in must start again. */
const LOGIN_TTL_MS = 10 * 60_000;
/**
 * Sign-ins a workspace may have under way at once. Anyone can begin one (it takes no credentials),
 * and each is a row until it expires: past this many, more wait for some to complete or expire.
 */
export const MAX_PENDING_LOGINS = 500;
/** How long a provider's discovery document and keys are reused before they are read again. */
const PROVIDER_TTL_MS = 10 * 60_000;

/** A sign-in that did not complete, with the code the console explains it by. */
export class SsoFailure extends Error {
  constructor(
    readonly code: SsoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});

interface Provider {
  /** As its discovery document spells it: what its id tokens' `iss` must be, byte for byte. */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  keys: ReturnType<typeof createLocalJWKSet>;
  readAt: number;
}

/** Per issuer; a verification failing on an unknown key reads the provider again (key rotation). */
const providers = new Map<string, Provider>();

const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** The provider's endpoints and keys, from its discovery document (cached PROVIDER_TTL_MS). */
async function provider(deps: AppDeps, issuer: string, fresh = false): Promise<Provider> {
  const cached = providers.get(issuer);
  if (cached && !fresh && Date.now() - cached.readAt < PROVIDER_TTL_MS) return cached;
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const parsed = Discovery.safeParse(await providerJson(url, deps.config));
  if (!parsed.success) throw new Error(`${url} is not an OpenID Connect discovery document`);
  const doc = parsed.data;
  if (!sameIssuer(doc.issuer, issuer)) {
    throw new Error(`${url} names another issuer (${doc.issuer}); use exactly that one`);
  }
  const jwks = (await providerJson(doc.jwks_uri, deps.config)) as JSONWebKeySet;
  const read: Provider = {
    issuer: doc.issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    keys: createLocalJWKSet(jwks),
    readAt: Date.now(),
  };
  providers.set(issuer, read);
  return read;
}

const base = (deps: AppDeps) => deps.config.publicUrl.replace(/\/+$/, '');
export const redirectUri = (deps: AppDeps) => `${base(deps)}${SSO_CALLBACK_PATH}`;

/** The settings as the console shows them and the audit log records them: never the secret. */
const shown = (row: SsoRow) => ({
  issuer: row.issuer,
  clientId: row.clientId,
  emailDomains: row.emailDomains,
  defaultRole: row.defaultRole,
  required: row.required,
  groupsClaim: row.groupsClaim,
  groupRoles: row.groupRoles,
  clientSecretHint: row.clientSecretHint,
});

export async function ssoView(deps: AppDeps, tx: Tx, workspaceId: string): Promise<SsoView> {
  const row = await findSso(tx, workspaceId);
  return {
    settings: row ? { ...shown(row), updatedAt: row.updatedAt.toISOString() } : null,
    redirectUri: redirectUri(deps),
    signInUrl: `${base(deps)}${SSO_START_PATH}?workspace=${workspaceId}`,
  };
}

/**
 * An owner sets the workspace's single sign-on. The issuer's discovery document is read first
 * (outside any transaction), so a mistyped issuer or an unreachable provider is refused with 400
 * `sso_discovery_failed` rather than found out at everyone's next sign-in.
 */
export async function setSso(
  deps: AppDeps,
  workspaceId: string,
  actor: string,
  input: SsoUpdate,
): Promise<SsoView> {
  try {
    await provider(deps, input.issuer, true);
  } catch (err) {
    throw new ApiError(
      400,
      'sso_discovery_failed',
      `The issuer could not be used: ${(err as Error).message}`,
    );
  }
  return deps.database.db.transaction(async (tx) => {
    const workspace = await findWorkspaceById(tx, workspaceId);
    if (!workspace) throw notFound('Workspace');
    const before = await findSso(tx, workspaceId);
    if (!before && input.clientSecret === undefined) {
      throw new ApiError(400, 'validation_failed', 'body.clientSecret: needed to set up single sign-on', {
        target: 'body',
        issues: [{ path: ['clientSecret'], message: 'needed to set up single sign-on' }],
      });
    }
    const row: SsoRow = {
      workspaceId,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretEnc: input.clientSecret
        ? deps.secretBox.seal(input.clientSecret)
        : (before?.clientSecretEnc ?? ''),
      clientSecretHint: input.clientSecret ? input.clientSecret.slice(-4) : (before?.clientSecretHint ?? ''),
      emailDomains: [...new Set(input.emailDomains)],
      defaultRole: input.defaultRole,
      required: input.required,
      groupsClaim: input.groupsClaim,
      groupRoles: input.groupRoles,
      updatedAt: deps.now(),
    };
    await upsertSso(tx, row);
    await auditUpdate(tx, workspaceId, actor, {
      action: 'sso.updated',
      target: { type: 'workspace', id: workspaceId, name: workspace.name },
      before: before ? shown(before) : {},
      after: { ...shown(row), ...(input.clientSecret ? { clientSecretReplaced: true } : {}) },
    });
    return ssoView(deps, tx, workspaceId);
  });
}

export async function removeSso(deps: AppDeps, workspaceId: string, actor: string): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const before = await findSso(tx, workspaceId);
    if (!before || !(await deleteSso(tx, workspaceId))) throw notFound('Single sign-on');
    const workspace = await findWorkspaceById(tx, workspaceId);
    await recordAudit(tx, workspaceId, actor, {
      action: 'sso.removed',
      target: { type: 'workspace', id: workspaceId, name: workspace?.name ?? workspaceId },
      details: shown(before),
    });
  });
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Begins a sign-in: a one-time `state` (its hash stored with a nonce and a PKCE verifier, for ten
 * minutes) and the provider's authorization URL to send the browser to. The caller also gives the
 * browser `state` in a cookie, so only the browser that began a sign-in can complete it.
 */
export async function startSsoLogin(
  deps: AppDeps,
  workspaceId: string,
): Promise<{ state: string; location: string }> {
  const row = await findSso(deps.database.db, workspaceId);
  const workspace = row && (await findWorkspaceById(deps.database.db, workspaceId));
  if (!row || !workspace || workspace.deletedAt) {
    throw new SsoFailure('not_configured', 'no single sign-on for this workspace');
  }
  const idp = await provider(deps, row.issuer).catch((err: Error) => {
    throw new SsoFailure('provider_unreachable', err.message);
  });
  if ((await pendingSsoLogins(deps.database.db, workspaceId, deps.now())) >= MAX_PENDING_LOGINS) {
    throw new SsoFailure('busy', `${MAX_PENDING_LOGINS} sign-ins already under way`);
  }
  const state = base64url(randomBytes(32));
  const nonce = base64url(randomBytes(16));
  const codeVerifier = base64url(randomBytes(32));
  await insertSsoLogin(deps.database.db, {
    stateHash: sha256(state),
    workspaceId,
    nonce,
    codeVerifier,
    expiresAt: new Date(deps.now().getTime() + LOGIN_TTL_MS),
  });
  const location = new URL(idp.authorizationEndpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: row.clientId,
    redirect_uri: redirectUri(deps),
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: base64url(createHash('sha256').update(codeVerifier).digest()),
    code_challenge_method: 'S256',
  })) {
    location.searchParams.set(k, v);
  }
  return { state, location: location.toString() };
}

/** The provider refused or the person cancelled: the sign-in under way ends now, not at its expiry. */
export async function abandonSsoLogin(deps: AppDeps, state: string): Promise<void> {
  await takeSsoLogin(deps.database.db, sha256(state));
}

const TokenAnswer = z.object({ id_token: z.string() });
// Loose: the claim naming the person's groups is the workspace's to choose (`groupsClaim`).
const IdClaims = z.looseObject({
  nonce: z.string().optional(),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
  name: z.string().optional(),
});

/** The id token's claims once its signature, issuer, audience and times hold (keys re-read once). */
async function verifiedClaims(deps: AppDeps, row: SsoRow, idToken: string) {
  const verify = async (fresh: boolean) => {
    const idp = await provider(deps, row.issuer, fresh);
    return jwtVerify(idToken, idp.keys, {
      issuer: idp.issuer,
      audience: row.clientId,
      currentDate: deps.now(),
      clockTolerance: 60,
    });
  };
  try {
    return IdClaims.parse((await verify(false)).payload);
  } catch (first) {
    if ((first as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') {
      throw new SsoFailure('invalid_token', (first as Error).message);
    }
    try {
      return IdClaims.parse((await verify(true)).payload);
    } catch (err) {
      throw new SsoFailure('invalid_token', (err as Error).message);
    }
  }
}

/**
 * Completes a sign-in the provider sent back: takes the one-time state (it must match the
 * browser's cookie and not have expired), exchanges the code for an id token with the client
 * secret and the PKCE verifier, verifies the token (signature, issuer, audience, expiry, nonce)
 * and signs in the console user with its verified email — adding one with the default role when
 * the email's domain is allowed. Throws SsoFailure, whose code the console explains.
 */
export async function finishSsoLogin(
  deps: AppDeps,
  input: { state: string; cookieState: string | undefined; code: string },
  client: SessionClient,
): Promise<StartedSession> {
  const now = deps.now();
  const login = await takeSsoLogin(deps.database.db, sha256(input.state));
  if (!login || input.cookieState !== input.state || login.expiresAt <= now) {
    throw new SsoFailure('expired', 'unknown, used or expired state, or begun in another browser');
  }
  const row = await findSso(deps.database.db, login.workspaceId);
  if (!row) throw new SsoFailure('not_configured', 'single sign-on was removed meanwhile');
  const idp = await provider(deps, row.issuer).catch((err: Error) => {
    throw new SsoFailure('provider_unreachable', err.message);
  });
  const secret = deps.secretBox.open(row.clientSecretEnc);
  const answer = await providerJson(idp.tokenEndpoint, deps.config, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      // RFC 6749 §2.3.1: the client id and secret form-encoded, then as HTTP Basic credentials.
      authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(row.clientId)}:${encodeURIComponent(secret)}`,
      ).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: redirectUri(deps),
      code_verifier: login.codeVerifier,
    }).toString(),
  }).catch((err: Error) => {
    throw new SsoFailure('refused_by_provider', err.message);
  });
  const token = TokenAnswer.safeParse(answer);
  if (!token.success) throw new SsoFailure('invalid_token', 'the token endpoint gave no id_token');
  const claims = await verifiedClaims(deps, row, token.data.id_token);
  if (claims.nonce !== login.nonce)
    throw new SsoFailure('invalid_token', 'the id token’s nonce does not match');
  const email = claims.email?.trim().toLowerCase();
  const verified = claims.email_verified === undefined || String(claims.email_verified) === 'true';
  if (!email || !verified) throw new SsoFailure('email_missing', 'no verified email in the id token');
  const groupRole = roleFromGroups(claims[row.groupsClaim], row.groupRoles);
  return deps.database.db.transaction(async (tx) => {
    const [existing] = await findConsoleUsersByEmail(tx, email, row.workspaceId);
    let user = existing;
    if (user && groupRole !== undefined && user.role !== 'owner') {
      // The provider's groups decide editors' and viewers' roles; owners are the console's to set.
      const role = groupRole ?? row.defaultRole;
      if (role !== user.role) {
        await changeRole(tx, row.workspaceId, user.id, role, 'sso');
        [user] = await findConsoleUsersByEmail(tx, email, row.workspaceId);
      }
    }
    if (!user) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (!row.emailDomains.includes(domain)) {
        throw new SsoFailure('not_a_member', `${email} has no console user and ${domain} gets none`);
      }
      // A password nobody knows: this user signs in with SSO until an owner sets one.
      await inviteUser(
        tx,
        row.workspaceId,
        {
          email,
          name: claims.name?.slice(0, 200) ?? '',
          password: base64url(randomBytes(32)),
          role: groupRole ?? row.defaultRole,
        },
        'sso',
      );
      [user] = await findConsoleUsersByEmail(tx, email, row.workspaceId);
    }
    if (!user) throw new Error('console user vanished right after insert');
    return openSession(deps, tx, user, client, { sso: true });
  });
}
