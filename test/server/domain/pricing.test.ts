import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyAmount, PricingError, priceOffer } from '../../../server/domain/pricing.ts';
import type { ResolvedTarget } from '../../../server/domain/types.ts';
import { OfferTerms } from '../../../shared/campaign.ts';
import { PricedOffer } from '../../../shared/offer.ts';
import { daysAgo, makeCatalog, NOW, product } from './fixtures.ts';

const catalog = makeCatalog(
  [
    product('reports', { price: { amount: 20_000, currency: 'USD', interval: 'month' } }),
    product('alerts', { price: { amount: 9_900, currency: 'USD', interval: 'month' } }),
    product('warehouse', { price: { amount: 120_000, currency: 'USD', interval: 'year' } }),
    product('euro', { price: { amount: 5_000, currency: 'EUR', interval: 'month' } }),
  ],
  [
    {
      key: 'ops-pack',
      name: 'Ops pack',
      description: '',
      productKeys: ['reports', 'alerts'],
      discountPercent: 20,
    },
    {
      key: 'mixed-pack',
      name: 'Mixed',
      description: '',
      productKeys: ['reports', 'warehouse'],
      discountPercent: 10,
    },
    { key: 'fx-pack', name: 'FX', description: '', productKeys: ['reports', 'euro'], discountPercent: 10 },
  ],
);
const reports: ResolvedTarget = { kind: 'product', key: 'reports', name: 'Reports', description: '' };
const pack: ResolvedTarget = { kind: 'bundle', key: 'ops-pack', name: 'Ops pack', description: '' };
const warehouse: ResolvedTarget = { kind: 'product', key: 'warehouse', name: 'Warehouse', description: '' };
const terms = (input: Record<string, unknown> = {}) => OfferTerms.parse(input);

