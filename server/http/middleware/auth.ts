import type { MiddlewareHandler } from 'hono';
import { apiKeyActor } from '../../../shared/api-keys.ts';
import { safeEqual, sha256 } from '../../crypto.ts';
import { findApiKeyByHash, touchApiKey } from '../../db/queries/api-keys.ts';
import { findWorkspaceBySecretHash } from '../../db/queries/workspaces.ts';
import { type AccessRefusal, adminAccessRefusal } from '../../domain/admin-access.ts';
import { addressAllowed } from '../../domain/allowed-ips.ts';
import { isWellFormedKey, malformedKeyMessage } from '../../domain/keys.ts';
import { apiKeyStatus } from '../../services/api-keys.ts';
import { workspaceSettings } from '../../services/workspaces.ts';
import { ApiError } from '../api-error.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../types.ts';

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Operator routes exist only when ATTACH_OPERATOR_TOKEN is set. */
export const operatorAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.var.deps.config.operatorToken;
  if (!expected)
    throw new ApiError(403, 'operator_disabled', 'Set ATTACH_OPERATOR_TOKEN to enable operator routes');
  const token = bearer(c.req.header('authorization'));
  if (!token || !safeEqual(token, expected)) {
    throw new ApiError(401, 'unauthorized', 'A valid operator token is required (Authorization: Bearer …)');
  }
  await next();
};

/** A named API key's refusal, in the words its integration's logs will show. */
function namedKeyRefusal(name: string, refusal: AccessRefusal) {
  switch (refusal) {
    case 'read_only':
      return `The API key "${name}" is a viewer key: it can only read`;
    case 'sync_only':
      return `The API key "${name}" is a data sync key: it can only send accounts, users, ownership, usage and events (and Segment's messages)`;
    case 'owner_only':
      return `The API key "${name}" cannot manage console users or API keys, nor rotate keys; an owner does`;
  }
}

/**
 * Admin API: `Authorization: Bearer sk_…` resolves the workspace every query is scoped to. The
 * workspace's own secret key acts as an owner; a named key (shared/api-keys.ts) with its role.
 */
export const secretKeyAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('workspace')) return next();
  const key = bearer(c.req.header('authorization'));
  if (!key) throw new ApiError(401, 'unauthorized', 'Missing secret key (Authorization: Bearer sk_…)');
  if (!isWellFormedKey('sk', key)) throw new ApiError(401, 'invalid_api_key', malformedKeyMessage('sk', key));
  const hash = sha256(key);
  const { db } = c.var.deps.database;
  const now = c.var.deps.now();
  const row = await findWorkspaceBySecretHash(db, hash, now);
  if (row) {
    const retiring = row.secretKeyHash !== hash;
    if (retiring && row.previousSecretKeyExpiresAt) {
      // RFC 8594: tells the caller's HTTP tooling (and logs) when this key stops working.
      c.set('retiringKeyExpiresAt', row.previousSecretKeyExpiresAt);
      c.header('Sunset', row.previousSecretKeyExpiresAt.toUTCString());
    }
    c.set('workspace', { row, settings: workspaceSettings(row) });
    // The audit log tells which integration still uses the replaced key during its overlap.
    const actor = retiring ? 'api:previous' : 'api';
    c.set('actor', actor);
    c.set('apiCaller', { workspaceId: row.id, actor });
    return next();
  }
  const named = await findApiKeyByHash(db, hash);
  if (!named) throw new ApiError(401, 'invalid_api_key', 'Unknown secret key');
  // Known from here: a refusal below (revoked, another address, a viewer writing) is the
  // workspace's to read among its failed calls.
  const actor = apiKeyActor(named.key.name);
  c.set('apiCaller', { workspaceId: named.workspace.id, actor });
  const status = apiKeyStatus(named.key, now);
  if (status !== 'active') {
    throw new ApiError(
      401,
      'invalid_api_key',
      named.key.replacedBy
        ? `The API key "${named.key.name}" was rolled; use the key that replaced it`
        : `The API key "${named.key.name}" was ${status === 'revoked' ? 'revoked' : 'past its expiry'}`,
    );
  }
  const address = clientAddress(c, c.var.deps.config.trustedProxies ?? 0);
  if (!addressAllowed(address, named.key.allowedIps)) {
    throw new ApiError(
      403,
      'forbidden',
      `The API key "${named.key.name}" may not be used from ${address ?? 'an unknown address'}`,
    );
  }
  const refusal = adminAccessRefusal(named.key.role, c.req.method, c.req.path);
  if (refusal) throw new ApiError(403, 'forbidden', namedKeyRefusal(named.key.name, refusal));
  // As for a replaced secret key: the integration's tooling sees when this one stops.
  if (named.key.expiresAt) c.header('Sunset', named.key.expiresAt.toUTCString());
  await touchApiKey(db, named.workspace.id, named.key.id, now);
  c.set('workspace', { row: named.workspace, settings: workspaceSettings(named.workspace) });
  c.set('actor', actor);
  await next();
};
