import { CampaignDefinition } from '../../shared/campaign.ts';
import type { Tx } from '../db/client.ts';
import { selectActiveCampaigns } from '../db/queries/campaigns.ts';
import { newlyUnofferable } from '../domain/targets.ts';
import type { Catalog } from '../domain/types.ts';
import { validationFailed } from '../http/validation.ts';
import { loadCatalog } from './catalog-cache.ts';

/**
 * An active campaign may only target what can be offered (campaign-refs.ts checks it when the
 * campaign is saved or activated). A catalogue edit must not undo that behind the campaign's back
 * (a product sunset, a sunset product put into a bundle): the campaign would go on running while no
 * account could ever see it. `change` is the edit applied to the catalogue; `field` is the input
 * field the refusal names.
 */
export async function assertLiveTargetsStayOfferable(
  tx: Tx,
  workspaceId: string,
  change: (catalog: Catalog) => Catalog,
  field: string,
): Promise<void> {
  const live = await selectActiveCampaigns(tx, workspaceId);
  if (live.length === 0) return;
  const before = await loadCatalog(tx, workspaceId);
  const after = change(before);
  const hits = new Map<string, string[]>();
  for (const row of live) {
    for (const { message } of newlyUnofferable(
      CampaignDefinition.parse(row.definition).target,
      before,
      after,
    )) {
      hits.set(message, [...(hits.get(message) ?? []), `"${row.name}"`]);
    }
  }
  if (hits.size === 0) return;
  throw validationFailed(
    [...hits].map(([message, names]) => ({
      path: [field],
      message: `${message}, yet active campaigns target it (${names.join(', ')}): pause them first`,
      code: 'target_not_offerable',
    })),
  );
}
