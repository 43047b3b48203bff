import { z } from 'zod';
import { DEFAULT_WIDGET_RATE_LIMITS } from './http/widget-rate-limits.ts';
import { MIN_AUDIT_RETENTION_DAYS } from './services/audit-retention.ts';
import { MIN_DECISION_RETENTION_DAYS } from './services/decision-retention.ts';
import { MIN_EVENT_RETENTION_DAYS } from './services/event-retention.ts';
import { DEFAULT_WEBHOOK_RETENTION_DAYS } from './services/webhook-retention.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The only reader of `process.env`: everything else receives a parsed `Env`. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    /** Connections each instance opens to PostgreSQL at most. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
    /**
     * PostgreSQL's statement_timeout for the server's connections, in ms; 0 (default) leaves the
     * server's own setting. A statement that runs out answers 503. Migrations and affinity
     * recomputes are exempt: they are meant to run long on large workspaces.
     */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(0),
    /**
     * How long a request may wait for a free PostgreSQL connection, in ms; 0 (default) waits as long
     * as it takes. Past it the request answers 503 at once instead of queueing behind an overload.
     */
    DATABASE_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(0),
    /** Where the embedded PGlite keeps its files when DATABASE_URL is unset. */
    ATTACH_DATA_DIR: z.string().min(1).default('./.data'),
    /** Enables POST /v1/workspaces and key rotation for the operator. Unset: those routes are off. */
    ATTACH_OPERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * 32 bytes, base64 or hex, that encrypt identity and webhook secrets at rest. Unset: a key is
     * generated once into ATTACH_DATA_DIR. Every instance sharing one database needs the same key.
     */
    ATTACH_ENCRYPTION_KEY: z.string().min(32).optional(),
    /** Unset: on, except with NODE_ENV=production (the demo signs user tokens for anyone who asks). */
    ATTACH_DEMO: bool.optional(),
    /** Let webhook URLs point at loopback / private addresses (local development only). */
    ATTACH_ALLOW_PRIVATE_WEBHOOKS: bool.default(false),
    ATTACH_JOBS: bool.default(true),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** Widget API calls per minute per end user (bursts of a fifth of it); 0 turns the guard off. */
    ATTACH_RATE_LIMIT_PER_USER: z.coerce
      .number()
      .int()
      .min(0)
      .default(DEFAULT_WIDGET_RATE_LIMITS.userPerMinute),
    /** Failed widget authentications per minute per client address before it is refused; 0: off. */
    ATTACH_RATE_LIMIT_AUTH_FAILURES: z.coerce
      .number()
      .int()
      .min(0)
      .default(DEFAULT_WIDGET_RATE_LIMITS.authFailuresPerMinute),
    /** Days a dispatched webhook message and its delivery log are kept once every delivery finished. */
    ATTACH_WEBHOOK_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_WEBHOOK_RETENTION_DAYS),
    /**
     * Days raw page views and product events are kept after they arrive; unset: for ever. Message
     * interactions, daily counters and what activation needs are kept regardless.
     */
    ATTACH_EVENT_RETENTION_DAYS: z.coerce.number().int().min(MIN_EVENT_RETENTION_DAYS).max(3650).optional(),
    /**
     * Days decisions and the widget's message interactions are kept; unset: for ever. Reports over
     * older periods then cover what is kept; campaigns' counts since created stay whole (tallied).
     */
    ATTACH_DECISION_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(MIN_DECISION_RETENTION_DAYS)
      .max(3650)
      .optional(),
    /** Days audit log entries are kept; unset: for ever. At least a year: an audit needs one. */
    ATTACH_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(MIN_AUDIT_RETENTION_DAYS).max(3650).optional(),
    /** Proxies (load balancers) in front of the server whose X-Forwarded-For names the client. */
    ATTACH_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  })
  .transform((env) => ({ ...env, ATTACH_DEMO: env.ATTACH_DEMO ?? env.NODE_ENV !== 'production' }));
export type Env = z.infer<typeof EnvSchema>;

/** Values that may carry credentials are never echoed back in an error line. */
const SECRET = /KEY|TOKEN|SECRET|PASSWORD|DATABASE_URL/;

/** One line per bad variable: `Invalid environment: PORT="abc": expected a number`. */
export function describeEnvProblems(source: NodeJS.ProcessEnv, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = source[name];
    const shown = value === undefined ? '' : SECRET.test(name) ? '=<hidden>' : `=${JSON.stringify(value)}`;
    const message =
      issue.code === 'invalid_type' && issue.expected === 'number' ? 'expected a number' : issue.message;
    return `Invalid environment: ${name}${shown}: ${message}`;
  });
}

/** Parses the environment; on a bad value prints one clear line per problem and exits 1. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // `PORT=` (set but empty, as compose files and CI templates leave them) means unset, not 0.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (parsed.success) return parsed.data;
  for (const line of describeEnvProblems(source, parsed.error)) console.error(line);
  process.exit(1);
}
