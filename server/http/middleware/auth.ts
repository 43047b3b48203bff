import type { MiddlewareHandler } from 'hono';
import { safeEqual, sha256 } from '../../crypto.ts';
import { findWorkspaceBySecretHash } from '../../db/queries/workspaces.ts';
import { isWellFormedKey, malformedKeyMessage } from '../../domain/keys.ts';
import { workspaceSettings } from '../../services/workspaces.ts';
import { ApiError } from '../api-error.ts';
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

/** Admin API: `Authorization: Bearer sk_…` resolves the workspace every query is scoped to. */
export const secretKeyAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('workspace')) return next();
  const key = bearer(c.req.header('authorization'));
  if (!key) throw new ApiError(401, 'unauthorized', 'Missing secret key (Authorization: Bearer sk_…)');
  if (!isWellFormedKey('sk', key)) throw new ApiError(401, 'invalid_api_key', malformedKeyMessage('sk', key));
  const hash = sha256(key);
  const row = await findWorkspaceBySecretHash(c.var.deps.database.db, hash, c.var.deps.now());
  if (!row) throw new ApiError(401, 'invalid_api_key', 'Unknown secret key');
  if (row.secretKeyHash !== hash && row.previousSecretKeyExpiresAt) {
    // RFC 8594: tells the caller's HTTP tooling (and logs) when this key stops working.
    c.set('retiringKeyExpiresAt', row.previousSecretKeyExpiresAt);
    c.header('Sunset', row.previousSecretKeyExpiresAt.toUTCString());
  }
  c.set('workspace', { row, settings: workspaceSettings(row) });
  c.set('actor', 'api');
  await next();
};
