import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { EndUserClaims, type TokenCheck } from '../../shared/identity.ts';
import { findWorkspaceByPublishableKey } from '../db/queries/workspaces.ts';
import { isWellFormedKey, malformedKeyMessage } from '../domain/keys.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { noteVocabulary } from './vocabulary.ts';
import { workspaceSettings } from './workspaces.ts';

interface CachedWorkspace {
  context: WorkspaceContext;
  /** Imported once per secret: jose would otherwise import the raw secret on every verification. */
  identityKey: CryptoKey;
  /** Tokens already verified with this secret (a widget sends the same token on every call until
   * it expires). Kept across refreshes while the sealed secret is unchanged; a rotated secret
   * starts with an empty cache. */
  verified: Map<string, VerifiedToken>;
  /** The secret a rotation with overlap replaced, and until when (ms) it still verifies. */
  previousIdentity: { key: CryptoKey; untilMs: number } | null;
  expiresAt: number;
}

interface VerifiedToken {
  payload: unknown;
  /** The token's own `exp`, in ms: a cached token is never used past it. */
  expMs: number;
}

/**
 * Publishable-key lookups sit on every widget call, so they are cached briefly. A rotated or
 * changed workspace is seen by every instance within TTL_MS.
 */
const TTL_MS = 5_000;
/** Bound on remembered tokens per workspace secret. */
const MAX_VERIFIED = 50_000;
/**
 * Longest lifetime (`exp` − `iat`) a user token may be signed with. Tokens travel in host pages
 * and widget storage, so a leaked one must stop working soon; comparing two claims of the token
 * itself needs no clock agreement between the host and us.
 */
const MAX_TOKEN_LIFETIME_S = 24 * 3600;
interface WorkspaceCache {
  entries: Map<string, CachedWorkspace>;
  /** Lookups under way: when an entry expires, the calls arriving meanwhile share one query. */
  loading: Map<string, Promise<CachedWorkspace>>;
}
const cache = new WeakMap<AppDeps, WorkspaceCache>();

async function loadWorkspace(
  deps: AppDeps,
  key: string,
  previous: CachedWorkspace | undefined,
): Promise<CachedWorkspace> {
  const now = deps.now();
  const row = await findWorkspaceByPublishableKey(deps.database.db, key, now);
  if (!row) throw new ApiError(401, 'invalid_api_key', 'Unknown publishable key');
  // A refresh re-reads settings; the verifications made with the same secret stay valid.
  const sameSecret = previous?.context.row.identitySecretEnc === row.identitySecretEnc ? previous : null;
  const importSecret = (sealed: string) =>
    crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(deps.secretBox.open(sealed)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
  const until = row.previousIdentitySecretExpiresAt;
  return {
    context: { row, settings: workspaceSettings(row) },
    identityKey: sameSecret?.identityKey ?? (await importSecret(row.identitySecretEnc)),
    verified: sameSecret?.verified ?? new Map(),
    previousIdentity:
      row.previousIdentitySecretEnc && until && until > now
        ? { key: await importSecret(row.previousIdentitySecretEnc), untilMs: until.getTime() }
        : null,
    // Found by the key a rotation replaced: cached no longer than that key's overlap lasts.
    expiresAt:
      row.publishableKey !== key && row.previousPublishableKeyExpiresAt
        ? Date.now() + Math.min(TTL_MS, row.previousPublishableKeyExpiresAt.getTime() - now.getTime())
        : Date.now() + TTL_MS,
  };
}

function resolveWorkspace(deps: AppDeps, key: string): Promise<CachedWorkspace> {
  let c = cache.get(deps);
  if (!c) {
    c = { entries: new Map(), loading: new Map() };
    cache.set(deps, c);
  }
  const { entries, loading } = c;
  const hit = entries.get(key);
  if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit);
  let pending = loading.get(key);
  if (!pending) {
    pending = loadWorkspace(deps, key, hit)
      .then((entry) => {
        if (entries.size > 10_000) entries.clear();
        entries.set(key, entry);
        return entry;
      })
      .finally(() => loading.delete(key));
    loading.set(key, pending);
  }
  return pending;
}

/** Drops cached workspaces (after a settings change or key rotation in this instance). */
export function forgetPublicWorkspaces(deps: AppDeps): void {
  cache.delete(deps);
}

function toEndUser(payload: unknown, verified: boolean): EndUser {
  const claims = EndUserClaims.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    const why = issue
      ? `${issue.path.join('.') || 'claims'}: ${issue.message}`
      : 'sub and account are required';
    throw new ApiError(401, 'invalid_user_token', `User token claims are invalid (${why})`);
  }
  const { sub, account, role, locale, traits } = claims.data;
  return { userId: sub, accountId: account, role, locale, traits: traits ?? {}, verified };
}

const NOT_A_JWT = 'User token is not a JWT';

