/**
 * The engine's internal contract: plain data in, verdicts out. Services load `AccountState` in one
 * round trip and hand it, with the campaigns and context, to the pure functions in server/domain.
 * Time is always passed in (`now`), never read.
 */
import type { AffinityRule } from '../../shared/affinity.ts';
import type { CampaignDefinition, Channel, LifecycleStage, Motion } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import type { AffinityThresholds, WorkspaceSettings } from '../../shared/workspace.ts';

export interface AccountFacts {
  id: string;
  /** Display name (accounts.name); optional for loaders that do not select it. */
  name?: string | undefined;
  segment: string | null;
  industry: string | null;
  seats: number;
  plan: string | null;
  mrr: number;
  healthScore: number | null;
  signupAt: Date | null;
  renewalAt: Date | null;
  firstPurchaseAt: Date | null;
  attributes: Record<string, unknown>;
  /** The host's own staff, QA or demo account (see AccountInput.test). */
  test: boolean;
}

export interface UserFacts {
  id: string;
  role: string;
  locale?: string | undefined;
  attributes: Record<string, unknown>;
}

/** One day of one event for the account (userId '') or for one user. */
export interface CounterRow {
  name: string;
  userId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
}

export interface MessageStateFacts {
  impressions: number;
  dismissals: number;
  clicks: number;
  firstShownAt: Date | null;
  lastShownAt: Date | null;
  lastDismissedAt: Date | null;
  snoozedUntil: Date | null;
  convertedAt: Date | null;
}

export interface AccountState {
  account: AccountFacts;
  user: UserFacts;
  /** Product keys the account owns now (entitlement active or trial). */
  owned: ReadonlySet<string>;
  entitlements: Array<{ productKey: string; status: string; startedAt: Date; endsAt: Date | null }>;
  usage: Record<string, { value: number; limit: number | null }>;
  /** Counters of the last 90 days (account-level rows have userId ''). */
  counters: CounterRow[];
  trials: Array<{ productKey: string; status: string; startedAt: Date }>;
  /** This user's state per campaign id. */
  messageStates: Record<string, MessageStateFacts>;
  /** Prompts served to this user today (workspace-wide cap). */
  userPromptsToday: number;
  /** Prompts served to this account, all its users together, today (the optional account-wide cap). */
  accountPromptsToday: number;
  /** Prompts served to this account today, per campaign id. */
  accountServedToday: Record<string, number>;
  /**
   * Account-level event names ever seen, all time (optional). Counters only reach back 90 days, so
   * the loader should fill this for the workspace's activation milestones; milestones and the
   * `milestone` trigger read it together with `counters`.
   */
  eventsEverSeen?: ReadonlySet<string> | undefined;
}

export interface CatalogProduct {
  key: string;
  name: string;
  description: string;
  role: 'anchor' | 'attach' | 'strategic' | 'sunset';
  price: { amount: number; currency: string; interval: 'month' | 'year' };
  prerequisites: string[];
  trialDays: number;
  /** The account `plan` this product is (a tier), when it is one. */
  plan?: string | null;
}

export interface CatalogBundle {
  key: string;
  name: string;
  description: string;
  productKeys: string[];
  discountPercent: number;
}

export interface Catalog {
  products: ReadonlyMap<string, CatalogProduct>;
  bundles: ReadonlyMap<string, CatalogBundle>;
}

/** Pairwise affinity A→B from the latest snapshot (overall or the account's segment). */
export interface PairAffinity {
  antecedent: string;
  consequent: string;
  /** Accounts owning both. */
  count: number;
  support: number;
  /** P(consequent | antecedent) — the attach rate. */
  confidence: number;
  lift: number;
  /**
   * Set when the evidence is a multi-product rule {A,B}→C: the antecedent products (then
   * `antecedent` reads `A+B`).
   */
  antecedents?: string[] | undefined;
}

/**
 * Which figures an account's affinity is read from: its segment's own, the overall ones (with the
 * size of its segment when it has one that was too small), or none (no snapshot yet).
 */
export type AffinitySource =
  | { slice: 'segment' }
  | { slice: 'overall'; segmentAccounts?: number }
  | { slice: 'none' };

export interface AffinityIndex {
  /**
   * Pairs keyed `${antecedent}>${consequent}` with enough co-owning accounts, for the account's
   * segment when it is large enough, else overall.
   */
  pairs(segment: string | null): ReadonlyMap<string, PairAffinity>;
  /** Multi-product rules {A,B}→C of the same slice, keyed by consequent (optional for hand-built indexes). */
  rules?(segment: string | null): ReadonlyMap<string, readonly AffinityRule[]>;
  source(segment: string | null): AffinitySource;
  /** The evidence thresholds the index was built with (for explaining why nothing qualified). */
  thresholds: AffinityThresholds;
}

export interface CampaignRecord {
  id: string;
  version: number;
  status: 'draft' | 'active' | 'paused' | 'archived';
  definition: CampaignDefinition;
}

export interface DecideContext {
  now: Date;
  settings: WorkspaceSettings;
  catalog: Catalog;
  affinity: AffinityIndex;
  placement: string;
  slots: string[];
  pagePath?: string | undefined;
  locale?: string | undefined;
  /**
   * Whether the end-user token was verified (signed with the identity secret). Unverified or unknown
   * (undefined) identities never get `canPurchase` — secure by default.
   */
  identityVerified?: boolean | undefined;
}

/** Why a campaign is or is not eligible: a stable code and a sentence for the product manager. */
export interface Reason {
  code: string;
  message: string;
  /** True when this reason blocks the campaign. */
  blocking: boolean;
}

export interface ResolvedTarget {
  kind: 'product' | 'bundle' | 'tier';
  key: string;
  name: string;
  description: string;
  /** Affinity behind the choice (next best product), for ranking, leads and explain. */
  affinity?: PairAffinity | undefined;
}

export type CopyField = 'title' | 'body' | 'primaryLabel' | 'secondaryLabel' | 'imageAlt' | 'roiLine';

/** A campaign's copy in the locale served, filled for one account (message.ts fillCopy). */
export interface FilledCopy {
  locale: string;
  title: string;
  body: string;
  primaryLabel?: string | undefined;
  secondaryLabel?: string | undefined;
  roiLine?: string | undefined;
  imageUrl?: string | undefined;
  imageAlt?: string | undefined;
  /** Variables with no value for this account, in order of appearance, with the fields naming them. */
  missing: Array<{ variable: string; fields: CopyField[] }>;
}

export interface Verdict {
  campaignId: string;
  eligible: boolean;
  /** Every check's outcome, passing ones included (explain shows all). */
  reasons: Reason[];
  stage: LifecycleStage;
  target?: ResolvedTarget | undefined;
  channel: Channel;
  motion: Motion;
  holdout: boolean;
  /** Expected value used for ranking after priority. */
  score: number;
  /** Leaf triggers that fired, for leads and explain. */
  firedTriggers: string[];
  offer?: PricedOffer | undefined;
  /** The copy as filled when the target was known: decide serves exactly this text. */
  content?: FilledCopy | undefined;
  /** The copy experiment's variant of `content` (`original` or a variant key); unset without one. */
  variant?: string | undefined;
  /** The campaign's placement and priority, copied for ranking and explain. */
  placement?: string | undefined;
  priority?: number | undefined;
}
