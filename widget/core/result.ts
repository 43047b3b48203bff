/** Every network call resolves to a Result: the widget never lets an exception reach the host page. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export interface Failure {
  /** HTTP status, or 0 when no response arrived (network, timeout, circuit open). */
  status: number;
  /** The API's error code, or `network`, `timeout`, `circuit_open`, `bad_response`. */
  code: string;
  message: string;
  /** The API's `error.details`, e.g. the re-priced offer of a 409 `price_changed`. */
  details?: unknown;
}

export const fail = (
  status: number,
  code: string,
  message = '',
  details?: unknown,
): { ok: false; error: Failure } => ({
  ok: false,
  error: { status, code, message, details },
});
