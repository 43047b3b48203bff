import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  type CreateWorkspaceRequest,
  type RotatableKey,
  type WorkspaceCredentials,
  WorkspaceSettings,
} from '../../shared/workspace.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import { findWorkspaceById, insertWorkspace, updateWorkspace } from '../db/queries/workspaces.ts';
import { formatKey, keyHint } from '../domain/keys.ts';
import { notFound } from '../http/api-error.ts';
import type { AppDeps, WorkspaceRow } from '../http/types.ts';

const newKey = (kind: 'pk' | 'sk' | 'ids') => formatKey(kind, randomBytes(32));
/** Standard Webhooks secrets are `whsec_` + base64 of the raw key. */

export function workspaceSettings(row: WorkspaceRow): WorkspaceSettings {
  return WorkspaceSettings.parse(row.settings ?? {});
}

export async function createWorkspace(
  deps: Pick<AppDeps, 'secretBox'>,
  tx: Tx,
  input: z.output<typeof CreateWorkspaceRequest> & { id?: string },
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
  return { row, credentials };
}

/** Replaces the named keys; the old ones stop working at once. Returns only the new values. */
export async function rotateKeys(
  deps: Pick<AppDeps, 'secretBox'>,
  tx: Tx,
  workspaceId: string,
  which: RotatableKey[],
): Promise<Partial<WorkspaceCredentials> & { workspaceId: string }> {
  const existing = await findWorkspaceById(tx, workspaceId);
  if (!existing) throw notFound('Workspace');
  const out: Partial<WorkspaceCredentials> & { workspaceId: string } = { workspaceId };
  const patch: Parameters<typeof updateWorkspace>[2] = {};
  if (which.includes('publishable')) {
    out.publishableKey = newKey('pk');
    patch.publishableKey = out.publishableKey;
  }
  if (which.includes('secret')) {
    out.secretKey = newKey('sk');
    patch.secretKeyHash = sha256(out.secretKey);
    patch.secretKeyHint = keyHint(out.secretKey);
  }
  if (which.includes('identity')) {
    out.identitySecret = newKey('ids');
    patch.identitySecretEnc = deps.secretBox.seal(out.identitySecret);
  }
  await updateWorkspace(tx, workspaceId, patch);
  return out;
}
