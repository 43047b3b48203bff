import type { Context } from 'hono';
import { authenticatePublic } from '../services/public-auth.ts';
import { ApiError } from './api-error.ts';
import { clientAddress } from './client-address.ts';
import { type BucketRule, TokenBuckets } from './token-buckets.ts';
import type { AppDeps, AppEnv, EndUser, WorkspaceContext } from './types.ts';
import { DEFAULT_WIDGET_RATE_LIMITS } from './widget-rate-limits.ts';

interface Guard {
  users: TokenBuckets;
  failures: TokenBuckets;
  unverified: TokenBuckets;
}

/**
 * Unverified callers (identity mode `report` or `off`) name any `sub` they like, so the per-user
 * budget alone would not bound them: they also share one budget per workspace and address, ten
 * users' worth — room for an office behind one NAT, not for a script minting a user per call.
 */
const UNVERIFIED_USERS_PER_ADDRESS = 10;

const guards = new WeakMap<AppDeps, Guard>();

function guardFor(deps: AppDeps): Guard {
  let guard = guards.get(deps);
  if (!guard) {
    const limits = deps.config.widgetRateLimits ?? DEFAULT_WIDGET_RATE_LIMITS;
    const users: BucketRule = {
      perMinute: limits.userPerMinute,
      burst: Math.max(1, Math.ceil(limits.userPerMinute / 5)),
    };
    const failures: BucketRule = {
      perMinute: limits.authFailuresPerMinute,
      burst: Math.max(1, limits.authFailuresPerMinute),
    };
    const unverified: BucketRule = {
      perMinute: users.perMinute * UNVERIFIED_USERS_PER_ADDRESS,
      burst: users.burst * UNVERIFIED_USERS_PER_ADDRESS,
    };
    guard = {
      users: new TokenBuckets(users),
      failures: new TokenBuckets(failures),
      unverified: new TokenBuckets(unverified),
    };
    guards.set(deps, guard);
  }
  return guard;
}

function limited(message: string, waitMs: number): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, 'rate_limited', `${message}; retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

/**
 * Authenticates a widget call (authenticatePublic) behind its guards: an address that keeps
 * failing authentication is refused before any key lookup or token verification, and an end user
 * calling far more often than a widget does gets 429 `rate_limited` with Retry-After (the widget
 * keeps its events and sends them again later); unverified callers are also bounded per address.
 */
export async function authenticateWidgetCall(
  c: Context<AppEnv>,
  key: string | undefined,
  token: string | undefined,
): Promise<{ workspace: WorkspaceContext; endUser: EndUser }> {
  const deps = c.get('deps');
  const guard = guardFor(deps);
  const nowMs = deps.now().getTime();
  const address = guard.failures.enabled ? clientAddress(c, deps.config.trustedProxies ?? 0) : undefined;
  if (address !== undefined) {
    const wait = guard.failures.waitMs(address, nowMs);
    if (wait > 0) throw limited('Too many failed authentications from this address', wait);
  }
  let auth: { workspace: WorkspaceContext; endUser: EndUser };
  try {
    auth = await authenticatePublic(deps, key, token);
  } catch (err) {
    if (address !== undefined && err instanceof ApiError && err.status === 401) {
      guard.failures.take(address, nowMs);
    }
    throw err;
  }
  const workspaceId = auth.workspace.row.id;
  if (!auth.endUser.verified && guard.unverified.enabled) {
    const from = address ?? clientAddress(c, deps.config.trustedProxies ?? 0);
    const waitMs = from === undefined ? 0 : guard.unverified.take(`${workspaceId}\u0000${from}`, nowMs);
    if (waitMs > 0) throw limited('Too many calls with unverified tokens from this address', waitMs);
  }
  const wait = guard.users.take(`${workspaceId}\u0000${auth.endUser.userId}`, nowMs);
  if (wait > 0) throw limited('Too many calls for this user', wait);
  return auth;
}
