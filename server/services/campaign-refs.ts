import type { CampaignDefinition } from '../../shared/campaign.ts';
import { catalogRefs } from '../../shared/campaign-refs.ts';
import type { ValidationIssue } from '../../shared/errors.ts';
import type { Tx } from '../db/client.ts';
import { missingBundleKeys, missingProductKeys } from '../db/queries/campaigns.ts';
import { unfillableVariables } from '../domain/copy-variables.ts';
import { unofferableTarget } from '../domain/targets.ts';
import { validationFailed } from '../http/validation.ts';
import { loadCatalog } from './catalog-cache.ts';

/**
 * What is wrong with a definition in this workspace: products or bundles it names that the
 * workspace does not have, or copy variables no account could fill (domain/copy-variables.ts), each
 * with its path (`content.<locale>.<field>` for copy, issue code `unknown_template_variable`). A
 * `live` (active) campaign must also target something that can be offered (`target_not_offerable`).
 */
export async function refIssues(
  tx: Tx,
  workspaceId: string,
  def: CampaignDefinition,
  live: boolean,
): Promise<ValidationIssue[]> {
  const refs = catalogRefs(def);
  const productKeys = [...new Set(refs.filter((r) => r.kind === 'product').map((r) => r.key))];
  const bundleKeys = [...new Set(refs.filter((r) => r.kind === 'bundle').map((r) => r.key))];
  const [noProduct, noBundle] = await Promise.all([
    missingProductKeys(tx, workspaceId, productKeys),
    missingBundleKeys(tx, workspaceId, bundleKeys),
  ]);
  const issues: ValidationIssue[] = refs
    .filter((r) => (r.kind === 'product' ? noProduct : noBundle).has(r.key))
    .map((r) => ({
      path: r.path,
      message: `No ${r.kind} with key "${r.key}" in this workspace`,
      code: r.kind === 'product' ? 'unknown_product' : 'unknown_bundle',
    }));
  if (live) {
    for (const u of unofferableTarget(def.target, await loadCatalog(tx, workspaceId))) {
      issues.push({ ...u, code: 'target_not_offerable' });
    }
  }
  for (const v of unfillableVariables(def)) {
    issues.push({
      path: ['content', v.locale, v.field],
      message: v.message,
      code: 'unknown_template_variable',
    });
  }
  return issues;
}

/** Refuses a definition with any of refIssues' problems: one 400 `validation_failed` listing each. */
export async function assertRefsResolve(
  tx: Tx,
  workspaceId: string,
  def: CampaignDefinition,
  live: boolean,
): Promise<void> {
  const issues = await refIssues(tx, workspaceId, def, live);
  if (issues.length) throw validationFailed(issues);
}