/** Why a token is refused, as the widget calls' 401 says it (our own refusals pass as they are). */
function tokenError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const reason =
    err instanceof joseErrors.JWTExpired
      ? 'User token has expired'
      : err instanceof joseErrors.JWTClaimValidationFailed
        ? `User token claim check failed: ${err.message}`
        : err instanceof joseErrors.JOSEAlgNotAllowed
          ? 'User token must be signed with HS256 (alg "HS256" in its header)'
          : err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid
            ? 'User token is not a well-formed JWT (header.payload.signature, base64url)'
            : 'User token signature is invalid';
  return new ApiError(401, 'invalid_user_token', reason);
}

/** jose's HS256 verification, remembered until the token's own expiry. */
async function verifyToken(entry: CachedWorkspace, token: string, now: Date): Promise<unknown> {
  const hit = entry.verified.get(token);
  if (hit && hit.expMs > Date.now()) return hit.payload;
  const options = { algorithms: ['HS256'], requiredClaims: ['sub', 'exp', 'iat'] };
  // During a rotation's overlap a token signed with the replaced secret still passes (and is not
  // remembered, so it stops the moment the overlap ends).
  const previous = (entry.previousIdentity?.untilMs ?? 0) > now.getTime() ? entry.previousIdentity : null;
  let byPrevious = false;
  const { payload } = await jwtVerify(token, entry.identityKey, options).catch((err: unknown) => {
    if (!previous || !(err instanceof joseErrors.JWSSignatureVerificationFailed)) throw err;
    byPrevious = true;
    return jwtVerify(token, previous.key, options);
  });
  if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_LIFETIME_S) {
    const why = 'lifetime (exp − iat) is over 24 hours';
    throw new joseErrors.JWTClaimValidationFailed(why, payload, 'exp', 'check_failed');
  }
  if (byPrevious) return payload;
  if (entry.verified.size >= MAX_VERIFIED) {
    const oldest = entry.verified.keys().next().value;
    if (oldest !== undefined) entry.verified.delete(oldest);
  }
  entry.verified.set(token, { payload, expMs: (payload.exp as number) * 1000 });
  return payload;
}

/**
 * Verifies the end-user token per the workspace's identity mode: `enforce` rejects anything not
 * signed with the identity secret (HS256 pinned, `sub`, `exp`, `iat` required); `report` lets it
 * through unverified and logs; `off` trusts the claims (development only — purchases are refused).
 */
export async function authenticatePublic(
  deps: AppDeps,
  key: string | undefined,
  token: string | undefined,
): Promise<{ workspace: WorkspaceContext; endUser: EndUser }> {
  if (!key) throw new ApiError(401, 'unauthorized', 'Missing publishable key (X-Attach-Key header)');
  if (!isWellFormedKey('pk', key)) throw new ApiError(401, 'invalid_api_key', malformedKeyMessage('pk', key));
  const entry = await resolveWorkspace(deps, key);
  if (!token) throw new ApiError(401, 'invalid_user_token', 'Missing user token (Authorization: Bearer …)');
  const mode = entry.context.settings.identityMode;
  try {
    const payload = await verifyToken(entry, token, deps.now());
    const endUser = toEndUser(payload, true);
    // Roles signed in tokens are roles in use, as synced ones are (the token's wins). Not awaited:
    // after the first call of the day it is a map lookup, and it never fails the request.
    void noteVocabulary(deps, entry.context.row.id, 'role', [endUser.role]);
    return { workspace: entry.context, endUser };
  } catch (err) {
    const refusal = tokenError(err);
    // Why tokens fail (or would, in `report`), for the console's installation check: a handful of
    // reasons, each noted once a day per server. Not awaited, as for roles.
    void noteVocabulary(deps, entry.context.row.id, 'refused_token', [refusal.message.slice(0, 200)]);
    if (err instanceof ApiError || mode === 'enforce') throw refusal;
    let payload: unknown;
    try {
      payload = decodeJwt(token);
    } catch {
      throw new ApiError(401, 'invalid_user_token', NOT_A_JWT);
    }
    if (mode === 'report') {
      deps.log.warn('unverified_user_token', { workspaceId: entry.context.row.id, reason: refusal.message });
    }
    return { workspace: entry.context, endUser: toEndUser(payload, false) };
  }
}

const secondsToIso = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : null;

/**
 * What the widget's calls would make of a user token, verified with the workspace's identity
 * secret exactly as decide does (whatever its identity mode): whom it names, or why it is refused,
 * with its claims either way so a host developer can see what their backend signed.
 */
export async function checkUserToken(
  deps: AppDeps,
  publishableKey: string,
  token: string,
): Promise<TokenCheck> {
  const entry = await resolveWorkspace(deps, publishableKey);
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return { valid: false, reason: NOT_A_JWT, user: null, claims: null, issuedAt: null, expiresAt: null };
  }
  const times = { issuedAt: secondsToIso(claims.iat), expiresAt: secondsToIso(claims.exp) };
  try {
    const { userId, accountId, role, locale } = toEndUser(await verifyToken(entry, token, deps.now()), true);
    return { valid: true, reason: null, user: { userId, accountId, role, locale }, claims, ...times };
  } catch (err) {
    const refusal = tokenError(err);
    return { valid: false, reason: refusal.message, user: null, claims, ...times };
  }
}
