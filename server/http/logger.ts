import { DrizzleQueryError } from 'drizzle-orm';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Structured logs: one JSON object per line on stdout, ready for any log shipper. A class, not
 * closures: every request makes a child logger, and its methods then cost nothing to create.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly base: Record<string, unknown>,
  ) {}

  private emit(at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) {
    if (ORDER[at] < ORDER[this.level]) return;
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...this.base, ...fields })}\n`,
    );
  }

  debug(msg: string, fields?: Record<string, unknown>) {
    this.emit('debug', msg, fields);
  }

  info(msg: string, fields?: Record<string, unknown>) {
    this.emit('info', msg, fields);
  }

  warn(msg: string, fields?: Record<string, unknown>) {
    this.emit('warn', msg, fields);
  }

  error(msg: string, fields?: Record<string, unknown>) {
    this.emit('error', msg, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.level, { ...this.base, ...fields });
  }
}

export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  return new JsonLogger(level, base);
}

/**
 * What a log line says about an error. A failed query keeps its SQL but not its parameters: they
 * carry account ids, emails and event properties, which do not belong in logs.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof DrizzleQueryError) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    return { error: cause?.message ?? 'query failed', query: err.query, stack: cause?.stack };
  }
  if (err instanceof Error) return { error: err.message, stack: err.stack };
  return { error: String(err) };
}
