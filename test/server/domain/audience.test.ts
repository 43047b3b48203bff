import { describe, expect, it } from 'vitest';
import { checkAudience } from '../../../server/domain/audience.ts';
import { matchFilter, resolveField } from '../../../server/domain/filters.ts';
import { AttributeFilter, Audience } from '../../../shared/campaign.ts';
import { makeState, type StateInput } from './fixtures.ts';

const state = makeState({
  account: {
    segment: 'enterprise',
    seats: 120,
    mrr: 250_000,
    plan: 'pro',
    signupAt: new Date('2025-01-10T00:00:00Z'),
    attributes: {
      region: 'EMEA',
      tags: ['beta', 'vip'],
      employees: '450',
      contract: { tier: 'gold' },
      flag: false,
    },
  },
  user: { role: 'billing', attributes: { title: 'Head of Finance' } },
});

function match(field: string, op: string, value?: unknown, s = state) {
  return matchFilter(AttributeFilter.parse({ field, op, value }), s).matched;
}

describe('filters › fields', () => {
  it('reads facts, nested attributes and the attribute fallback', () => {
    expect(resolveField('account.seats', state)).toBe(120);
    expect(resolveField('user.role', state)).toBe('billing');
    expect(resolveField('account.attributes.contract.tier', state)).toBe('gold');
    expect(resolveField('account.region', state)).toBe('EMEA');
    expect(resolveField('user.attributes.title', state)).toBe('Head of Finance');
    expect(resolveField('account.attributes.nope', state)).toBeUndefined();
    expect(resolveField('account.attributes.__proto__', state)).toBeUndefined();
  });
});

describe('filters › operators', () => {
  it('eq compares values, numbers against numeric strings too', () => {
    expect(match('account.plan', 'eq', 'pro')).toBe(true);
    expect(match('account.plan', 'eq', 'Pro')).toBe(false);
    expect(match('account.attributes.employees', 'eq', 450)).toBe(true);
    expect(match('account.attributes.missing', 'eq', 'x')).toBe(false);
  });

  it('neq is the negation of eq, true for a missing value', () => {
    expect(match('account.plan', 'neq', 'starter')).toBe(true);
    expect(match('account.plan', 'neq', 'pro')).toBe(false);
    expect(match('account.attributes.missing', 'neq', 'x')).toBe(true);
  });

  it('in matches any listed value', () => {
    expect(match('account.segment', 'in', ['mid', 'enterprise'])).toBe(true);
    expect(match('account.segment', 'in', ['smb'])).toBe(false);
    expect(match('account.segment', 'in', 'enterprise')).toBe(false);
    expect(match('account.attributes.tags', 'in', ['vip', 'partner'])).toBe(true);
    expect(match('account.attributes.tags', 'in', ['partner'])).toBe(false);
  });

  it('gt, gte, lt and lte compare numbers', () => {
    expect(match('account.seats', 'gt', 119)).toBe(true);
    expect(match('account.seats', 'gt', 120)).toBe(false);
    expect(match('account.seats', 'gte', 120)).toBe(true);
    expect(match('account.seats', 'lt', 121)).toBe(true);
    expect(match('account.seats', 'lt', 120)).toBe(false);
    expect(match('account.seats', 'lte', 120)).toBe(true);
    expect(match('account.attributes.employees', 'gte', '400')).toBe(true);
  });

  it('ordered operators compare dates and fail on anything not comparable', () => {
    expect(match('account.signupAt', 'lt', '2025-06-01')).toBe(true);
    expect(match('account.signupAt', 'gt', '2025-06-01T00:00:00Z')).toBe(false);
    expect(match('account.plan', 'gt', 'a')).toBe(false);
    expect(match('account.attributes.missing', 'lt', 5)).toBe(false);
  });

  it('contains searches text case-insensitively and arrays by element', () => {
    expect(match('user.attributes.title', 'contains', 'finance')).toBe(true);
    expect(match('user.attributes.title', 'contains', 'sales')).toBe(false);
    expect(match('account.attributes.tags', 'contains', 'vip')).toBe(true);
    expect(match('account.attributes.tags', 'contains', 'vi')).toBe(false);
    expect(match('account.attributes.missing', 'contains', 'x')).toBe(false);
  });

  it('exists is true for present values (false included) and can ask for absence', () => {
    expect(match('account.attributes.flag', 'exists')).toBe(true);
    expect(match('account.attributes.missing', 'exists')).toBe(false);
    expect(match('account.attributes.missing', 'exists', false)).toBe(true);
    expect(match('account.industry', 'exists', undefined, makeState({ account: { industry: null } }))).toBe(
      false,
    );
  });
});

describe('checkAudience', () => {
  const audience = (input: Record<string, unknown>) => Audience.parse(input);
  const codes = (
    input: Record<string, unknown>,
    s: StateInput = {},
    stage: 'engaged' | 'onboarding' = 'engaged',
  ) =>
    checkAudience(audience(input), makeState(s), stage)
      .filter((r) => r.blocking)
      .map((r) => r.code);

  it('passes the defaults for an engaged account and reports each passing check', () => {
    const reasons = checkAudience(audience({}), makeState(), 'engaged');
    expect(reasons.every((r) => !r.blocking)).toBe(true);
    expect(reasons.map((r) => r.code)).toEqual([
      'audience.segment.any',
      'audience.role.any',
      'audience.stage',
      'audience.no_open_deal',
    ]);
  });

  it('excludes by segment, role, ownership, stage and open deal — and lists every failure', () => {
    const blocking = codes(
      {
        segments: ['enterprise'],
        roles: ['admin'],
        filters: [{ field: 'account.seats', op: 'gte', value: 50 }],
        ownsAll: ['core', 'warehouse'],
        ownsNone: ['core'],
      },
      { user: { role: 'member' }, account: { attributes: { open_deal: true } } },
      'onboarding',
    );
    expect(blocking).toEqual([
      'audience.segment.excluded',
      'audience.role.excluded',
      'audience.filter.failed',
      'audience.owns_all.missing',
      'audience.owns_none.present',
      'audience.stage.excluded',
      'audience.open_deal',
    ]);
  });

  it('excludes onboarding and at_risk by default', () => {
    expect(codes({}, {}, 'onboarding')).toEqual(['audience.stage.excluded']);
    expect(checkAudience(audience({}), makeState(), 'at_risk').some((r) => r.blocking)).toBe(true);
  });

  it('uses a custom open-deal attribute, or none', () => {
    const s = { account: { attributes: { open_deal: 'yes', in_sales_cycle: 1 } } };
    expect(codes({ openDealAttribute: 'in_sales_cycle' }, s)).toEqual(['audience.open_deal']);
    expect(codes({ openDealAttribute: null }, s)).toEqual([]);
    expect(codes({}, { account: { attributes: { open_deal: false } } })).toEqual([]);
  });

  it('an account without a segment fails a segment list', () => {
    expect(codes({ segments: ['smb'] }, { account: { segment: null } })).toEqual([
      'audience.segment.excluded',
    ]);
  });
});
