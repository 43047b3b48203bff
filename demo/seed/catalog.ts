import type { BundleInput, ProductInput } from '../../shared/catalog.ts';

/**
 * Lumen Analytics' price list. `bit` values are fixed so the account product masks written by the
 * seed match the catalogue. Prices are per month in cents.
 */
export const DEMO_PRODUCTS: ReadonlyArray<ProductInput & { bit: number }> = [
  {
    bit: 0,
    key: 'lumen-core',
    name: 'Lumen Core',
    description: 'Dashboards, ad-hoc queries and sharing for the whole team.',
    role: 'anchor',
    price: { amount: 49_900, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 14,
    plan: null,
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

export type DemoProductKey =
  | 'lumen-core'
  | 'capacity-pack'
  | 'automation'
  | 'warehouse-sync'
  | 'ai-insights'
  | 'sso-security'
  | 'legacy-exports';

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
