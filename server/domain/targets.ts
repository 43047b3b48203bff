/**
 * Resolving a campaign's target to something the account can buy.
 *
 *   resolveTarget(target, state, catalog, affinity) → { target?, reasons }
 *   nextBestProduct(options, state, catalog, affinity) → ResolvedTarget (with its affinity) | undefined
 *   checkPrerequisites(productKeys, state, catalog, alsoProvided?) → Reason
 *   bestAffinity(productKey, owned, affinity, segment) → the strongest evidence A→product or {A,B}→product
 *
 * Never offered: a product the account owns, a sunset product, a product whose prerequisites the
 * account lacks (a bundle may provide a prerequisite itself), a bundle with any part already owned
 * (it would charge for what they have), a tier the account is already on.
 * Next best: among `candidates` (default: every `attach` product) the account lacks, with
 * prerequisites met, the one whose best rule A→B or {A,C}→B (antecedents owned) has the highest
 * confidence, then lift, then key; rules below `minConfidence` or `minLift` do not count. Affinity is the account's segment
 * slice when the snapshot has it.
 */
import type { AffinityRule } from '../../shared/affinity.ts';
import type { Target } from '../../shared/campaign.ts';
import { pairKey } from './affinity.ts';
import { fail, pass } from './reasons.ts';
import type {
  AccountState,
  AffinityIndex,
  Catalog,
  CatalogProduct,
  PairAffinity,
  Reason,
  ResolvedTarget,
} from './types.ts';

export interface TargetResolution {
  target?: ResolvedTarget | undefined;
  reasons: Reason[];
}

type NextBest = Extract<Target, { kind: 'next_best' }>;

export function checkPrerequisites(
  productKeys: readonly string[],
  state: AccountState,
  catalog: Catalog,
  alsoProvided: readonly string[] = [],
): Reason {
  const missing = new Set<string>();
  for (const key of productKeys) {
    for (const pre of catalog.products.get(key)?.prerequisites ?? []) {
      if (!state.owned.has(pre) && !alsoProvided.includes(pre)) missing.add(pre);
    }
  }
  return missing.size > 0
    ? fail('target.prerequisites_missing', `Prerequisites not owned: ${[...missing].join(', ')}.`)
    : pass('target.prerequisites', 'Prerequisites satisfied.');
}

type Strength = Pick<PairAffinity, 'confidence' | 'lift'>;

function stronger(a: Strength, b: Strength | undefined): boolean {
  return !b || a.confidence > b.confidence || (a.confidence === b.confidence && a.lift > b.lift);
}

/** A rule {A,B}→C in the pair shape (`antecedent` reads `A+B`). */
function ruleAsPair(rule: AffinityRule): PairAffinity {
  const { antecedent, ...rest } = rule;
  return { ...rest, antecedent: antecedent.join('+'), antecedents: antecedent };
}

/**
 * The strongest evidence for `productKey` from what the account owns: pairs A→product with A owned,
 * and rules {A,B}→product with A and B owned. Highest confidence wins, then lift.
 */
export function bestAffinity(
  productKey: string,
  owned: ReadonlySet<string>,
  affinity: AffinityIndex,
  segment: string | null,
): PairAffinity | undefined {
  const pairs = affinity.pairs(segment);
  let best: PairAffinity | undefined;
  for (const a of owned) {
    const p = pairs.get(pairKey(a, productKey));
    if (p && stronger(p, best)) best = p;
  }
  // Only the winning rule is reshaped (this runs per campaign on every decide call).
  let bestRule: AffinityRule | undefined;
  for (const rule of affinity.rules?.(segment).get(productKey) ?? []) {
    if (!rule.antecedent.every((k) => owned.has(k))) continue;
    if (stronger(rule, bestRule ?? best)) bestRule = rule;
  }
  return bestRule ? ruleAsPair(bestRule) : best;
}

function resolved(kind: ResolvedTarget['kind'], entry: { key: string; name: string; description: string }) {
  return { kind, key: entry.key, name: entry.name, description: entry.description };
}

function productReasons(product: CatalogProduct, state: AccountState, catalog: Catalog): Reason[] {
  const reasons: Reason[] = [];
  if (product.role === 'sunset') reasons.push(fail('target.sunset', `${product.key} is a sunset product.`));
  if (state.owned.has(product.key))
    reasons.push(fail('target.owned', `The account already owns ${product.key}.`));
  reasons.push(checkPrerequisites([product.key], state, catalog));
  return reasons;
}

