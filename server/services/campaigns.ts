import {
  type Campaign,
  CampaignDefinition,
  type CampaignListItem,
  type CampaignRevision,
  type CampaignStatus,
} from '../../shared/campaign.ts';
import {
  CAMPAIGN_FILE_FORMAT,
  type CampaignFile,
  type CampaignFileEntry,
  type CampaignImport,
  MAX_FILE_CAMPAIGNS,
} from '../../shared/campaign-file.ts';
import type { ValidationIssue } from '../../shared/errors.ts';
import type { Tx } from '../db/client.ts';
import {
  type CampaignRow,
  campaignDeletable,
  campaignLiveRecord,
  deleteCampaignRows,
  findCampaign,
  insertCampaign,
  insertRevision,
  listCampaignRows,
  listRevisions,
  selectCampaignStats,
  selectCampaignsToExport,
  updateCampaignRow,
} from '../db/queries/campaigns.ts';
import { bumpConfigVersion } from '../db/queries/workspaces.ts';
import { auditChanges } from '../domain/audit-diff.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';
import { recordAudit } from './audit.ts';
import { assertRefsResolve, refIssues } from './campaign-refs.ts';
import { atRow, decodePositionCursor, toPositionPage } from './position-cursor.ts';

type Action = CampaignRevision['action'];

function toCampaign(row: CampaignRow, deletable: boolean): Campaign {
  return {
    ...CampaignDefinition.parse(row.definition),
    id: row.id,
    status: row.status,
    version: row.version,
    deletable,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The campaign as the API shows it, read in the transaction that wrote it. */
async function present(tx: Tx, workspaceId: string, row: CampaignRow): Promise<Campaign> {
  return toCampaign(row, await campaignDeletable(tx, workspaceId, row.id));
}

export const campaignNotFound = () => new ApiError(404, 'campaign_not_found', 'Campaign not found');

/**
 * Writes the history entry and the audit entry and bumps the workspace's config version: every
 * change does all three. `before` is the definition an update replaced, for the audit's changes.
 */
async function recordChange(
  tx: Tx,
  workspaceId: string,
  row: CampaignRow,
  action: Action,
  actor: string,
  now: Date,
  before?: CampaignRow['definition'],
) {
  await insertRevision(tx, {
    workspaceId,
    campaignId: row.id,
    version: row.version,
    actor,
    action,
    definition: row.definition,
    status: row.status,
    createdAt: now,
  });
  await recordAudit(tx, workspaceId, actor, {
    action: `campaign.${action}`,
    target: { type: 'campaign', id: row.id, name: row.name },
    changes: before ? auditChanges(before, row.definition) : [],
  });
  await bumpConfigVersion(tx, workspaceId);
}

export async function createCampaign(
  deps: AppDeps,
  workspaceId: string,
  input: CampaignDefinition & { status: CampaignStatus },
  actor: string,
  action: Action = 'created',
): Promise<Campaign> {
  const { status, ...definition } = input;
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    await assertRefsResolve(tx, workspaceId, definition, status === 'active');
    const created = await insertNew(tx, workspaceId, definition, status, actor, action, now);
    return present(tx, workspaceId, created);
  });
}

/** Stores a new campaign with its first revision, its audit entry and a config version bump. */
async function insertNew(
  tx: Tx,
  workspaceId: string,
  definition: CampaignDefinition,
  status: CampaignStatus,
  actor: string,
  action: Action,
  now: Date,
): Promise<CampaignRow> {
  const created = await insertCampaign(tx, {
    workspaceId,
    name: definition.name,
    status,
    definition,
    version: 1,
    createdBy: actor,
    updatedBy: actor,
    createdAt: now,
    updatedAt: now,
  });
  await recordChange(tx, workspaceId, created, action, actor, now);
  return created;
}

/**
 * Creates every campaign of a file as a draft, all or none: a file naming a product this workspace
 * lacks is refused with each problem's path inside the file (`campaigns.<i>.campaign.<field>`).
 */
export async function importCampaigns(
  deps: AppDeps,
  workspaceId: string,
  file: CampaignFile,
  actor: string,
): Promise<CampaignImport> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const issues: ValidationIssue[] = [];
    for (const [i, { campaign }] of file.campaigns.entries()) {
      for (const issue of await refIssues(tx, workspaceId, campaign, false)) {
        issues.push({ ...issue, path: ['campaigns', i, 'campaign', ...issue.path] });
      }
    }
    if (issues.length) throw validationFailed(issues);
    const created: CampaignImport['created'] = [];
    for (const [i, { campaign }] of file.campaigns.entries()) {
      // A millisecond apart, so lists ordered by creation keep the file's order.
      const at = new Date(now.getTime() + i);
      const row = await insertNew(tx, workspaceId, campaign, 'draft', actor, 'imported', at);
      created.push({ id: row.id, name: row.name });
    }
    return { created };
  });
}

