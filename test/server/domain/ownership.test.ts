import { describe, expect, it } from 'vitest';
import { holdsEntitlement, ownedProducts } from '../../../server/domain/ownership.ts';

const now = new Date('2026-06-01T12:00:00Z');
const at = (iso: string | null) => (iso === null ? null : new Date(iso));
const entitlement = (productKey: string, status: string, endsAt: string | null = null) => ({
  productKey,
  status,
  startedAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: at(endsAt),
});

describe('ownership', () => {
  it('holds active and trial entitlements without an end date, or ending later', () => {
    expect(holdsEntitlement({ status: 'active', endsAt: null }, now)).toBe(true);
    expect(holdsEntitlement({ status: 'trial', endsAt: at('2026-06-08T00:00:00Z') }, now)).toBe(true);
  });

  it('does not hold an entitlement past its end date, whatever its status says', () => {
    expect(holdsEntitlement({ status: 'active', endsAt: at('2026-06-01T11:59:59Z') }, now)).toBe(false);
    expect(holdsEntitlement({ status: 'active', endsAt: now }, now)).toBe(false);
  });

  it('does not hold cancelled, expired or revoked entitlements', () => {
    for (const status of ['cancelled', 'expired', 'revoked']) {
      expect(holdsEntitlement({ status, endsAt: null }, now)).toBe(false);
    }
  });

  it('lists the products held now', () => {
    const owned = ownedProducts(
      [
        entitlement('core', 'active'),
        entitlement('storage', 'active', '2026-05-31T00:00:00Z'),
        entitlement('reports', 'trial', '2026-06-10T00:00:00Z'),
        entitlement('legacy', 'cancelled'),
      ],
      now,
    );
    expect([...owned].sort()).toEqual(['core', 'reports']);
  });
});
