/**
 * Stops calling a failing API: after `threshold` consecutive failures the circuit opens for
 * `coolMs`, then lets one call through (half-open); a success closes it again.
 */
export interface Breaker {
  allow(): boolean;
  success(): void;
  failure(): void;
}

export function createBreaker(threshold = 3, coolMs = 30_000, now = Date.now): Breaker {
  let failures = 0;
  let openUntil = 0;
  return {
    allow: () => failures < threshold || now() >= openUntil,
    success() {
      failures = 0;
    },
    failure() {
      failures++;
      if (failures >= threshold) openUntil = now() + coolMs;
    },
  };
}
