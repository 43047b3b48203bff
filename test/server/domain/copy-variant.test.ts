import { describe, expect, it } from 'vitest';
import { copyExperimentResults } from '../../../server/domain/copy-experiment.ts';
import { copyVariant, variantOffer, variantShares } from '../../../server/domain/copy-variant.ts';
import { isHeldOut } from '../../../server/domain/holdout.ts';
import { incrementalLift } from '../../../server/domain/lift.ts';
import { CopyVariants, ORIGINAL_VARIANT } from '../../../shared/campaign.ts';

const CAMPAIGN = '7b0c1d2e-0000-4000-8000-00000000abcd';
const copy = (title: string) => ({ en: { title, body: '' } });
const definition = (...percents: number[]) => ({
  offer: {},
  content: copy('Original'),
  variants: percents.map((percent, i) => ({ key: 'bcd'[i] ?? 'x', percent, content: copy(`Variant ${i}`) })),
});

describe('copyVariant', () => {
  it('gives a campaign without variants its own copy and offer', () => {
    const def = definition();
    expect(copyVariant(def, CAMPAIGN, 'acct-1')).toEqual({
      key: ORIGINAL_VARIANT,
      content: def.content,
      offer: def.offer,
    });
  });

  it('gives every seat and call of an account the same copy, the variant’s own content', () => {
    const def = definition(50);
    const first = copyVariant(def, CAMPAIGN, 'acct-42');
    for (let call = 0; call < 50; call++) expect(copyVariant(def, CAMPAIGN, 'acct-42')).toEqual(first);
    const keys = new Set(Array.from({ length: 40 }, (_, i) => copyVariant(def, CAMPAIGN, `a${i}`).key));
    expect(keys).toEqual(new Set(['original', 'b']));
    for (let i = 0; i < 40; i++) {
      const { key, content } = copyVariant(def, CAMPAIGN, `a${i}`);
      expect(content.en?.title).toBe(key === 'b' ? 'Variant 0' : 'Original');
    }
  });

  it('splits 10,000 accounts 30 / 20 / 50 within ±2 points', () => {
    const def = definition(30, 20);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const { key } = copyVariant(def, CAMPAIGN, `account-${i}`);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Math.abs((counts.get('b') ?? 0) / 100 - 30)).toBeLessThanOrEqual(2);
    expect(Math.abs((counts.get('c') ?? 0) / 100 - 20)).toBeLessThanOrEqual(2);
    expect(Math.abs((counts.get('original') ?? 0) / 100 - 50)).toBeLessThanOrEqual(2);
  });

  it('is independent of the holdout: the treated accounts still split 50 / 50', () => {
    // With the holdout's own hash, a 50 % holdout would leave variant b (the lowest buckets) no one.
    const def = definition(50);
    let treated = 0;
    let b = 0;
    for (let i = 0; i < 10_000; i++) {
      if (isHeldOut(CAMPAIGN, `account-${i}`, 50)) continue;
      treated++;
      if (copyVariant(def, CAMPAIGN, `account-${i}`).key === 'b') b++;
    }
    expect(Math.abs((b / treated) * 100 - 50)).toBeLessThanOrEqual(2);
  });

  it('only moves accounts into a variant when its share grows', () => {
    for (let i = 0; i < 2_000; i++) {
      if (copyVariant(definition(20), CAMPAIGN, `a${i}`).key === 'b') {
        expect(copyVariant(definition(40), CAMPAIGN, `a${i}`).key).toBe('b');
      }
    }
  });

  it('reports each copy’s share, the original keeping the rest', () => {
    expect([...variantShares(definition(30, 20))]).toEqual([
      ['original', 0.5],
      ['b', 0.3],
      ['c', 0.2],
    ]);
    expect([...variantShares(definition())]).toEqual([['original', 1]]);
  });
});

describe('a variant’s offer', () => {
  const terms = { intro: { percent: 50, months: 3 } };
  const def = {
    content: copy('Original'),
    offer: { annualPercentOff: 20 },
    variants: [
      { key: 'b', percent: 50, content: copy('B'), offer: terms },
      { key: 'c', percent: 49, content: copy('C') },
    ],
  };

  it('is the variant’s own terms, else the campaign’s, as decided and as repriced at purchase', () => {
    for (let i = 0; i < 200; i++) {
      const picked = copyVariant(def, CAMPAIGN, `a${i}`);
      expect(picked.offer).toEqual(picked.key === 'b' ? terms : def.offer);
    }
    expect(variantOffer(def, 'b')).toEqual(terms);
    expect(variantOffer(def, 'c')).toEqual(def.offer);
    expect(variantOffer(def, null)).toEqual(def.offer);
    // A variant removed since the decision: today's campaign terms.
    expect(variantOffer(def, 'gone')).toEqual(def.offer);
  });
});

