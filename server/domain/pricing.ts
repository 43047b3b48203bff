/**
 * Offer pricing — server only; the purchase path calls the same function to re-price and compares
 * `version` (a changed price is refused).
 *
 *   priceOffer(target, terms, catalog, now, firstShownAt?, plan?) → PricedOffer   (throws PricingError)
 *   offerVersion(offer without version)                    → hex hash of every priced field
 *   monthlyAmount(offer)                                    → first-period amount per month (ranking)
 *
 * All amounts are integer minor units; each step rounds half up (Math.round), in this order:
 *   list      product price, or the sum of a bundle's products (year prices become /12 months
 *             when the parts' intervals differ; mixed currencies are refused)
 *   bundle    list × (1 − bundle%)                                 = base
 *   credit    a tier upgrade from a plan the catalogue prices (a product whose `plan` is the
 *             account's plan, same currency): base = max(0, list − that plan's price), the plan's
 *             price taken per the tier's interval (× 12 or / 12). The upgrade costs the difference
 *             and replaces the plan on purchase (purchases.ts); without such a product the tier
 *             costs its full price and nothing is replaced.
 *   annual    monthly base: alternative `annual` = base × 12 × (1 − annual%)
 *             yearly base:  folded into the first period (base × (1 − annual%))
 *   intro     monthly: first period × (1 − intro%);
 *             yearly: intro% × min(months, 12)/12 off the first year (prorated)
 *   amount    what the first period costs after every discount
 * Expiry: `expiresAt`, and/or `expiresInDays` counted from the user's first impression (or `now`
 * when not yet shown) — the earlier wins. `version` covers the priced fields (kind, key, currency,
 * interval, amounts, discounts, annual) but neither the display name nor the expiry: a product
 * renamed, or an expiry recomputed from a slightly different first-impression time, is the same
 * price. The purchase path checks expiry on its own.
 */
import type { OfferTerms } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { cyrb53Hex } from './hash.ts';
import { DAY_MS } from './time.ts';
import type { Catalog, CatalogProduct, ResolvedTarget } from './types.ts';

