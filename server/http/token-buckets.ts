/**
 * Token buckets per key, in this process's memory. A key starts with `burst` tokens and regains
 * `perMinute` of them per minute, never more than `burst`; a request takes one. Memory is bounded:
 * past `maxKeys` the least recently used key is forgotten, which is the same as a full bucket, so
 * forgetting can only ever let a request through that a larger map would also have let through
 * after its refill, never block one.
 *
 * These guard an instance's CPU and the database against a client that calls far more than any
 * widget does (a host page re-rendering in a loop, a flood of forged tokens). They are not the
 * product's limits: frequency caps and quotas are enforced by the database so they hold across
 * instances; an abuser spread over N instances gets N times these rates, and each instance stays
 * protected.
 */
export interface BucketRule {
  /** Tokens regained per minute; 0 turns the rule off (every take succeeds). */
  perMinute: number;
  /** Most tokens a key can hold: the largest burst it may send at once. */
  burst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** The bucket at `nowMs`, refilled since it was last seen (a clock that went back refills nothing). */
export function refill(bucket: Bucket | undefined, rule: BucketRule, nowMs: number): Bucket {
  if (!bucket) return { tokens: rule.burst, atMs: nowMs };
  const elapsed = Math.max(0, nowMs - bucket.atMs);
  return { tokens: Math.min(rule.burst, bucket.tokens + (elapsed * rule.perMinute) / 60_000), atMs: nowMs };
}

/** Milliseconds until a bucket holding `tokens` has a whole one. */
export function msUntilToken(tokens: number, rule: BucketRule): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / rule.perMinute);
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys = 100_000,
  ) {}

  get enabled(): boolean {
    return this.rule.perMinute > 0;
  }

  /** Milliseconds until `key` may take a token (0: now), taking nothing. */
  waitMs(key: string, nowMs: number): number {
    if (!this.enabled) return 0;
    const bucket = this.buckets.get(key);
    return bucket ? msUntilToken(refill(bucket, this.rule, nowMs).tokens, this.rule) : 0;
  }

  /** Takes a token for `key`: 0 when taken, else the milliseconds until one is there (none taken). */
  take(key: string, nowMs: number): number {
    if (!this.enabled) return 0;
    const bucket = refill(this.buckets.get(key), this.rule, nowMs);
    const wait = msUntilToken(bucket.tokens, this.rule);
    if (wait === 0) bucket.tokens -= 1;
    // Re-inserting moves the key to the end, so the map's first key is the least recently used.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return wait;
  }
}
