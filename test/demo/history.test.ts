import { describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGNS } from '../../demo/seed/campaigns.ts';
import { buildDataset } from '../../demo/seed/dataset.ts';
import { HISTORY_DAYS, historyFor } from '../../demo/seed/history.ts';
import { copyVariant } from '../../server/domain/copy-variant.ts';
import { isHeldOut } from '../../server/domain/holdout.ts';
import { sampleRatio } from '../../server/domain/sample-ratio.ts';

const NOW = new Date('2026-03-10T08:00:00Z');
const DAY_MS = 86_400_000;
const data = buildDataset(NOW, 'acct_holdout_007');
const history = historyFor(data, NOW);
const accounts = new Map(data.accounts.map((a) => [a.id, a]));
const holdoutPercent = new Map(DEMO_CAMPAIGNS.map((c) => [c.id, c.definition.holdout.percent]));
const ownedSince = new Map(
  [...data.entitlements, ...history.ownership].map((e) => [
    `${e.accountId} ${e.productKey}`,
    e.startedAt.getTime(),
  ]),
);
/** Each campaign's accounts by the arm of their first decision, as the lift report reads them. */
function firstArms() {
  const arms = new Map<string, 'served' | 'held_out'>();
  for (const d of history.decisions) {
    const key = `${d.campaignId} ${d.accountId} ${d.targetKey}`;
    if (!arms.has(key)) arms.set(key, d.outcome);
  }
  return arms;
}