export async function getCampaign(deps: AppDeps, workspaceId: string, id: string): Promise<Campaign> {
  const row = await findCampaign(deps.database.db, workspaceId, id);
  if (!row) throw campaignNotFound();
  return present(deps.database.db, workspaceId, row);
}

/** A stale editor (another tab or colleague changed the campaign since it loaded) gets 409. */
function assertVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && current !== expected) {
    throw new ApiError(409, 'conflict', `Campaign is at version ${current}, not ${expected}`, {
      version: current,
    });
  }
}

/**
 * Replaces the definition. With `expectedVersion` (the `If-Match` header) a stale edit is refused
 * with 409 instead of silently overwriting a colleague's change.
 */
export async function updateCampaign(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  definition: CampaignDefinition,
  actor: string,
  expectedVersion?: number,
): Promise<Campaign> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const current = await findCampaign(tx, workspaceId, id, true);
    if (!current) throw campaignNotFound();
    if (current.status === 'archived')
      throw new ApiError(409, 'conflict', 'Archived campaigns cannot be edited; duplicate it instead');
    assertVersion(current.version, expectedVersion);
    await assertRefsResolve(tx, workspaceId, definition, current.status === 'active');
    const updated = await updateCampaignRow(
      tx,
      workspaceId,
      id,
      { name: definition.name, definition, updatedBy: actor },
      now,
    );
    if (!updated) throw campaignNotFound();
    await recordChange(tx, workspaceId, updated, 'updated', actor, now, current.definition);
    return present(tx, workspaceId, updated);
  });
}

/** A copy as a draft named "… (copy)", with its own history. */
export async function duplicateCampaign(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<Campaign> {
  const source = await findCampaign(deps.database.db, workspaceId, id);
  if (!source) throw campaignNotFound();
  const definition = CampaignDefinition.parse(source.definition);
  const name = `${definition.name} (copy)`.slice(0, 200);
  return createCampaign(deps, workspaceId, { ...definition, name, status: 'draft' }, actor, 'duplicated');
}

const fileEntry = (row: CampaignRow): CampaignFileEntry => ({
  id: row.id,
  status: row.status,
  campaign: CampaignDefinition.parse(row.definition),
});

/**
 * Campaigns' definitions as a file to import elsewhere (shared/campaign-file.ts): one campaign, or
 * every one (oldest first) of a status, by default every one not archived. As saved: their figures
 * and history stay here.
 */
export async function exportCampaigns(
  deps: AppDeps,
  workspace: { id: string; name: string },
  which: { id: string } | { status?: CampaignStatus | undefined },
): Promise<CampaignFile> {
  const { db } = deps.database;
  let entries: CampaignFileEntry[];
  if ('id' in which) {
    const row = await findCampaign(db, workspace.id, which.id);
    if (!row) throw campaignNotFound();
    entries = [fileEntry(row)];
  } else {
    const rows = await selectCampaignsToExport(db, workspace.id, which.status, MAX_FILE_CAMPAIGNS + 1);
    if (rows.length === 0) throw new ApiError(404, 'campaign_not_found', 'No campaigns to export');
    if (rows.length > MAX_FILE_CAMPAIGNS) {
      throw new ApiError(
        400,
        'too_many_campaigns',
        `More than ${MAX_FILE_CAMPAIGNS} campaigns: export them by status, or one by one`,
      );
    }
    entries = rows.map(fileEntry);
  }
  return {
    format: CAMPAIGN_FILE_FORMAT,
    exportedAt: deps.now().toISOString(),
    source: { workspace: workspace.name },
    campaigns: entries,
  };
}

/**
 * Deletes a campaign that never went live (a draft, or one archived without ever being active, such
 * as an abandoned draft tidied away) with its revisions, so it leaves no trace. Anything that has
 * been live keeps its record for analytics and attribution: `409 campaign_has_history` says to archive
 * it (an archived one is already that record). The campaign's `deletable` says so in advance; this
 * check runs again here, under the row lock, for what changed since.
 */
export async function deleteCampaign(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  actor: string,
  expectedVersion?: number,
): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const current = await findCampaign(tx, workspaceId, id, true);
    if (!current) throw campaignNotFound();
    assertVersion(current.version, expectedVersion);
    const record =
      current.status === 'draft' || current.status === 'archived'
        ? await campaignLiveRecord(deps.database, tx, workspaceId, id)
        : // Active or paused: live now.
          { wentLive: true, history: [] };
    if (record.wentLive || record.history.length) {
      throw new ApiError(
        409,
        'campaign_has_history',
        current.status === 'archived'
          ? 'This campaign has been live: as an archived campaign it is kept as the record of its results'
          : 'This campaign has been live: its results stay on record, so archive it instead of deleting it',
        { status: current.status, ...record },
      );
    }
    if (!(await deleteCampaignRows(tx, workspaceId, id))) throw campaignNotFound();
    await recordAudit(tx, workspaceId, actor, {
      action: 'campaign.deleted',
      target: { type: 'campaign', id, name: current.name },
    });
    await bumpConfigVersion(tx, workspaceId);
  });
}

