import { z } from 'zod';

/** One workspace as the operator lists them: who it is and how much it holds. */
export const WorkspaceSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
    allowedOrigins: z.array(z.string()),
    accounts: z.number().int(),
    campaigns: z.number().int(),
    consoleUsers: z.number().int(),
  })
  .meta({ id: 'WorkspaceSummary' });
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

export const WorkspaceList = z.object({ data: z.array(WorkspaceSummary) }).meta({ id: 'WorkspaceList' });

/**
 * `DELETE /v1/workspaces/{id}`: the workspace's name, typed again, so an id pasted from the wrong
 * line deletes nothing.
 *
 * @example
 * { "confirm": "Acme" }
 */
export const DeleteWorkspaceRequest = z
  .object({ confirm: z.string().max(200) })
  .meta({ id: 'DeleteWorkspaceRequest' });

/** Every key, session and webhook stops at `deletedAt`; the data is purged shortly after. */
export const DeletedWorkspace = z
  .object({
    workspaceId: z.string(),
    name: z.string(),
    deletedAt: z.iso.datetime(),
  })
  .meta({ id: 'DeletedWorkspace' });
export type DeletedWorkspace = z.infer<typeof DeletedWorkspace>;
