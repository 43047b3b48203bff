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
 * (it would charge for what they have), a tier the account is already on, a tier whose campaign
 * lists the plans it upgrades from when the account is on none of them (e.g. a higher one), or a
 * tier that costs no more than the account's plan when the catalogue prices that plan.
 * Next best: among `candidates` (default: every `attach` product) the account lacks, with
 * prerequisites met, the one whose best rule A→B or {A,C}→B (antecedents owned) has the highest
 * confidence, then lift, then key; rules below `minConfidence` or `minLift` do not count. Affinity is the
 * account's segment slice when that segment is large enough, else the overall one, and only pairs and
 * rules enough accounts co-own count at all (the index's thresholds; see buildAffinityIndex).
 */
import type { AffinityRule } from '../../shared/affinity.ts';
import type { Target } from '../../shared/campaign.ts';
import { pairKey } from './affinity.ts';
import { currentPlanPrice } from './pricing.ts';
import { fail, pass } from './reasons.ts';
import { formatMoney } from './templates.ts';
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

/** Says which figures were searched and what evidence counted, so "why nothing?" has an answer. */
function noNextBestMessage(target: NextBest, affinity: AffinityIndex, segment: string | null): string {
  const { minCoOwners, minSegmentAccounts } = affinity.thresholds;
  const source = affinity.source(segment);
  const head = `No product the account lacks reaches confidence ≥ ${target.minConfidence} and lift ≥ ${target.minLift}`;
  if (source.slice === 'none') return `${head}: no affinity has been computed yet.`;
  const figures =
    source.slice === 'segment'
      ? `segment ${segment}'s figures`
      : source.segmentAccounts !== undefined
        ? `the overall figures (segment ${segment} has ${source.segmentAccounts} accounts, fewer than ${minSegmentAccounts})`
        : 'the overall figures';
  return `${head} in ${figures}, counting only pairs at least ${minCoOwners} accounts own together.`;
}

/** A tier upgrade is for accounts on a plan below it: never the plan itself, and, when the campaign
 * lists the plans it upgrades from, only those (so an account above the tier is never offered it);
 * when the catalogue prices the account's plan, only a dearer tier is an upgrade. */
function tierReasons(
  target: Extract<Target, { kind: 'tier' }>,
  product: CatalogProduct,
  plan: string | null,
  catalog: Catalog,
): Reason[] {
  if (plan === target.toPlan) {
    return [fail('target.tier_current', `The account is already on plan ${target.toPlan}.`)];
  }
  if (target.fromPlans.length > 0 && (plan === null || !target.fromPlans.includes(plan))) {
    const on = plan === null ? 'no known plan' : `plan ${plan}`;
    const msg = `The account is on ${on}; this upgrade is from ${target.fromPlans.join(', ')} only.`;
    return [fail('target.tier_from_plan', msg)];
  }
  const current = currentPlanPrice(catalog, plan, product);
  if (current && current.amount >= product.price.amount) {
    const { currency, interval, amount } = product.price;
    const [a, b] = [formatMoney(current.amount, currency, 'en'), formatMoney(amount, currency, 'en')];
    const msg = `Plan ${plan} (${current.product.key}) costs ${a} per ${interval}, not less than ${product.key}'s ${b}: not an upgrade.`;
    return [fail('target.tier_not_higher', msg)];
  }
  return [];
}

/**
 * Where a target names something no account can ever be offered: a sunset product, or a bundle
 * holding one. Refused when a campaign is live, where it would block every account (`target.sunset`).
 */
export function unofferableTarget(
  target: Target,
  catalog: Catalog,
): Array<{ path: string[]; message: string }> {
  if (target.kind === 'product' || target.kind === 'tier') {
    const product = catalog.products.get(target.productKey);
    return product?.role === 'sunset'
      ? [
          {
            path: ['target', 'productKey'],
            message: `${product.key} is a sunset product: it is never offered`,
          },
        ]
      : [];
  }
  if (target.kind === 'bundle') {
    const sunset = (catalog.bundles.get(target.bundleKey)?.productKeys ?? []).filter(
      (key) => catalog.products.get(key)?.role === 'sunset',
    );
    return sunset.length
      ? [
          {
            path: ['target', 'bundleKey'],
            message: `The bundle holds sunset products (${sunset.join(', ')}): it is never offered`,
          },
        ]
      : [];
  }
  return [];
}

/**
 * What a catalogue change newly makes unofferable of `target`: empty when it stays offerable, or
 * when it already was not (the change cannot make that worse, and may be its fix). Live campaigns'
 * targets were checked when they went live; catalogue edits keep that true.
 */
export function newlyUnofferable(
  target: Target,
  before: Catalog,
  after: Catalog,
): Array<{ path: string[]; message: string }> {
  return unofferableTarget(target, before).length > 0 ? [] : unofferableTarget(target, after);
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
      if (target.kind === 'tier') reasons.push(...tierReasons(target, product, state.account.plan, catalog));
      const pair = bestAffinity(product.key, state.owned, affinity, state.account.segment);
      return { target: { ...resolved(target.kind, product), affinity: pair }, reasons };
    }
    case 'bundle':
      return resolveBundle(target.bundleKey, state, catalog, affinity);
    case 'next_best': {
      const chosen = nextBestProduct(target, state, catalog, affinity);
      if (!chosen) {
        const msg = noNextBestMessage(target, affinity, state.account.segment);
        return { reasons: [fail('target.no_next_best', msg)] };
      }
      const a = chosen.affinity;
      const why = a
        ? ` (${a.antecedent}→${a.consequent}: ${a.count} accounts, confidence ${a.confidence.toFixed(2)}, lift ${a.lift.toFixed(2)})`
        : '';
      return {
        target: chosen,
        reasons: [pass('target.next_best', `Next best product: ${chosen.key}${why}.`)],
      };
    }
  }
}
