import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  type CreateWorkspaceRequest,
  type RotatableKey,
  type RotatedKeys,
  type WorkspaceCredentials,
  WorkspaceSettings,
} from '../../shared/workspace.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import { findWorkspaceById, insertWorkspace, updateWorkspace } from '../db/queries/workspaces.ts';
import { formatKey, keyHint } from '../domain/keys.ts';
import { notFound } from '../http/api-error.ts';
import type { AppDeps, WorkspaceRow } from '../http/types.ts';
import { recordAudit } from './audit.ts';

const newKey = (kind: 'pk' | 'sk' | 'ids') => formatKey(kind, randomBytes(32));
/** Standard Webhooks secrets are `whsec_` + base64 of the raw key. */

export function workspaceSettings(row: WorkspaceRow): WorkspaceSettings {
  return WorkspaceSettings.parse(row.settings ?? {});
}

export async function createWorkspace(
  deps: Pick<AppDeps, 'secretBox'>,
  tx: Tx,
  input: z.output<typeof CreateWorkspaceRequest> & { id?: string },
  actor: string,
): Promise<{ row: WorkspaceRow; credentials: WorkspaceCredentials }> {
  const id = input.id ?? `ws_${randomBytes(12).toString('base64url')}`;
  const credentials: WorkspaceCredentials = {
    workspaceId: id,
    publishableKey: newKey('pk'),
    secretKey: newKey('sk'),
    identitySecret: newKey('ids'),
  };
  const row = await insertWorkspace(tx, {
    id,
    name: input.name,
    publishableKey: credentials.publishableKey,
    secretKeyHash: sha256(credentials.secretKey),
    secretKeyHint: keyHint(credentials.secretKey),
    identitySecretEnc: deps.secretBox.seal(credentials.identitySecret),
    allowedOrigins: input.allowedOrigins,
    settings: WorkspaceSettings.parse(input.settings ?? {}),
  });
  await recordAudit(tx, id, actor, {
    action: 'workspace.created',
    target: { type: 'workspace', id, name: row.name },
  });
  return { row, credentials };
}

/**
 * Replaces the named keys and returns only the new values. Each replaced key keeps working for
 * `overlapSeconds` (0: it stops at once); a key replaced before is forgotten, overlap or not.
 */
export async function rotateKeys(
  deps: Pick<AppDeps, 'secretBox' | 'now'>,
  tx: Tx,
  workspaceId: string,
  actor: string,
  which: RotatableKey[],
  overlapSeconds = 0,
): Promise<RotatedKeys> {
  const existing = await findWorkspaceById(tx, workspaceId);
  if (!existing) throw notFound('Workspace');
  const until = overlapSeconds > 0 ? new Date(deps.now().getTime() + overlapSeconds * 1000) : null;
  const out: RotatedKeys = {
    workspaceId,
    ...(until ? { previousKeysExpireAt: until.toISOString() } : {}),
  };
  const patch: Parameters<typeof updateWorkspace>[2] = {};
  if (which.includes('publishable')) {
    out.publishableKey = newKey('pk');
    patch.publishableKey = out.publishableKey;
    patch.previousPublishableKey = until && existing.publishableKey;
    patch.previousPublishableKeyExpiresAt = until;
  }
  if (which.includes('secret')) {
    out.secretKey = newKey('sk');
    patch.secretKeyHash = sha256(out.secretKey);
    patch.secretKeyHint = keyHint(out.secretKey);
    patch.previousSecretKeyHash = until && existing.secretKeyHash;
    patch.previousSecretKeyExpiresAt = until;
  }
  if (which.includes('identity')) {
    out.identitySecret = newKey('ids');
    patch.identitySecretEnc = deps.secretBox.seal(out.identitySecret);
    patch.previousIdentitySecretEnc = until && existing.identitySecretEnc;
    patch.previousIdentitySecretExpiresAt = until;
  }
  await updateWorkspace(tx, workspaceId, patch);
  await recordAudit(tx, workspaceId, actor, {
    action: 'keys.rotated',
    target: { type: 'workspace', id: workspaceId, name: existing.name },
    details: { keys: which, overlapSeconds, previousKeysExpireAt: out.previousKeysExpireAt ?? null },
  });
  return out;
}
