import { describe, expect, it } from 'vitest';
import { msUntilToken, refill, TokenBuckets } from '../../../server/http/token-buckets.ts';

const rule = { perMinute: 60, burst: 3 };

describe('token buckets', () => {
  it('a new key holds a full burst, then waits for the refill', () => {
    const b = new TokenBuckets(rule);
    expect([b.take('k', 0), b.take('k', 0), b.take('k', 0)]).toEqual([0, 0, 0]);
    expect(b.take('k', 0)).toBe(1000);
    expect(b.take('k', 500)).toBe(500);
    expect(b.take('k', 1000)).toBe(0);
  });

  it('a refused take takes nothing, and keys are independent', () => {
    const b = new TokenBuckets({ perMinute: 60, burst: 1 });
    expect(b.take('a', 0)).toBe(0);
    expect(b.take('a', 500)).toBe(500);
    expect(b.take('a', 500)).toBe(500);
    expect(b.take('b', 500)).toBe(0);
    expect(b.take('a', 1000)).toBe(0);
  });

  it('never refills past the burst, and a clock that went back refills nothing', () => {
    expect(refill({ tokens: 0, atMs: 0 }, rule, 3_600_000).tokens).toBe(3);
    expect(refill({ tokens: 0.5, atMs: 10_000 }, rule, 5_000)).toEqual({ tokens: 0.5, atMs: 5_000 });
    expect(msUntilToken(0.25, rule)).toBe(750);
  });

  it('waitMs looks without taking', () => {
    const b = new TokenBuckets({ perMinute: 60, burst: 1 });
    expect(b.waitMs('k', 0)).toBe(0);
    expect(b.waitMs('k', 0)).toBe(0);
    b.take('k', 0);
    expect(b.waitMs('k', 0)).toBe(1000);
  });

  it('perMinute 0 turns the rule off', () => {
    const b = new TokenBuckets({ perMinute: 0, burst: 1 });
    expect(b.enabled).toBe(false);
    for (let i = 0; i < 10; i++) expect(b.take('k', 0)).toBe(0);
  });

  it('forgets the least recently used key past maxKeys (a forgotten key is a full bucket)', () => {
    const b = new TokenBuckets({ perMinute: 60, burst: 1 }, 2);
    b.take('a', 0);
    b.take('b', 0);
    b.take('a', 0); // refused, but touches a: b is now the least recently used
    b.take('c', 0); // a third key: b is forgotten
    expect(b.waitMs('a', 0)).toBe(1000);
    expect(b.waitMs('b', 0)).toBe(0);
    expect(b.waitMs('c', 0)).toBe(1000);
  });
});
