import { randomBytes } from 'node:crypto';
import {
  type ApiKey,
  type ApiKeyStatus,
  type CreateApiKey,
  type CreatedApiKey,
  MAX_LIVE_API_KEYS,
} from '../../shared/api-keys.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import {
  type ApiKeyRow,
  countLiveApiKeysLocked,
  findApiKeyRow,
  insertApiKey,
  listApiKeyRows,
  revokeApiKeyRow,
} from '../db/queries/api-keys.ts';
import { formatKey, keyHint } from '../domain/keys.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { recordAudit } from './audit.ts';

const DAY_MS = 86_400_000;

/** Revoked, past its expiry at `now`, or active: what the list says and what auth checks. */
export function apiKeyStatus(row: ApiKeyRow, now: Date): ApiKeyStatus {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
}

export function toApiKey(row: ApiKeyRow, now: Date): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    hint: row.keyHint,
    status: apiKeyStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
  };
}

export async function listApiKeys(tx: Tx, workspaceId: string, now: Date): Promise<ApiKey[]> {
  return (await listApiKeyRows(tx, workspaceId)).map((row) => toApiKey(row, now));
}

export async function createApiKey(
  tx: Tx,
  workspaceId: string,
  input: CreateApiKey,
  actor: string,
  now: Date,
): Promise<CreatedApiKey> {
  if ((await countLiveApiKeysLocked(tx, workspaceId, now)) >= MAX_LIVE_API_KEYS) {
    throw new ApiError(
      409,
      'conflict',
      `A workspace holds at most ${MAX_LIVE_API_KEYS} live API keys; revoke one you no longer use`,
    );
  }
  const key = formatKey('sk', randomBytes(32));
  const row = await insertApiKey(tx, {
    workspaceId,
    name: input.name,
    role: input.role,
    keyHash: sha256(key),
    keyHint: keyHint(key),
    createdBy: actor,
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
  });
  if (!row) {
    throw new ApiError(
      409,
      'conflict',
      `An API key named "${input.name}" exists (expired ones too until revoked); choose another name`,
    );
  }
  await recordAudit(tx, workspaceId, actor, {
    action: 'api_key.created',
    target: { type: 'api_key', id: row.id, name: row.name },
    details: { role: row.role, hint: row.keyHint, expiresAt: row.expiresAt?.toISOString() ?? null },
  });
  return { ...toApiKey(row, now), key };
}

/** Stops a key at once. Revoking one already revoked answers it as it is and records nothing. */
export async function revokeApiKey(
  tx: Tx,
  workspaceId: string,
  id: string,
  actor: string,
  now: Date,
): Promise<ApiKey> {
  const revoked = await revokeApiKeyRow(tx, workspaceId, id, actor, now);
  if (!revoked) {
    const existing = await findApiKeyRow(tx, workspaceId, id);
    if (!existing) throw notFound('API key');
    return toApiKey(existing, now);
  }
  await recordAudit(tx, workspaceId, actor, {
    action: 'api_key.revoked',
    target: { type: 'api_key', id: revoked.id, name: revoked.name },
    details: { role: revoked.role, hint: revoked.keyHint },
  });
  return toApiKey(revoked, now);
}
