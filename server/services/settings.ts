import { WorkspaceSettings, type WorkspaceUpdate, type WorkspaceView } from '../../shared/workspace.ts';
import { bumpConfigVersion, findWorkspaceById, updateWorkspace } from '../db/queries/workspaces.ts';
import { notFound } from '../http/api-error.ts';
import type { AppDeps, WorkspaceRow } from '../http/types.ts';
import { unknownKeyIssues } from '../http/unknown-keys.ts';
import { toIssues, validationFailed } from '../http/validation.ts';
import { auditUpdate } from './audit.ts';
import { forgetPublicWorkspaces } from './public-auth.ts';
import { workspaceSettings } from './workspaces.ts';

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nested objects merge, anything else replaces, `null` removes the key (back to its default). */
export function mergeSettings(stored: Json, patch: Json): Json {
  const out: Json = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key]))
      out[key] = mergeSettings(out[key] as Json, value);
    else out[key] = value;
  }
  return out;
}

/** The merged settings must be valid as a whole; issues point into the request (`settings.…`). */
function validSettings(merged: Json, patch: Json): WorkspaceSettings {
  const result = WorkspaceSettings.safeParse(merged);
  // Only the patch is checked for unknown keys: stored settings may hold keys an older version wrote.
  const unknown = unknownKeyIssues(WorkspaceSettings, patch);
  if (result.success && unknown.length === 0) return result.data;
  const issues = [...(result.success ? [] : toIssues(result.error)), ...unknown].map((i) => ({
    ...i,
    path: ['settings', ...i.path],
  }));
  throw validationFailed(issues);
}

export function toWorkspaceView(row: WorkspaceRow): WorkspaceView {
  return {
    id: row.id,
    name: row.name,
    publishableKey: row.publishableKey,
    secretKeyHint: row.secretKeyHint,
    allowedOrigins: row.allowedOrigins,
    settings: workspaceSettings(row),
    configVersion: row.configVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getSettings(deps: AppDeps, workspaceId: string): Promise<WorkspaceView> {
  const row = await findWorkspaceById(deps.database.db, workspaceId);
  if (!row) throw notFound('Workspace');
  return toWorkspaceView(row);
}

/**
 * Applies a settings change and bumps the config version in one transaction (the row lock orders
 * concurrent patches), then drops this instance's cached publishable-key lookups so the new
 * origins and identity mode apply at once here (other instances within the cache TTL).
 */
export async function patchSettings(
  deps: AppDeps,
  workspaceId: string,
  patch: WorkspaceUpdate,
  actor: string,
) {
  const row = await deps.database.db.transaction(async (tx) => {
    // Bump first: it takes the row lock, so the merge below reads the latest committed settings.
    await bumpConfigVersion(tx, workspaceId);
    const current = await findWorkspaceById(tx, workspaceId);
    if (!current) throw notFound('Workspace');
    const updated = await updateWorkspace(tx, workspaceId, {
      name: patch.name,
      allowedOrigins: patch.allowedOrigins,
      settings:
        patch.settings && validSettings(mergeSettings(current.settings, patch.settings), patch.settings),
    });
    if (!updated) throw notFound('Workspace');
    await auditUpdate(tx, workspaceId, actor, {
      action: 'settings.updated',
      target: { type: 'workspace', id: workspaceId, name: updated.name },
      before: toWorkspaceView(current),
      after: toWorkspaceView(updated),
    });
    return updated;
  });
  forgetPublicWorkspaces(deps);
  return toWorkspaceView(row);
}
