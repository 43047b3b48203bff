/** Plain-data builders for the pure engine tests (no database). */

import { buildAffinityIndex } from '../../../server/domain/affinity.ts';
import type {
  AccountFacts,
  AccountState,
  AffinityIndex,
  CampaignRecord,
  Catalog,
  CatalogBundle,
  CatalogProduct,
  CounterRow,
  DecideContext,
  UserFacts,
} from '../../../server/domain/types.ts';
import { CampaignDefinition, type CampaignDefinitionInput } from '../../../shared/campaign.ts';
import { WorkspaceSettings } from '../../../shared/workspace.ts';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const daysAgo = (days: number, from: Date = NOW) => new Date(from.getTime() - days * 86_400_000);
export const daysAhead = (days: number, from: Date = NOW) => new Date(from.getTime() + days * 86_400_000);
/** The UTC day `days` before NOW, as counters store it. */
export const dayKey = (days: number) => daysAgo(days).toISOString().slice(0, 10);

export interface StateInput extends Partial<Omit<AccountState, 'account' | 'user' | 'owned'>> {
  account?: Partial<AccountFacts>;
  user?: Partial<UserFacts>;
  owned?: string[];
}

export function makeState(input: StateInput = {}): AccountState {
  const { account, user, owned, ...rest } = input;
  return {
    account: {
      id: 'acc-1',
      name: 'Acme',
      segment: 'smb',
      industry: 'software',
      seats: 12,
      plan: 'starter',
      mrr: 49_900,
      healthScore: 80,
      signupAt: daysAgo(200),
      renewalAt: daysAhead(200),
      firstPurchaseAt: daysAgo(190),
      attributes: {},
      test: false,
      ...account,
    },
    user: { id: 'user-1', role: 'admin', locale: 'en', attributes: {}, ...user },
    owned: new Set(owned ?? ['core']),
    entitlements: [],
    usage: {},
    counters: [],
    trials: [],
    messageStates: {},
    userPromptsToday: 0,
    accountPromptsToday: 0,
    accountServedToday: {},
    ...rest,
  };
}

/** One counter row `daysBack` days before NOW; userId '' = account level. */
export function counter(name: string, daysBack: number, count: number, userId = ''): CounterRow {
  return { name, userId, day: dayKey(daysBack), count };
}

export function product(key: string, overrides: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    key,
    name: key.charAt(0).toUpperCase() + key.slice(1),
    description: `${key} product`,
    role: 'attach',
    price: { amount: 10_000, currency: 'USD', interval: 'month' },
    prerequisites: [],
    trialDays: 14,
    ...overrides,
  };
}

export function makeCatalog(products: CatalogProduct[], bundles: CatalogBundle[] = []): Catalog {
  return {
    products: new Map(products.map((p) => [p.key, p])),
    bundles: new Map(bundles.map((b) => [b.key, b])),
  };
}

export const CATALOG = makeCatalog([
  product('core', { role: 'anchor', price: { amount: 49_900, currency: 'USD', interval: 'month' } }),
  product('reports', { price: { amount: 20_000, currency: 'USD', interval: 'month' } }),
  product('warehouse', { role: 'strategic' }),
  product('insights', { prerequisites: ['warehouse'] }),
  product('legacy', { role: 'sunset' }),
]);

export function makeCampaign(
  input: Partial<CampaignDefinitionInput> = {},
  record: Partial<Omit<CampaignRecord, 'definition'>> = {},
): CampaignRecord {
  const definition = CampaignDefinition.parse({
    name: 'Reports add-on',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: { en: { title: 'Automate your reports' } },
    holdout: { percent: 0 },
    ...input,
  });
  return { id: '00000000-0000-4000-8000-000000000001', version: 1, status: 'active', definition, ...record };
}

export function makeCtx(overrides: Partial<DecideContext> = {}): DecideContext {
  return {
    now: NOW,
    settings: WorkspaceSettings.parse({}),
    catalog: CATALOG,
    affinity: buildAffinityIndex(null),
    placement: 'global',
    slots: [],
    identityVerified: true,
    ...overrides,
  };
}

export const EMPTY_AFFINITY: AffinityIndex = buildAffinityIndex(null);
