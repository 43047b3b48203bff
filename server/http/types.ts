import type { InferSelectModel } from 'drizzle-orm';
import type { ConsoleSession } from '../../shared/console.ts';
import type { WorkspaceSettings } from '../../shared/workspace.ts';
import type { SecretBox } from '../crypto.ts';
import type { Database } from '../db/client.ts';
import type { workspaces } from '../db/schema/index.ts';
import type { Logger } from './logger.ts';
import type { WidgetRateLimits } from './widget-rate-limits.ts';

export interface AppConfig {
  operatorToken?: string | undefined;
  publicUrl: string;
  bodyLimitBytes: number;
  allowPrivateWebhooks: boolean;
  /** The widget API's abuse guards; unset: DEFAULT_WIDGET_RATE_LIMITS. */
  widgetRateLimits?: WidgetRateLimits | undefined;
  /** Proxies in front of the server whose X-Forwarded-For is trusted for the client address; 0 or unset: none. */
  trustedProxies?: number | undefined;
  /** Days finished webhook history is kept; unset: DEFAULT_WEBHOOK_RETENTION_DAYS. */
  webhookRetentionDays?: number | undefined;
  /** Days raw page views and product events are kept; unset: kept for ever. */
  eventRetentionDays?: number | undefined;
  /** Days decisions and message interactions are kept; unset: kept for ever. */
  decisionRetentionDays?: number | undefined;
  /** Days audit log entries are kept; unset: kept for ever. */
  auditRetentionDays?: number | undefined;
}

/** Everything the app needs from the outside world; tests build the same with a test database. */
export interface AppDeps {
  database: Database;
  config: AppConfig;
  secretBox: SecretBox;
  log: Logger;
  /** Injected so tests can move time. */
  now: () => Date;
}

export type WorkspaceRow = InferSelectModel<typeof workspaces>;

export interface WorkspaceContext {
  row: WorkspaceRow;
  settings: WorkspaceSettings;
}

/** The end user behind a public request, from the host-signed token. */
export interface EndUser {
  userId: string;
  accountId: string;
  role: string;
  locale?: string | undefined;
  traits: Record<string, unknown>;
  /** False only when the workspace's identity mode let an unverified token through. */
  verified: boolean;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    workspace: WorkspaceContext;
    endUser: EndUser;
    /** Console session user when the admin call came from the console (set by console auth). */
    actor: string;
    /** Set with `actor` when the admin call came from a console session (console auth). */
    consoleUser: { id: string; email: string; role: 'owner' | 'editor' | 'viewer' };
    /** The console session as `GET /v1/admin/session` describes it (console auth, with `consoleUser`). */
    consoleSession: ConsoleSession;
    /** The error code a refused request answered with (set by onError, logged with the request). */
    errorCode: string;
    /**
     * The workspace and caller a secret key (the workspace's own or a named one) named, set as soon
     * as the key is found, before it is checked further: a call it makes that fails is kept for the
     * workspace's developers (middleware/failed-calls.ts). Never set for console sessions.
     */
    apiCaller: { workspaceId: string; actor: string };
    /** Set when the call used a secret key that a rotation replaced and whose overlap is running. */
    retiringKeyExpiresAt: Date;
  };
}
