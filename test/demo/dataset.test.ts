import { describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGNS } from '../../demo/seed/campaigns.ts';
import { PLAN_PRODUCT, planOfProduct } from '../../demo/seed/catalog.ts';
import { buildDataset } from '../../demo/seed/dataset.ts';
import { unfillableVariables } from '../../server/domain/copy-variables.ts';

const MORNING = new Date('2026-03-10T08:00:00Z');
const EVENING = new Date('2026-03-10T20:00:00Z');
const shape = (now: Date) => {
  const data = buildDataset(now, 'acct_holdout_007');
  return {
    accounts: data.accounts.map((a) => [a.id, a.segment, a.plan, a.seats, a.owned.join('+'), a.healthScore]),
    users: data.users.map((u) => [u.id, u.role, u.email]),
    former: data.former.map((a) => [a.id, a.segment, a.plan]),
  };
};

describe('demo dataset', () => {
  it('is deterministic: the same accounts, products and users at any time of the seeding day', () => {
    expect(shape(EVENING)).toEqual(shape(MORNING));
  });

  it('has former customers owning nothing now, each product ended one day in the last year, weeks after signup', () => {
    const data = buildDataset(MORNING, 'acct_holdout_007');
    expect(data.former.length).toBeGreaterThan(20);
    const current = new Set(data.accounts.map((a) => a.id));
    for (const account of data.former) {
      expect(current.has(account.id)).toBe(false);
      expect([account.owned, account.mrr]).toEqual([[], 0]);
      const ended = data.entitlements.filter((e) => e.accountId === account.id);
      expect(ended.length).toBeGreaterThan(0);
      const days = new Set(ended.map((e) => e.endedAt?.getTime()));
      expect(days.size).toBe(1);
      const endedAt = ended[0]?.endedAt?.getTime() ?? Number.NaN;
      expect(endedAt).toBeLessThan(MORNING.getTime());
      expect(endedAt).toBeGreaterThanOrEqual(MORNING.getTime() - 365 * 86_400_000);
      expect(endedAt - account.signupAt.getTime()).toBeGreaterThanOrEqual(59 * 86_400_000);
      for (const e of ended) expect(e.startedAt.getTime()).toBeLessThanOrEqual(endedAt);
    }
  });

  it('moves some plans in the last year: up for customers with add-ons, down for those on the plan alone', () => {
    const data = buildDataset(MORNING, 'acct_holdout_007');
    const byId = new Map(data.accounts.map((a) => [a.id, a]));
    const tier = (key: string) => ['starter', 'professional', 'enterprise'].indexOf(planOfProduct(key) ?? '');
    const moves = { up: 0, down: 0 };
    for (const e of data.entitlements) {
      const account = byId.get(e.accountId);
      if (!account || e.endedAt === undefined) continue;
      // A current customer's entitlement ends only as its plan gives way to the one it is on now.
      const now = PLAN_PRODUCT[account.plan];
      const successor = data.entitlements.find((n) => n.accountId === account.id && n.productKey === now);
      expect(successor?.startedAt.getTime()).toBe(e.endedAt.getTime());
      expect(e.endedAt.getTime()).toBeGreaterThan(MORNING.getTime() - 366 * 86_400_000);
      const up = tier(now) > tier(e.productKey);
      expect(up).toBe(account.owned.length >= 2);
      moves[up ? 'up' : 'down'] += 1;
    }
    expect(moves.up).toBeGreaterThan(20);
    expect(moves.down).toBeGreaterThan(20);
  });

  it('writes no counter in the future and none before an account signed up', () => {
    const data = buildDataset(MORNING, 'acct_holdout_007');
    const signup = new Map(data.accounts.map((a) => [a.id, a.signupAt.getTime()]));
    for (const counter of data.counters) {
      expect(counter.lastAt.getTime()).toBeLessThanOrEqual(MORNING.getTime());
      expect(counter.lastAt.getTime()).toBeGreaterThanOrEqual(
        (signup.get(counter.accountId) ?? 0) - 86_400_000,
      );
    }
  });

  it('writes campaign copy the admin API would accept: every variable is one the engine can fill', () => {
    expect(DEMO_CAMPAIGNS.flatMap((c) => unfillableVariables(c.definition))).toEqual([]);
  });

  it('labels a second button only where a trial comes first (it labels buying, never a dismissal)', () => {
    for (const c of DEMO_CAMPAIGNS) {
      const labels = Object.values(c.definition.content).map((copy) => copy.secondaryLabel);
      if (!c.definition.trial?.enabled) expect(labels.filter(Boolean), c.definition.name).toEqual([]);
      for (const label of labels) if (label) expect(label).toMatch(/buy|kauf|purchase/i);
    }
  });
});