describe('CopyVariants schema', () => {
  const variant = (key: string, percent: number) => ({ key, percent, content: copy(key) });
  const issues = (input: unknown) => {
    const result = CopyVariants.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts up to three variants leaving the original at least 1 %', () => {
    expect(issues([variant('b', 33), variant('c', 33), variant('d', 33)])).toEqual([]);
    expect(CopyVariants.parse(undefined)).toEqual([]);
  });

  it('refuses a split that leaves the original nothing, a repeated key, "original", a fourth', () => {
    expect(issues([variant('b', 60), variant('c', 40)])).toEqual([
      ': the variants take 100% of the treated accounts; at most 99%, so the original keeps some',
    ]);
    expect(issues([variant('b', 10), variant('b', 10)])).toEqual(['1.key: variant "b" twice']);
    expect(issues([variant('original', 10)])[0]).toMatch(/^0\.key: "original" names/);
    expect(issues([variant('B!', 10)])[0]).toMatch(/^0\.key: lowercase letters/);
    expect(issues([1, 2, 3, 4].map((n) => variant(`v${n}`, 10)))[0]).toMatch(/^: Too big/);
  });
});

describe('copyExperimentResults', () => {
  const row = (variant: string, accounts: number, converted: number, version = 2) => ({
    version,
    variant,
    accounts,
    shown: accounts - 1,
    clicked: Math.floor(accounts / 2),
    converted,
  });
  const none = new Map<number, Map<string, number>>();

  it('lists the original first, then the current variants, then retired ones, each against the original', () => {
    // Version 1 tested "a-retired" at 10 %; version 2 (current) tests b at 50 %.
    const history = new Map([
      [1, variantShares({ variants: [{ key: 'a-retired', percent: 10, content: copy('A') }] })],
      [2, variantShares(definition(50))],
    ]);
    const { variants } = copyExperimentResults(variantShares(definition(50)), history, [
      row('a-retired', 10, 1, 1),
      row('original', 90, 9, 1),
      row('b', 100, 20),
      row('original', 100, 10),
    ]);
    expect(
      variants.map((r) => [r.key, r.share, r.accounts, r.expectedAccounts, r.conversions, r.rate]),
    ).toEqual([
      ['original', 0.5, 190, 100 * 0.9 + 200 * 0.5, 19, 0.1],
      ['b', 0.5, 100, 200 * 0.5, 20, 0.2],
      ['a-retired', null, 10, 100 * 0.1, 1, 0.1],
    ]);
    expect(variants[0]?.vsOriginal).toBeNull();
    const expected = incrementalLift({ accounts: 100, converted: 20 }, { accounts: 190, converted: 19 });
    expect(variants[1]?.vsOriginal).toEqual({
      difference: expected.absolute,
      interval: expected.ci95,
      significant: expected.significant,
      reliable: true,
    });
    expect(variants[1]?.vsOriginal?.difference).toBeCloseTo(0.1, 12);
    expect(variants[1]).toMatchObject({ shown: 99, clicked: 50 });
  });

  it('checks the split against the percents in force at each version: a change is no mismatch, a gap is', () => {
    // 30 % then 50 % for b: 300 of 1,000 then 500 of 1,000 is exactly as expected.
    const history = new Map([
      [1, variantShares(definition(30))],
      [2, variantShares(definition(50))],
    ]);
    const rows = [
      row('b', 300, 30, 1),
      row('original', 700, 70, 1),
      row('b', 500, 50),
      row('original', 500, 50),
    ];
    const exact = copyExperimentResults(variantShares(definition(50)), history, rows);
    expect(exact.variants.map((v) => v.expectedAccounts)).toEqual([1_200, 800]);
    expect(exact.sampleRatio.mismatch).toBe(false);
    expect(exact.sampleRatio.pValue).toBeCloseTo(1, 6);
    // Read against today's 50 % alone, the same accounts would look lopsided (1,000 expected each).
    expect(copyExperimentResults(variantShares(definition(50)), none, rows).sampleRatio.mismatch).toBe(true);
    // b's accounts going missing (a broken copy that never decided) is flagged: χ² = 100²/500 + 100²/500 = 40.
    const gap = copyExperimentResults(variantShares(definition(50)), history, [
      row('b', 400, 40),
      row('original', 600, 60),
    ]);
    expect(gap.sampleRatio.mismatch).toBe(true);
    // p = erfc(√20) = 2.5396e-10 (one degree of freedom).
    expect(Math.abs((gap.sampleRatio.pValue ?? 1) / 2.53962858947086e-10 - 1)).toBeLessThan(1e-5);
  });

  it('lists a copy nothing was served yet at zero, without a comparison or a check', () => {
    const { variants, sampleRatio } = copyExperimentResults(variantShares(definition(30)), none, [
      row('original', 5, 1),
    ]);
    expect(variants.map((r) => [r.key, r.accounts, r.rate, r.vsOriginal])).toEqual([
      ['original', 5, 0.2, null],
      ['b', 0, 0, null],
    ]);
    // b expected 1.5 accounts: too few to test.
    expect(sampleRatio).toEqual({ pValue: null, mismatch: false });
  });
});