export class PricingError extends Error {
  constructor(
    readonly code: 'unknown_product' | 'unknown_bundle' | 'mixed_currency',
    message: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}

interface ListPrice {
  listAmount: number;
  currency: string;
  interval: 'month' | 'year';
  bundlePercent: number;
}

function productPrice(catalog: Catalog, key: string) {
  const product = catalog.products.get(key);
  if (!product) throw new PricingError('unknown_product', `Product ${key} is not in the catalogue.`);
  return product.price;
}

function listPrice(target: ResolvedTarget, catalog: Catalog): ListPrice {
  if (target.kind !== 'bundle') {
    const price = productPrice(catalog, target.key);
    return { listAmount: price.amount, currency: price.currency, interval: price.interval, bundlePercent: 0 };
  }
  const bundle = catalog.bundles.get(target.key);
  if (!bundle) throw new PricingError('unknown_bundle', `Bundle ${target.key} is not in the catalogue.`);
  const prices = bundle.productKeys.map((k) => productPrice(catalog, k));
  const currency = prices[0]?.currency ?? 'USD';
  if (prices.some((p) => p.currency !== currency)) {
    throw new PricingError('mixed_currency', `Bundle ${target.key} mixes currencies.`);
  }
  const interval = prices.every((p) => p.interval === 'year') ? 'year' : 'month';
  const listAmount = prices.reduce(
    (sum, p) => sum + (p.interval === interval ? p.amount : Math.round(p.amount / 12)),
    0,
  );
  return { listAmount, currency, interval, bundlePercent: bundle.discountPercent };
}

/**
 * The account's current plan as a tier upgrade credits it: the catalogue product whose `plan` is
 * the account's plan, in the tier's currency and not the tier itself, with its price per the tier's
 * interval (a year is twelve months). Undefined when the catalogue prices no such plan.
 */
export function currentPlanPrice(
  catalog: Catalog,
  plan: string | null | undefined,
  tier: { key: string; price: CatalogProduct['price'] },
): { product: CatalogProduct; amount: number } | undefined {
  if (!plan) return undefined;
  let product: CatalogProduct | undefined;
  for (const p of catalog.products.values()) {
    if (p.plan !== plan) continue;
    product = p;
    break;
  }
  if (!product || product.key === tier.key || product.price.currency !== tier.price.currency)
    return undefined;
  const { amount, interval } = product.price;
  const per =
    interval === tier.price.interval ? amount : interval === 'month' ? amount * 12 : Math.round(amount / 12);
  return { product, amount: per };
}

/** The credit a tier upgrade's offer carries (see the header); never more than the list price. */
function planCredit(
  target: ResolvedTarget,
  list: ListPrice,
  catalog: Catalog,
  plan: string | null | undefined,
) {
  if (target.kind !== 'tier' || !plan) return undefined;
  const tier = {
    key: target.key,
    price: { amount: list.listAmount, currency: list.currency, interval: list.interval },
  };
  const current = currentPlanPrice(catalog, plan, tier);
  if (!current) return undefined;
  const { key, name } = current.product;
  return { key, name, plan, amount: Math.min(current.amount, list.listAmount) };
}

function off(amount: number, percent: number): number {
  return Math.round(amount * (1 - percent / 100));
}

function expiry(terms: OfferTerms, now: Date, firstShownAt: Date | null | undefined): string | undefined {
  const candidates: number[] = [];
  if (terms.expiresAt) candidates.push(Date.parse(terms.expiresAt));
  if (terms.expiresInDays !== undefined) {
    candidates.push((firstShownAt ?? now).getTime() + terms.expiresInDays * DAY_MS);
  }
  return candidates.length > 0 ? new Date(Math.min(...candidates)).toISOString() : undefined;
}

/** Hash of every priced field, in a fixed order (so key order of the object never matters). */
export function offerVersion(offer: Omit<PricedOffer, 'version'>): string {
  const fields = [
    offer.kind,
    offer.key,
    offer.currency,
    offer.interval,
    offer.listAmount,
    offer.amount,
    offer.discounts.map((d) => [d.kind, d.percent, d.months ?? null]),
    offer.annual ? [offer.annual.amount, offer.annual.percentOff] : null,
    offer.credit ? [offer.credit.key, offer.credit.amount] : null,
  ];
  return cyrb53Hex(JSON.stringify(fields));
}

export function priceOffer(
  target: ResolvedTarget,
  terms: OfferTerms,
  catalog: Catalog,
  now: Date,
  firstShownAt?: Date | null,
  plan?: string | null,
): PricedOffer {
  const list = listPrice(target, catalog);
  const discounts: PricedOffer['discounts'] = [];
  if (list.bundlePercent > 0) discounts.push({ kind: 'bundle', percent: list.bundlePercent });
  const credit = planCredit(target, list, catalog, plan);
  const base = off(list.listAmount, list.bundlePercent) - (credit?.amount ?? 0);
  let amount = base;
  let annual: PricedOffer['annual'];
  const annualPercent = terms.annualPercentOff ?? 0;
  if (terms.annualPercentOff !== undefined && list.interval === 'month') {
    annual = { amount: off(base * 12, annualPercent), percentOff: annualPercent };
  } else if (annualPercent > 0) {
    amount = off(amount, annualPercent);
    discounts.push({ kind: 'annual', percent: annualPercent });
  }
  if (terms.intro) {
    const { percent, months } = terms.intro;
    const share = list.interval === 'month' ? 1 : Math.min(months, 12) / 12;
    amount -= Math.round((amount * percent * share) / 100);
    discounts.push({ kind: 'intro', percent, months });
  }
  const expiresAt = expiry(terms, now, firstShownAt);
  const priced: Omit<PricedOffer, 'version'> = {
    kind: target.kind,
    key: target.key,
    name: target.name,
    currency: list.currency,
    interval: list.interval,
    listAmount: list.listAmount,
    amount,
    discounts,
    ...(annual ? { annual } : {}),
    ...(credit ? { credit } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
  return { version: offerVersion(priced), ...priced };
}

/** The first period's amount per month, for ranking by expected value. */
export function monthlyAmount(offer: Pick<PricedOffer, 'amount' | 'interval'>): number {
  return offer.interval === 'year' ? offer.amount / 12 : offer.amount;
}
