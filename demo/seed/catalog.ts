import type { BundleInput, ProductInput } from '../../shared/catalog.ts';

export type Plan = 'starter' | 'professional' | 'enterprise';

/** Lumen's plans are products (the anchor, one per plan): an account owns the one it is on. */
export const PLAN_PRODUCT: Record<Plan, string> = {
  starter: 'lumen-starter',
  professional: 'lumen-professional',
  enterprise: 'lumen-enterprise',
};

export type QuotaMetric = 'dashboards' | 'data_rows_millions';

/** The quotas each plan includes. */
export const PLAN_LIMITS: Record<Plan, Record<QuotaMetric, number>> = {
  starter: { dashboards: 25, data_rows_millions: 10 },
  professional: { dashboards: 100, data_rows_millions: 50 },
  enterprise: { dashboards: 500, data_rows_millions: 250 },
};

/** What an add-on adds to its plan's quotas. */
const ADDON_LIMITS: Record<string, Record<QuotaMetric, number>> = {
  'capacity-pack': { dashboards: 400, data_rows_millions: 50 },
};

/** Whether owning this product changes an account's quotas (a plan, or an add-on such as capacity). */
export const changesQuotas = (key: string) => planOfProduct(key) !== undefined || key in ADDON_LIMITS;

/** An account's quotas: its plan's, plus what the add-ons it owns add. */
export function limitsOf(plan: Plan, owned: readonly string[]): Record<QuotaMetric, number> {
  const limits = { ...PLAN_LIMITS[plan] };
  for (const key of owned) {
    const extra = ADDON_LIMITS[key];
    if (!extra) continue;
    limits.dashboards += extra.dashboards;
    limits.data_rows_millions += extra.data_rows_millions;
  }
  return limits;
}

/** The plan a product is, if it is one. */
export const planOfProduct = (key: string): Plan | undefined =>
  (Object.keys(PLAN_PRODUCT) as Plan[]).find((plan) => PLAN_PRODUCT[plan] === key);

/**
 * Lumen Analytics' price list. `bit` values are fixed so the account product masks written by the
 * seed match the catalogue. Prices are per month in cents.
 */
export const DEMO_PRODUCTS: ReadonlyArray<ProductInput & { bit: number }> = [
  {
    bit: 0,
    key: 'lumen-starter',
    name: 'Lumen Starter',
    description: 'Dashboards, ad-hoc queries and sharing for small teams: 25 dashboards, 10M rows.',
    role: 'anchor',
    price: { amount: 19_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 0,
    plan: 'starter',
  },
  {
    bit: 7,
    key: 'lumen-professional',
    name: 'Lumen Professional',
    description: 'Lumen for growing teams: 100 dashboards, 50M rows.',
    role: 'anchor',
    price: { amount: 49_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 0,
    plan: 'professional',
  },
  {
    bit: 8,
    key: 'lumen-enterprise',
    name: 'Lumen Enterprise',
    description: 'Lumen at scale: 500 dashboards, 250M rows, a named success manager.',
    role: 'anchor',
    price: { amount: 149_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 0,
    plan: 'enterprise',
  },
  {
    bit: 1,
    key: 'capacity-pack',
    name: 'Capacity Pack',
    description: '+400 dashboards and +50M rows so growing teams never hit a wall.',
    role: 'attach',
    price: { amount: 9_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 0,
    plan: null,
  },
  {
    bit: 2,
    key: 'automation',
    name: 'Automation',
    description: 'Scheduled reports and alerts delivered to email, Slack and S3 — no more manual exports.',
    role: 'attach',
    price: { amount: 14_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 14,
    plan: null,
  },
  {
    bit: 3,
    key: 'warehouse-sync',
    name: 'Warehouse Sync',
    description: 'Two-way sync with Snowflake, BigQuery and Redshift, refreshed every 15 minutes.',
    role: 'attach',
    price: { amount: 19_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 14,
    plan: null,
  },
  {
    bit: 4,
    key: 'ai-insights',
    name: 'AI Insights',
    description: 'Anomaly detection and plain-language explanations on top of your synced warehouse.',
    role: 'attach',
    price: { amount: 24_900, currency: 'USD', interval: 'month' },
    prerequisites: ['warehouse-sync'],
    trialDays: 21,
    plan: null,
  },
  {
    bit: 5,
    key: 'sso-security',
    name: 'SSO & Security',
    description: 'SAML SSO, SCIM provisioning, audit log and data residency.',
    role: 'strategic',
    price: { amount: 29_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 30,
    plan: null,
  },
  {
    bit: 6,
    key: 'legacy-exports',
    name: 'Legacy Exports',
    description: 'The old CSV export add-on, kept for existing customers.',
    role: 'sunset',
    price: { amount: 4_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 0,
    plan: null,
  },
];

export const DEMO_BUNDLES: ReadonlyArray<BundleInput> = [
  {
    key: 'data-stack',
    name: 'Data Stack bundle',
    description: 'Warehouse Sync, Automation and AI Insights together.',
    productKeys: ['warehouse-sync', 'automation', 'ai-insights'],
    discountPercent: 20,
  },
];

export function productBit(key: string): number {
  const product = DEMO_PRODUCTS.find((p) => p.key === key);
  if (!product) throw new Error(`unknown demo product ${key}`);
  return product.bit;
}

export function productPrice(key: string): number {
  const product = DEMO_PRODUCTS.find((p) => p.key === key);
  if (!product) throw new Error(`unknown demo product ${key}`);
  return product.price.amount;
}

/** Bit mask of the products an account owns, as kept in accounts.product_mask. */
export function maskOf(keys: Iterable<string>): number {
  let mask = 0;
  for (const key of keys) mask |= 1 << productBit(key);
  return mask;
}
