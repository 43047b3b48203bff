import { copyVariant } from '../../server/domain/copy-variant.ts';
import { isHeldOut } from '../../server/domain/holdout.ts';
import { DEMO_CAMPAIGN_IDS, DEMO_CAMPAIGNS } from './campaigns.ts';
import { DEMO_PRODUCTS } from './catalog.ts';
import { DAY_MS, type DemoAccount, type DemoDataset, type DemoEntitlement, type DemoUser } from './model.ts';
import { createRng, type Rng, seedFrom } from './prng.ts';

/** How far back the campaigns have been running. */
export const HISTORY_DAYS = 75;
const SEED = 20_241_206;
const MINUTE_MS = 60_000;

export interface DemoDecision {
  id: string;
  campaignId: string;
  accountId: string;
  userId: string;
  outcome: 'served' | 'held_out';
  /** The copy a served decision gave, for a campaign testing copy (copy-variant.ts); else null. */
  variant: string | null;
  targetKey: string;
  motion: string;
  placement: string;
  at: Date;
}

export interface DemoInteraction {
  id: string;
  name: 'message.shown' | 'message.clicked' | 'message.dismissed';
  decisionId: string;
  campaignId: string;
  accountId: string;
  userId: string;
  at: Date;
}

/** A product event the host reports, naming the product it used in its props. */
export interface DemoProductEvent {
  id: string;
  name: string;
  accountId: string;
  userId: string;
  productKey: string;
  at: Date;
}

export interface DemoTrial {
  id: string;
  entitlementId: string;
  decisionId: string;
  campaignId: string;
  accountId: string;
  userId: string;
  productKey: string;
  startedAt: Date;
  endsAt: Date;
  /** Converted trials share the purchased entitlement; expired ones have their own, ended. */
  convertedAt: Date | null;
}

export interface DemoPurchase {
  id: string;
  decisionId: string;
  campaignId: string;
  accountId: string;
  userId: string;
  productKey: string;
  amount: number;
  at: Date;
}

export interface DemoMessageState {
  userId: string;
  accountId: string;
  campaignId: string;
  impressions: number;
  clicks: number;
  dismissals: number;
  firstShownAt: Date;
  lastShownAt: Date;
  lastDismissedAt: Date | null;
  convertedAt: Date | null;
}

export interface DemoHistory {
  decisions: DemoDecision[];
  interactions: DemoInteraction[];
  trials: DemoTrial[];
  purchases: DemoPurchase[];
  states: DemoMessageState[];
  /** By `accountId productKey`: the entitlements bought through a campaign (source `purchase`), so
   * trials and purchases can point at them. */
  entitlementIds: Map<string, string>;
  /** Products the prompts sold to treatment accounts that would not have bought them otherwise:
   * ownership beyond the dataset's, written as the purchases' entitlements. */
  ownership: DemoEntitlement[];
  /** Each buyer's first use of what it bought, when it got there: what activation reads. */
  firstUses: DemoProductEvent[];
}

/** The campaigns with history: the three product-led ones. Who each would have reached, and when. */
const SPECS = [
  {
    id: DEMO_CAMPAIGN_IDS.capacity,
    exposed: (a: DemoAccount) => Math.max(a.activity.quota.dashboards, a.activity.quota.rows) >= 0.85,
  },
  { id: DEMO_CAMPAIGN_IDS.automation, exposed: (a: DemoAccount) => a.activity.exportsPerDay >= 0.6 },
  { id: DEMO_CAMPAIGN_IDS.aiTrial, exposed: (a: DemoAccount) => a.owned.includes('warehouse-sync') },
] as const;

/**
 * The lift the prompts cause: of the treatment accounts that would not have bought on their own,
 * this share buys through the prompt (new ownership, listed in `ownership`). Both arms keep every
 * account the campaign reached, so they split as the holdout % says (no sample-ratio mismatch) and
 * the lift comes from conversion alone — about twice the holdout's rate, a lift guided prompts reach.
 */
const PROMPTED_SHARE = 0.12;
/**
 * What a buyer does first with what it bought (the product named in the event's props, as
 * activation reads it), and how many buyers get there, most within days: not all, so the
 * Analytics page's activation has something to show.
 */
const FIRST_USE: Readonly<Record<string, { event: string; share: number }>> = {
  'capacity-pack': { event: 'dashboard.created', share: 0.9 },
  automation: { event: 'report.scheduled', share: 0.8 },
  'ai-insights': { event: 'insights.explained', share: 0.6 },
};

/** The copy experiment's reworded copy sells better, so its result has something to show. */
const PROMPTED_SHARE_BY_VARIANT: Readonly<Record<string, number>> = { 'time-back': 0.2 };

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const at = (ms: number) => new Date(ms);