describe('priceOffer', () => {
  it('prices a product at its list price', () => {
    const offer = priceOffer(reports, terms(), catalog, NOW);
    expect(offer).toEqual({
      version: expect.stringMatching(/^[0-9a-f]{14}$/),
      kind: 'product',
      key: 'reports',
      name: 'Reports',
      currency: 'USD',
      interval: 'month',
      listAmount: 20_000,
      amount: 20_000,
      discounts: [],
    });
    expect(PricedOffer.parse(offer)).toEqual(offer);
  });

  it('applies the bundle discount to the sum of its products', () => {
    const offer = priceOffer(pack, terms(), catalog, NOW);
    expect(offer).toMatchObject({
      listAmount: 29_900,
      amount: 23_920,
      discounts: [{ kind: 'bundle', percent: 20 }],
    });
  });

  it('takes an intro discount off the first month, after the bundle discount', () => {
    const offer = priceOffer(pack, terms({ intro: { percent: 50, months: 3 } }), catalog, NOW);
    expect(offer.amount).toBe(11_960);
    expect(offer.discounts).toEqual([
      { kind: 'bundle', percent: 20 },
      { kind: 'intro', percent: 50, months: 3 },
    ]);
  });

  it('offers an annual alternative for monthly prices', () => {
    const offer = priceOffer(reports, terms({ annualPercentOff: 15 }), catalog, NOW);
    expect(offer.amount).toBe(20_000);
    expect(offer.annual).toEqual({ amount: 204_000, percentOff: 15 });
  });

  it('folds the annual discount into yearly prices and prorates an intro over the year', () => {
    const offer = priceOffer(
      warehouse,
      terms({ annualPercentOff: 10, intro: { percent: 50, months: 3 } }),
      catalog,
      NOW,
    );
    // 120,000 − 10% = 108,000; 50% off 3 of 12 months = 13,500 off.
    expect(offer).toMatchObject({ interval: 'year', listAmount: 120_000, amount: 94_500 });
    expect(offer.annual).toBeUndefined();
    expect(offer.discounts.map((d) => d.kind)).toEqual(['annual', 'intro']);
  });

  it('bills a bundle of monthly and yearly parts monthly', () => {
    const offer = priceOffer({ ...pack, key: 'mixed-pack' }, terms(), catalog, NOW);
    expect(offer).toMatchObject({ interval: 'month', listAmount: 30_000, amount: 27_000 });
  });

  it('refuses unknown products and mixed currencies', () => {
    expect(() => priceOffer({ ...reports, key: 'nope' }, terms(), catalog, NOW)).toThrow(PricingError);
    expect(() => priceOffer({ ...pack, key: 'fx-pack' }, terms(), catalog, NOW)).toThrow(/mixes currencies/);
  });

  it('expires at the absolute date or N days after the first impression, whichever is first', () => {
    const absolute = '2026-07-01T00:00:00.000Z';
    expect(priceOffer(reports, terms({ expiresAt: absolute }), catalog, NOW).expiresAt).toBe(absolute);
    expect(priceOffer(reports, terms({ expiresInDays: 7 }), catalog, NOW).expiresAt).toBe(
      '2026-06-22T12:00:00.000Z',
    );
    expect(priceOffer(reports, terms({ expiresInDays: 7 }), catalog, NOW, daysAgo(2)).expiresAt).toBe(
      '2026-06-20T12:00:00.000Z',
    );
    expect(
      priceOffer(reports, terms({ expiresInDays: 30, expiresAt: absolute }), catalog, NOW).expiresAt,
    ).toBe(absolute);
  });

  it('gives the same version for the same price, whenever and however it is computed', () => {
    const t = terms({ intro: { percent: 20, months: 2 }, annualPercentOff: 15, expiresInDays: 7 });
    const a = priceOffer(pack, t, catalog, NOW);
    const b = priceOffer(pack, t, catalog, daysAgo(-3), daysAgo(1));
    expect(b.version).toBe(a.version);
    expect(priceOffer({ ...pack, name: 'Renamed' }, t, catalog, NOW).version).toBe(a.version);
  });

  it('changes the version with any priced field', () => {
    const base = priceOffer(
      pack,
      terms({ intro: { percent: 20, months: 2 }, annualPercentOff: 15 }),
      catalog,
      NOW,
    );
    const variants = [
      priceOffer(pack, terms({ intro: { percent: 21, months: 2 }, annualPercentOff: 15 }), catalog, NOW),
      priceOffer(pack, terms({ intro: { percent: 20, months: 3 }, annualPercentOff: 15 }), catalog, NOW),
      priceOffer(pack, terms({ intro: { percent: 20, months: 2 }, annualPercentOff: 16 }), catalog, NOW),
      priceOffer(pack, terms({ intro: { percent: 20, months: 2 } }), catalog, NOW),
      priceOffer(reports, terms({ intro: { percent: 20, months: 2 }, annualPercentOff: 15 }), catalog, NOW),
    ];
    const cheaper = makeCatalog(
      [...catalog.products.values()].map((p) =>
        p.key === 'alerts' ? { ...p, price: { ...p.price, amount: 9_800 } } : p,
      ),
      [...catalog.bundles.values()],
    );
    variants.push(
      priceOffer(pack, terms({ intro: { percent: 20, months: 2 }, annualPercentOff: 15 }), cheaper, NOW),
    );
    for (const v of variants) expect(v.version).not.toBe(base.version);
  });

  it('never charges more than list or less than zero (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.option(
          fc.record({ percent: fc.integer({ min: 1, max: 100 }), months: fc.integer({ min: 1, max: 36 }) }),
          { nil: undefined },
        ),
        fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        fc.constantFrom<'month' | 'year'>('month', 'year'),
        (amount, intro, annualPercentOff, interval) => {
          const c = makeCatalog([product('p', { price: { amount, currency: 'USD', interval } })]);
          const offer = priceOffer(
            { ...reports, key: 'p' },
            OfferTerms.parse({ intro, annualPercentOff }),
            c,
            NOW,
          );
          expect(offer.amount).toBeGreaterThanOrEqual(0);
          expect(offer.amount).toBeLessThanOrEqual(offer.listAmount);
          expect(Number.isInteger(offer.amount)).toBe(true);
        },
      ),
    );
  });

  describe('a tier upgrade from a catalogued plan', () => {
    const plans = makeCatalog([
      product('starter', { plan: 'starter', price: { amount: 9_900, currency: 'USD', interval: 'month' } }),
      product('starter-y', {
        plan: 'starter-yearly',
        price: { amount: 99_000, currency: 'USD', interval: 'year' },
      }),
      product('euro-plan', { plan: 'euro', price: { amount: 5_000, currency: 'EUR', interval: 'month' } }),
      product('business', {
        plan: 'business',
        price: { amount: 29_900, currency: 'USD', interval: 'month' },
      }),
      product('business-y', { price: { amount: 300_000, currency: 'USD', interval: 'year' } }),
    ]);
    const tier = (key: string): ResolvedTarget => ({ kind: 'tier', key, name: key, description: '' });

    it('credits the current plan: the list price stays, the amount is the difference', () => {
      const offer = priceOffer(tier('business'), terms(), plans, NOW, null, 'starter');
      expect(offer).toMatchObject({ listAmount: 29_900, amount: 20_000, discounts: [] });
      expect(offer.credit).toEqual({ key: 'starter', name: 'Starter', plan: 'starter', amount: 9_900 });
    });

    it('takes the plan price per the tier interval: a yearly plan against a monthly tier, and back', () => {
      const monthly = priceOffer(tier('business'), terms(), plans, NOW, null, 'starter-yearly');
      expect([monthly.credit?.amount, monthly.amount]).toEqual([8_250, 21_650]);
      const yearly = priceOffer(tier('business-y'), terms(), plans, NOW, null, 'starter');
      expect([yearly.credit?.amount, yearly.amount]).toEqual([118_800, 181_200]);
    });

    it('discounts the difference: intro off the first month, the annual alternative on twelve of them', () => {
      const offer = priceOffer(
        tier('business'),
        terms({ intro: { percent: 50, months: 3 }, annualPercentOff: 20 }),
        plans,
        NOW,
        null,
        'starter',
      );
      expect(offer.amount).toBe(10_000);
      expect(offer.annual).toEqual({ amount: 192_000, percentOff: 20 });
    });

    it('credits nothing for products, for an unknown plan, another currency or the tier itself', () => {
      expect(
        priceOffer({ ...tier('business'), kind: 'product' }, terms(), plans, NOW, null, 'starter').credit,
      ).toBeUndefined();
      for (const plan of [null, 'legacy', 'euro', 'business']) {
        const offer = priceOffer(tier('business'), terms(), plans, NOW, null, plan);
        expect({ plan, credit: offer.credit, amount: offer.amount }).toEqual({
          plan,
          credit: undefined,
          amount: 29_900,
        });
      }
    });

    it('a different credit is a different price (version)', () => {
      const starter = priceOffer(tier('business'), terms(), plans, NOW, null, 'starter');
      const none = priceOffer(tier('business'), terms(), plans, NOW, null, null);
      const yearly = priceOffer(tier('business'), terms(), plans, NOW, null, 'starter-yearly');
      expect(new Set([starter.version, none.version, yearly.version]).size).toBe(3);
      expect(priceOffer(tier('business'), terms(), plans, NOW, null, 'starter').version).toBe(
        starter.version,
      );
    });
  });

  it('reports the monthly amount for ranking', () => {
    expect(monthlyAmount({ amount: 120_000, interval: 'year' })).toBe(10_000);
    expect(monthlyAmount({ amount: 5_000, interval: 'month' })).toBe(5_000);
  });
});
