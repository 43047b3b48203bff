import type { CampaignDefinition, LeafTrigger, TriggerGroup } from './campaign.ts';

type Path = Array<string | number>;

/** A product or bundle a campaign definition names, and where. */
export interface CatalogRef {
  kind: 'product' | 'bundle';
  key: string;
  path: Path;
}

function triggerRefs(group: TriggerGroup, path: Path, out: CatalogRef[]): void {
  group.triggers.forEach((t: LeafTrigger | TriggerGroup, i) => {
    if (t.type === 'all' || t.type === 'any') triggerRefs(t as TriggerGroup, [...path, 'triggers', i], out);
    else if (t.type === 'trial_day')
      out.push({ kind: 'product', key: t.productKey, path: [...path, 'triggers', i, 'productKey'] });
  });
}

/**
 * Every catalogue key a definition names, with the JSON path where it is named: the API refuses a
 * definition naming one its workspace lacks, and the console names them when a campaign is imported.
 */
export function catalogRefs(def: CampaignDefinition): CatalogRef[] {
  const refs: CatalogRef[] = [];
  const add = (kind: CatalogRef['kind'], keys: readonly string[], path: Path) => {
    keys.forEach((key, i) => {
      refs.push({ kind, key, path: [...path, i] });
    });
  };
  const t = def.target;
  if (t.kind === 'product' || t.kind === 'tier') {
    refs.push({ kind: 'product', key: t.productKey, path: ['target', 'productKey'] });
  }
  if (t.kind === 'bundle') refs.push({ kind: 'bundle', key: t.bundleKey, path: ['target', 'bundleKey'] });
  if (t.kind === 'next_best') add('product', t.candidates, ['target', 'candidates']);
  add('product', def.audience.ownsAll, ['audience', 'ownsAll']);
  add('product', def.audience.ownsNone, ['audience', 'ownsNone']);
  triggerRefs(def.triggers, ['triggers'], refs);
  return refs;
}