/**
 * Six weeks of campaign history for the ordinary accounts (never the personas, whose prompts must
 * stay as the README describes): decisions in the engine's own holdout assignment, impressions,
 * clicks, dismissals, guided trials and purchases. Buyers are the accounts whose host-synced
 * ownership of the target started in the window: in the treatment arm they bought through the
 * prompt (a purchase, the entitlement sourced `purchase`), in the holdout they bought on their own.
 * On top of them, PROMPTED_SHARE of the other treatment accounts bought because of the prompt.
 * Every account reached is kept, in either arm: sampling one arm more thinly than the other would
 * fake a lift and skew the split the sample-ratio check reads. Pure and deterministic for a given
 * `now`.
 */
export function historyFor(data: DemoDataset, now: Date): DemoHistory {
  const history: DemoHistory = {
    decisions: [],
    interactions: [],
    trials: [],
    purchases: [],
    states: [],
    entitlementIds: new Map(),
    ownership: [],
    firstUses: [],
  };
  const from = now.getTime() - HISTORY_DAYS * DAY_MS;
  const buyers = new Map<string, DemoUser>();
  for (const u of data.users) if (u.role !== 'member' && !buyers.has(u.accountId)) buyers.set(u.accountId, u);
  const starts = new Map(
    data.entitlements.map((e) => [`${e.accountId} ${e.productKey}`, e.startedAt.getTime()]),
  );
  for (const spec of SPECS) {
    const campaign = DEMO_CAMPAIGNS.find((c) => c.id === spec.id);
    if (!campaign) throw new Error(`demo campaign ${spec.id} is missing`);
    const def = campaign.definition;
    if (def.target.kind !== 'product') throw new Error('history campaigns target one product');
    const productKey = def.target.productKey;
    const product = DEMO_PRODUCTS.find((p) => p.key === productKey);
    if (!product) throw new Error(`unknown demo product ${productKey}`);
    for (const account of data.accounts) {
      const user = buyers.get(account.id);
      if (account.attributes.demo_persona !== undefined || !user) continue;
      const rng = createRng(seedFrom(`${spec.id} ${account.id}`, SEED));
      const earliest = Math.max(from, account.signupAt.getTime() + 14 * DAY_MS);
      const started = starts.get(`${account.id} ${productKey}`);
      const held = isHeldOut(campaign.id, account.id, def.holdout.percent);
      const variant = def.variants.length > 0 ? copyVariant(def, campaign.id, account.id).key : null;
      const buyer =
        started !== undefined && started > earliest + 4 * DAY_MS && started < now.getTime() - DAY_MS;
      if (!buyer && (account.owned.includes(productKey) || !spec.exposed(account))) continue;
      if (!buyer && earliest > now.getTime() - 2 * DAY_MS) continue;
      const exposure = {
        history,
        rng,
        campaignId: campaign.id,
        motion: def.motion,
        placement: def.presentation.placement,
        productKey,
        trialDays: def.trial?.enabled ? (def.trial.days ?? product.trialDays) : 0,
        price: product.price.amount,
        variant,
        account,
        user,
        now: now.getTime(),
      };
      if (buyer) recordBuyer(exposure, held, earliest, started);
      else if (
        !held &&
        earliest + 6 * DAY_MS < now.getTime() &&
        rng.chance(PROMPTED_SHARE_BY_VARIANT[variant ?? ''] ?? PROMPTED_SHARE)
      )
        recordPrompted(exposure, earliest);
      else recordNonBuyer(exposure, held, earliest);
    }
  }
  return history;
}

interface Exposure {
  history: DemoHistory;
  rng: Rng;
  campaignId: string;
  motion: string;
  placement: string;
  productKey: string;
  trialDays: number;
  price: number;
  /** The copy this account gets, when the campaign tests copy. */
  variant: string | null;
  account: DemoAccount;
  user: DemoUser;
  now: number;
}

function decide(e: Exposure, outcome: DemoDecision['outcome'], when: number): DemoDecision {
  const d: DemoDecision = {
    id: uuid(e.rng),
    campaignId: e.campaignId,
    accountId: e.account.id,
    userId: e.user.id,
    outcome,
    variant: outcome === 'served' ? e.variant : null,
    targetKey: e.productKey,
    motion: e.motion,
    placement: e.placement,
    at: at(when),
  };
  e.history.decisions.push(d);
  return d;
}

function interact(e: Exposure, decision: DemoDecision, name: DemoInteraction['name'], when: number): void {
  e.history.interactions.push({
    id: uuid(e.rng),
    name,
    decisionId: decision.id,
    campaignId: e.campaignId,
    accountId: e.account.id,
    userId: e.user.id,
    at: at(when),
  });
}

function trial(
  e: Exposure,
  decision: DemoDecision,
  entitlementId: string,
  start: number,
  convertedAt: Date | null,
) {
  e.history.trials.push({
    id: uuid(e.rng),
    entitlementId,
    decisionId: decision.id,
    campaignId: e.campaignId,
    accountId: e.account.id,
    userId: e.user.id,
    productKey: e.productKey,
    startedAt: at(start),
    endsAt: at(start + e.trialDays * DAY_MS),
    convertedAt,
  });
}