describe('demo campaign history', () => {
  it('is deterministic for the same moment', () => {
    expect(historyFor(buildDataset(NOW, 'acct_holdout_007'), NOW)).toEqual(history);
  });

  it('lies in its window, after each account was past onboarding, never in the future', () => {
    const times = [
      ...history.decisions.map((d) => [d.accountId, d.at] as const),
      ...history.interactions.map((e) => [e.accountId, e.at] as const),
      ...history.purchases.map((p) => [p.accountId, p.at] as const),
    ];
    expect(times.length).toBeGreaterThan(1_000);
    for (const [accountId, at] of times) {
      const signup = accounts.get(accountId)?.signupAt.getTime() ?? Number.POSITIVE_INFINITY;
      expect(at.getTime()).toBeLessThan(NOW.getTime());
      expect(at.getTime()).toBeGreaterThanOrEqual(
        Math.max(NOW.getTime() - HISTORY_DAYS * DAY_MS, signup + 14 * DAY_MS),
      );
    }
  });

  it('leaves the personas alone', () => {
    const personas = new Set(
      data.accounts.filter((a) => a.attributes.demo_persona !== undefined).map((a) => a.id),
    );
    expect(personas.size).toBeGreaterThan(5);
    expect(history.decisions.filter((d) => personas.has(d.accountId))).toEqual([]);
  });

  it('puts each account in the arm the engine assigns, and shows nothing to the holdout', () => {
    const held = new Set<string>();
    for (const d of history.decisions) {
      expect(d.outcome === 'held_out').toBe(
        isHeldOut(d.campaignId, d.accountId, holdoutPercent.get(d.campaignId) ?? 0),
      );
      if (d.outcome === 'held_out') held.add(d.id);
    }
    expect(held.size).toBeGreaterThan(30);
    expect(history.interactions.filter((e) => held.has(e.decisionId))).toEqual([]);
  });

  it('buys only what the account owns, when its ownership started, after the prompt, and through its trial', () => {
    const decisions = new Map(history.decisions.map((d) => [d.id, d]));
    expect(history.purchases.length).toBeGreaterThan(50);
    // What only the prompt sold is new ownership, of treatment accounts, bought through a purchase.
    const dataset = new Set(data.entitlements.map((e) => `${e.accountId} ${e.productKey}`));
    const purchased = new Map(history.purchases.map((p) => [`${p.accountId} ${p.productKey}`, p]));
    expect(history.ownership.length).toBeGreaterThan(30);
    for (const o of history.ownership) {
      const key = `${o.accountId} ${o.productKey}`;
      expect(dataset.has(key)).toBe(false);
      expect(decisions.get(purchased.get(key)?.decisionId ?? '')?.outcome).toBe('served');
    }
    for (const p of history.purchases) {
      expect(ownedSince.get(`${p.accountId} ${p.productKey}`)).toBe(p.at.getTime());
      expect(decisions.get(p.decisionId)?.at.getTime()).toBeLessThan(p.at.getTime());
      expect(history.entitlementIds.has(`${p.accountId} ${p.productKey}`)).toBe(true);
    }
    for (const t of history.trials) {
      expect(t.startedAt.getTime()).toBeGreaterThan(decisions.get(t.decisionId)?.at.getTime() ?? Number.NaN);
      if (t.convertedAt) {
        expect(t.convertedAt.getTime()).toBeLessThan(t.endsAt.getTime());
        expect(t.entitlementId).toBe(history.entitlementIds.get(`${t.accountId} ${t.productKey}`));
      } else {
        // An expired trial: over before now, of a product the account does not own.
        expect(t.endsAt.getTime()).toBeLessThan(NOW.getTime());
        expect(ownedSince.has(`${t.accountId} ${t.productKey}`)).toBe(false);
      }
    }
  });

  it('has most buyers use what they bought, after buying and before now, so activation is not empty', () => {
    const bought = new Map(history.purchases.map((p) => [`${p.accountId} ${p.productKey}`, p.at.getTime()]));
    for (const use of history.firstUses) {
      const at = bought.get(`${use.accountId} ${use.productKey}`);
      expect(at, `${use.accountId} used ${use.productKey} without buying it`).toBeDefined();
      expect(use.at.getTime()).toBeGreaterThan(at ?? Number.NaN);
      expect(use.at.getTime()).toBeLessThan(NOW.getTime());
    }
    const share = history.firstUses.length / history.purchases.length;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.95);
  });

  it('converts the treatment arm more often than the holdout', () => {
    const arms = {
      served: { accounts: new Set<string>(), buyers: 0 },
      held_out: { accounts: new Set<string>(), buyers: 0 },
    };
    for (const [key, arm] of firstArms()) {
      const [, accountId, product] = key.split(' ');
      arms[arm].accounts.add(key);
      if (ownedSince.has(`${accountId} ${product}`)) arms[arm].buyers += 1;
    }
    const rate = (arm: keyof typeof arms) => arms[arm].buyers / arms[arm].accounts.size;
    expect(rate('served')).toBeGreaterThan(rate('held_out'));
    expect(rate('held_out')).toBeGreaterThan(0);
  });

  it('keeps every account reached in either arm, so each campaign splits as its holdout % says', () => {
    const arms = new Map<string, { treatment: number; holdout: number }>();
    for (const [key, arm] of firstArms()) {
      const campaignId = key.split(' ')[0] ?? '';
      const counts = arms.get(campaignId) ?? { treatment: 0, holdout: 0 };
      if (arm === 'held_out') counts.holdout += 1;
      else counts.treatment += 1;
      arms.set(campaignId, counts);
    }
    expect(arms.size).toBe(3);
    for (const [campaignId, { treatment, holdout }] of arms) {
      const expected = (holdoutPercent.get(campaignId) ?? 0) / 100;
      expect(sampleRatio(treatment, holdout, expected)).toMatchObject({ mismatch: false });
    }
  });

  it('records the copy each served decision of the experimenting campaign gave, as decide assigns it', () => {
    const campaign = DEMO_CAMPAIGNS.find((c) => c.definition.variants.length > 0);
    if (!campaign) throw new Error('no demo campaign tests copy');
    const served = new Map<string, string>();
    for (const d of history.decisions) {
      if (d.campaignId !== campaign.id || d.outcome === 'held_out') {
        expect(d.variant).toBeNull();
        continue;
      }
      expect(d.variant).toBe(copyVariant(campaign.definition, campaign.id, d.accountId).key);
      served.set(d.accountId, d.variant ?? '');
    }
    const keys = [...served.values()];
    const variantShare = keys.filter((k) => k !== 'original').length / keys.length;
    expect(keys.length).toBeGreaterThan(100);
    expect(Math.abs(variantShare - 0.5)).toBeLessThan(0.1);
  });
});