const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['active', 'archived'],
  active: ['paused', 'archived'],
  paused: ['active', 'archived'],
  archived: [],
};
const ACTION_FOR: Record<string, Action> = { active: 'activated', paused: 'paused', archived: 'archived' };

/**
 * activate / pause / archive. Asking for the current status is a no-op; archived is final. With
 * `expectedVersion` (If-Match) a tab that has not seen the latest change cannot flip the status.
 */
export async function changeStatus(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  status: 'active' | 'paused' | 'archived',
  actor: string,
  expectedVersion?: number,
): Promise<Campaign> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const current = await findCampaign(tx, workspaceId, id, true);
    if (!current) throw campaignNotFound();
    assertVersion(current.version, expectedVersion);
    if (current.status === status) return present(tx, workspaceId, current);
    if (!TRANSITIONS[current.status].includes(status)) {
      throw new ApiError(409, 'conflict', `A ${current.status} campaign cannot become ${status}`);
    }
    if (status === 'active') {
      await assertRefsResolve(tx, workspaceId, CampaignDefinition.parse(current.definition), true);
    }
    const updated = await updateCampaignRow(tx, workspaceId, id, { status, updatedBy: actor }, now);
    if (!updated) throw campaignNotFound();
    await recordChange(tx, workspaceId, updated, ACTION_FOR[status] ?? 'updated', actor, now);
    return present(tx, workspaceId, updated);
  });
}

export async function listCampaigns(
  deps: AppDeps,
  workspaceId: string,
  query: { limit: number; cursor?: string | undefined; status?: CampaignStatus | undefined },
): Promise<{ data: CampaignListItem[]; nextCursor: string | null }> {
  const rows = await listCampaignRows(deps.database.db, workspaceId, {
    status: query.status,
    limit: query.limit + 1,
    after: decodePositionCursor('campaigns', query.cursor),
  });
  const { data: page, nextCursor } = toPositionPage('campaigns', rows, query.limit, atRow, (r) => r);
  const stats = new Map(
    (
      await selectCampaignStats(
        deps.database,
        workspaceId,
        page.map((r) => r.row.id),
      )
    ).map((s) => [s.campaignId, s]),
  );
  const data = page.map(({ row, deletable }) => {
    const s = stats.get(row.id);
    const served = s?.served ?? 0;
    const conversions = s?.conversions ?? 0;
    return {
      ...toCampaign(row, deletable),
      stats: {
        served,
        heldOut: s?.heldOut ?? 0,
        shown: s?.shown ?? 0,
        clicked: s?.clicked ?? 0,
        dismissed: s?.dismissed ?? 0,
        conversions,
        conversionRate: served > 0 ? conversions / served : 0,
      },
    };
  });
  return { data, nextCursor };
}

export async function campaignRevisions(
  deps: AppDeps,
  workspaceId: string,
  id: string,
): Promise<CampaignRevision[]> {
  const exists = await findCampaign(deps.database.db, workspaceId, id);
  if (!exists) throw campaignNotFound();
  const rows = await listRevisions(deps.database.db, workspaceId, id);
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaignId,
    version: r.version,
    actor: r.actor,
    action: r.action as Action,
    status: r.status as CampaignStatus,
    definition: CampaignDefinition.parse(r.definition),
    createdAt: r.createdAt.toISOString(),
  }));
}