/** An account that bought in the window: prompted (and trialled) first in the treatment arm. */
function recordBuyer(e: Exposure, held: boolean, earliest: number, boughtAt: number): void {
  const trialFrom = e.trialDays > 0 ? boughtAt - e.rng.int(2, e.trialDays - 1) * DAY_MS : boughtAt;
  const first = Math.max(earliest, trialFrom - e.rng.int(0, 3) * DAY_MS - e.rng.int(5, 600) * MINUTE_MS);
  const trialStart = Math.max(trialFrom, first + 2 * MINUTE_MS);
  const decision = decide(e, held ? 'held_out' : 'served', first);
  if (held) return;
  interact(e, decision, 'message.shown', first + 2_000);
  interact(e, decision, 'message.clicked', first + e.rng.int(5, 90) * 1_000);
  const key = `${e.account.id} ${e.productKey}`;
  const entitlementId = uuid(e.rng);
  e.history.entitlementIds.set(key, entitlementId);
  if (e.trialDays > 0) trial(e, decision, entitlementId, trialStart, at(boughtAt));
  const purchaseId = uuid(e.rng);
  e.history.purchases.push({
    id: purchaseId,
    decisionId: decision.id,
    campaignId: e.campaignId,
    accountId: e.account.id,
    userId: e.user.id,
    productKey: e.productKey,
    amount: e.price,
    at: at(boughtAt),
  });
  recordFirstUse(e, purchaseId, boughtAt);
  e.history.states.push({
    userId: e.user.id,
    accountId: e.account.id,
    campaignId: e.campaignId,
    impressions: 1,
    clicks: 1,
    dismissals: 0,
    firstShownAt: at(first),
    lastShownAt: at(first),
    lastDismissedAt: null,
    convertedAt: at(boughtAt),
  });
}

/** The buyer's first use of the product, if it gets there before now. Its own stream, so whether
 * it does leaves the account's other draws alone. */
function recordFirstUse(e: Exposure, purchaseId: string, boughtAt: number): void {
  const use = FIRST_USE[e.productKey];
  const rng = createRng(seedFrom(`use ${purchaseId}`, SEED));
  if (!use || !rng.chance(use.share)) return;
  // Most within the first days; the odd one takes a couple of weeks.
  const usedAt = boughtAt + Math.round(rng.next() ** 2 * 14 * DAY_MS) + rng.int(1, 120) * MINUTE_MS;
  if (usedAt >= e.now) return;
  e.history.firstUses.push({
    id: uuid(rng),
    name: use.event,
    accountId: e.account.id,
    userId: e.user.id,
    productKey: e.productKey,
    at: at(usedAt),
  });
}

/** A treatment account the prompt sold to: it buys some days after the window opened for it. */
function recordPrompted(e: Exposure, earliest: number): void {
  const boughtAt = e.rng.int(earliest + 5 * DAY_MS, e.now - DAY_MS);
  recordBuyer(e, false, earliest, boughtAt);
  e.history.ownership.push({ accountId: e.account.id, productKey: e.productKey, startedAt: at(boughtAt) });
}

/** An account reached but not converted: shown once or twice, some click, some dismiss, some trial. */
function recordNonBuyer(e: Exposure, held: boolean, earliest: number): void {
  const first = e.rng.int(earliest, e.now - 2 * DAY_MS);
  const decision = decide(e, held ? 'held_out' : 'served', first);
  if (held) return;
  const shows = [first];
  if (e.rng.chance(0.3) && first + 3 * DAY_MS < e.now) shows.push(first + e.rng.int(1, 3) * DAY_MS);
  let last = decision;
  for (const [i, when] of shows.entries()) {
    if (i > 0) last = decide(e, 'served', when);
    interact(e, last, 'message.shown', when + 2_000);
  }
  const lastShown = shows.at(-1) ?? first;
  const clicked = e.rng.chance(0.25);
  const dismissedAt = !clicked && e.rng.chance(0.45) ? lastShown + e.rng.int(5, 60) * 1_000 : null;
  if (clicked) interact(e, last, 'message.clicked', lastShown + e.rng.int(5, 90) * 1_000);
  if (dismissedAt !== null) interact(e, last, 'message.dismissed', dismissedAt);
  // A trial that ran out without a purchase; one still running would change what the account owns.
  const trialStart = lastShown + 2 * MINUTE_MS;
  if (clicked && e.trialDays > 0 && e.rng.chance(0.6) && trialStart + e.trialDays * DAY_MS < e.now) {
    trial(e, last, uuid(e.rng), trialStart, null);
  }
  e.history.states.push({
    userId: e.user.id,
    accountId: e.account.id,
    campaignId: e.campaignId,
    impressions: shows.length,
    clicks: clicked ? 1 : 0,
    dismissals: dismissedAt === null ? 0 : 1,
    firstShownAt: at(first),
    lastShownAt: at(lastShown),
    lastDismissedAt: dismissedAt === null ? null : at(dismissedAt),
    convertedAt: null,
  });
}
