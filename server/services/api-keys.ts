import { randomBytes, randomUUID } from 'node:crypto';
import type { InferInsertModel } from 'drizzle-orm';
import {
  type ApiKey,
  type ApiKeyStatus,
  type CreateApiKey,
  type CreatedApiKey,
  MAX_LIVE_API_KEYS,
  type RollApiKey,
  type RolledApiKey,
  type UpdateApiKey,
} from '../../shared/api-keys.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import {
  type ApiKeyRow,
  countLiveApiKeysLocked,
  findApiKeyRow,
  insertApiKey,
  listApiKeyRows,
  retireApiKeyRow,
  revokeApiKeyRow,
  setApiKeyAllowedIps,
} from '../db/queries/api-keys.ts';
import type { apiKeys } from '../db/schema/index.ts';
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
    replacedBy: row.replacedBy,
    allowedIps: row.allowedIps,
  };
}

export async function listApiKeys(tx: Tx, workspaceId: string, now: Date): Promise<ApiKey[]> {
  return (await listApiKeyRows(tx, workspaceId)).map((row) => toApiKey(row, now));
}

/** Makes a key and stores its hash; 409 when a key not revoked has the name. */
async function insertNewKey(tx: Tx, fields: Omit<InferInsertModel<typeof apiKeys>, 'keyHash' | 'keyHint'>) {
  const key = formatKey('sk', randomBytes(32));
  const row = await insertApiKey(tx, { ...fields, keyHash: sha256(key), keyHint: keyHint(key) });
  if (!row) {
    throw new ApiError(
      409,
      'conflict',
      `An API key named "${fields.name}" exists (expired ones too until revoked); choose another name`,
    );
  }
  return { row, key };
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
  const { row, key } = await insertNewKey(tx, {
    workspaceId,
    name: input.name,
    role: input.role,
    createdBy: actor,
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
    allowedIps: input.allowedIps ?? [],
  });
  await recordAudit(tx, workspaceId, actor, {
    action: 'api_key.created',
    target: { type: 'api_key', id: row.id, name: row.name },
    details: {
      role: row.role,
      hint: row.keyHint,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      allowedIps: row.allowedIps,
    },
  });
  return { ...toApiKey(row, now), key };
}

/**
 * Rolls a live key: a new one takes its name and role, and the lifetime it was given (an expiring
 * key's successor expires as long after the roll as it did after its creation). The old key works
 * for the overlap, or stops at once without one.
 */
export async function rollApiKey(
  tx: Tx,
  workspaceId: string,
  id: string,
  input: RollApiKey,
  actor: string,
  now: Date,
): Promise<RolledApiKey> {
  const existing = await findApiKeyRow(tx, workspaceId, id);
  if (!existing) throw notFound('API key');
  const replacedBy = randomUUID();
  const until = new Date(now.getTime() + input.overlapSeconds * 1000);
  const previous = await retireApiKeyRow(tx, workspaceId, id, { replacedBy, until, by: actor, now });
  if (!previous) {
    throw new ApiError(
      409,
      'conflict',
      existing.replacedBy
        ? `The API key "${existing.name}" was rolled already; roll the key that replaced it`
        : `The API key "${existing.name}" is ${apiKeyStatus(existing, now)}; create a new one instead`,
    );
  }
  const lifetime = existing.expiresAt ? existing.expiresAt.getTime() - existing.createdAt.getTime() : null;
  const { row, key } = await insertNewKey(tx, {
    id: replacedBy,
    workspaceId,
    name: existing.name,
    role: existing.role,
    createdBy: actor,
    createdAt: now,
    expiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime),
    allowedIps: existing.allowedIps,
  });
  await recordAudit(tx, workspaceId, actor, {
    action: 'api_key.rolled',
    target: { type: 'api_key', id: previous.id, name: previous.name },
    details: {
      role: previous.role,
      hint: previous.keyHint,
      replacedBy: row.id,
      newHint: row.keyHint,
      worksUntil: previous.revokedAt ? null : (previous.expiresAt?.toISOString() ?? null),
    },
  });
  return { ...toApiKey(row, now), key, previous: toApiKey(previous, now) };
}

/**
 * Sets the addresses a key may be used from, at once on every instance (auth reads the row on each
 * call). A key revoked or past its expiry cannot be changed; the same list again records nothing.
 */
export async function updateApiKey(
  tx: Tx,
  workspaceId: string,
  id: string,
  input: UpdateApiKey,
  actor: string,
  now: Date,
): Promise<ApiKey> {
  const existing = await findApiKeyRow(tx, workspaceId, id);
  if (!existing) throw notFound('API key');
  if (apiKeyStatus(existing, now) !== 'active') {
    throw new ApiError(409, 'conflict', `The API key "${existing.name}" is ${apiKeyStatus(existing, now)}`);
  }
  const allowedIps = [...new Set(input.allowedIps)];
  if (allowedIps.join() === existing.allowedIps.join()) return toApiKey(existing, now);
  const row = await setApiKeyAllowedIps(tx, workspaceId, id, allowedIps);
  await recordAudit(tx, workspaceId, actor, {
    action: 'api_key.updated',
    target: { type: 'api_key', id: existing.id, name: existing.name },
    details: { allowedIps: { from: existing.allowedIps, to: allowedIps } },
  });
  return toApiKey(row ?? existing, now);
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
