import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../../server/domain/audit-diff.ts';

describe('auditChanges', () => {
  it('walks nested objects to the leaf that changed', () => {
    const before = { name: 'A', price: { amount: 4900, currency: 'USD' } };
    const after = { name: 'A', price: { amount: 5900, currency: 'USD' } };
    expect(auditChanges(before, after)).toEqual([{ field: 'price.amount', from: 4900, to: 5900 }]);
  });

  it('compares arrays whole, in their order', () => {
    expect(auditChanges({ keys: ['a', 'b'] }, { keys: ['b', 'a'] })).toEqual([
      { field: 'keys', from: ['a', 'b'], to: ['b', 'a'] },
    ]);
    expect(auditChanges({ keys: ['a'] }, { keys: ['a'] })).toEqual([]);
  });

  it('reads a field missing on one side as null, and an object replaced by a value as a whole', () => {
    expect(auditChanges({ plan: 'pro' }, {})).toEqual([{ field: 'plan', from: 'pro', to: null }]);
    expect(auditChanges({}, { trial: { days: 14 } })).toEqual([
      { field: 'trial', from: null, to: { days: 14 } },
    ]);
    expect(auditChanges({ trial: { days: 14 } }, { trial: null })).toEqual([
      { field: 'trial', from: { days: 14 }, to: null },
    ]);
  });

  it('leaves out the top-level fields it is told to ignore, not nested ones of the same name', () => {
    const before = { updatedAt: '1', meta: { updatedAt: '1' }, name: 'A' };
    const after = { updatedAt: '2', meta: { updatedAt: '2' }, name: 'A' };
    expect(auditChanges(before, after, ['updatedAt'])).toEqual([
      { field: 'meta.updatedAt', from: '1', to: '2' },
    ]);
  });

  it('lists changes in field order so two diffs of the same change read the same', () => {
    const changes = auditChanges({ b: 1, a: 1, c: { z: 1, y: 1 } }, { b: 2, a: 2, c: { z: 2, y: 2 } });
    expect(changes.map((c) => c.field)).toEqual(['a', 'b', 'c.y', 'c.z']);
  });
});