function eligibleCandidate(product: CatalogProduct, state: AccountState, catalog: Catalog): boolean {
  return productReasons(product, state, catalog).every((r) => !r.blocking);
}

export function nextBestProduct(
  options: NextBest,
  state: AccountState,
  catalog: Catalog,
  affinity: AffinityIndex,
): ResolvedTarget | undefined {
  let best: { product: CatalogProduct; pair: PairAffinity } | undefined;
  for (const product of catalog.products.values()) {
    const listed =
      options.candidates.length > 0 ? options.candidates.includes(product.key) : product.role === 'attach';
    if (!listed || !eligibleCandidate(product, state, catalog)) continue;
    const pair = bestAffinity(product.key, state.owned, affinity, state.account.segment);
    if (!pair || pair.confidence < options.minConfidence || pair.lift < options.minLift) continue;
    const b = best?.pair;
    const better =
      !b ||
      pair.confidence > b.confidence ||
      (pair.confidence === b.confidence &&
        (pair.lift > b.lift || (pair.lift === b.lift && product.key < (best?.product.key ?? ''))));
    if (better) best = { product, pair };
  }
  return best && { ...resolved('product', best.product), affinity: best.pair };
}

function resolveBundle(
  bundleKey: string,
  state: AccountState,
  catalog: Catalog,
  affinity: AffinityIndex,
): TargetResolution {
  const bundle = catalog.bundles.get(bundleKey);
  if (!bundle)
    return { reasons: [fail('target.unknown_bundle', `Bundle ${bundleKey} is not in the catalogue.`)] };
  const reasons: Reason[] = [];
  const parts = bundle.productKeys.map((k) => catalog.products.get(k));
  const unknown = bundle.productKeys.filter((_, i) => !parts[i]);
  if (unknown.length > 0)
    reasons.push(fail('target.unknown_product', `Unknown products in bundle: ${unknown.join(', ')}.`));
  const sunset = parts.filter((p) => p?.role === 'sunset').map((p) => p?.key);
  if (sunset.length > 0)
    reasons.push(fail('target.sunset', `Bundle contains sunset products: ${sunset.join(', ')}.`));
  const owned = bundle.productKeys.filter((k) => state.owned.has(k));
  if (owned.length > 0)
    reasons.push(fail('target.owned', `The account already owns ${owned.join(', ')} of the bundle.`));
  reasons.push(checkPrerequisites(bundle.productKeys, state, catalog, bundle.productKeys));
  // The bundle's affinity is its strongest part's, so ranking treats it like its best product.
  let best: PairAffinity | undefined;
  for (const key of bundle.productKeys) {
    const pair = bestAffinity(key, state.owned, affinity, state.account.segment);
    if (pair && stronger(pair, best)) best = pair;
  }
  return { target: { ...resolved('bundle', bundle), affinity: best }, reasons };
}

export function resolveTarget(
  target: Target,
  state: AccountState,
  catalog: Catalog,
  affinity: AffinityIndex,
): TargetResolution {
  switch (target.kind) {
    case 'product':
    case 'tier': {
      const product = catalog.products.get(target.productKey);
      if (!product) {
        return {
          reasons: [fail('target.unknown_product', `Product ${target.productKey} is not in the catalogue.`)],
        };
      }
      const reasons = productReasons(product, state, catalog);
      if (target.kind === 'tier' && state.account.plan === target.toPlan) {
        reasons.push(fail('target.tier_current', `The account is already on plan ${target.toPlan}.`));
      }
      const pair = bestAffinity(product.key, state.owned, affinity, state.account.segment);
      return { target: { ...resolved(target.kind, product), affinity: pair }, reasons };
    }
    case 'bundle':
      return resolveBundle(target.bundleKey, state, catalog, affinity);
    case 'next_best': {
      const chosen = nextBestProduct(target, state, catalog, affinity);
      if (!chosen) {
        const msg = `No product the account lacks reaches confidence ≥ ${target.minConfidence} and lift ≥ ${target.minLift}.`;
        return { reasons: [fail('target.no_next_best', msg)] };
      }
      const a = chosen.affinity;
      const why = a
        ? ` (${a.antecedent}→${a.consequent}: confidence ${a.confidence.toFixed(2)}, lift ${a.lift.toFixed(2)})`
        : '';
      return {
        target: chosen,
        reasons: [pass('target.next_best', `Next best product: ${chosen.key}${why}.`)],
      };
    }
  }
}
