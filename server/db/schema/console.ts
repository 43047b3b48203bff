import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, workspaceId } from './columns.ts';

export const consoleUsers = pgTable(
  'console_users',
  {
    workspaceId: workspaceId(),
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    /** scrypt$N$r$p$salt$hash */
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<'owner' | 'editor' | 'viewer'>().notNull(),
    createdAt: createdAt(),
    /**
     * The authenticator app's secret, sealed with the server key (it must be read back to check a
     * code). Set while two-step sign-in is being turned on; in force once `two_step_at` is set.
     */
    totpSecret: text('totp_secret'),
    twoStepAt: ts('two_step_at'),
    /** The last time step a code was taken for: none at or before it is taken again. */
    totpUsedStep: integer('totp_used_step'),
    /** SHA-256 of each recovery code not used yet. */
    recoveryCodeHashes: text('recovery_code_hashes').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('console_users_email_uq').on(t.workspaceId, t.email),
  ],
);

export const consoleSessions = pgTable(
  'console_sessions',
  {
    workspaceId: workspaceId(),
    /** SHA-256 of the session token held in the cookie. */
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: createdAt(),
    /** Names the session to its user (the token hash never leaves the server). */
    id: id(),
    /** Where and with what it signed in, so its user can tell their sessions apart. */
    address: text('address'),
    userAgent: text('user_agent'),
    /** Its last call, to five minutes (it is written at most that often). */
    lastSeenAt: ts('last_seen_at'),
    /** Opened by the workspace's single sign-on, not a password. */
    viaSso: boolean('via_sso').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tokenHash] }),
    index('console_sessions_token_idx').on(t.tokenHash),
    index('console_sessions_user_idx').on(t.workspaceId, t.userId),
  ],
);

/**
 * Failed console sign-ins per email, for the lockout. In the database, so the limit holds across
 * server instances. Keyed by email alone: a sign-in names no workspace until it succeeds.
 */
export const consoleLoginFailures = pgTable('console_login_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: ts('window_started_at').notNull(),
  lockedUntil: ts('locked_until'),
});

/** The same count per client address: one address trying many emails (credential stuffing). */
export const consoleAddressFailures = pgTable('console_address_failures', {
  address: text('address').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: ts('window_started_at').notNull(),
  lockedUntil: ts('locked_until'),
});

/** A workspace's OpenID Connect sign-in for the console (shared/sso.ts). */
export const workspaceSso = pgTable('workspace_sso', {
  workspaceId: text('workspace_id').primaryKey(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** Sealed with the server key: it is sent to the provider's token endpoint. */
  clientSecretEnc: text('client_secret_enc').notNull(),
  clientSecretHint: text('client_secret_hint').notNull(),
  emailDomains: text('email_domains').array().notNull().default(sql`'{}'::text[]`),
  defaultRole: text('default_role').$type<'editor' | 'viewer'>().notNull(),
  required: boolean('required').notNull().default(false),
  groupsClaim: text('groups_claim').notNull().default('groups'),
  groupRoles: jsonb('group_roles')
    .$type<Array<{ group: string; role: 'editor' | 'viewer' }>>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Single sign-ons under way: each is taken (deleted) by the one callback that completes it, so a
 * replayed callback finds nothing. In the database, so any instance can complete what another began.
 */
export const consoleSsoLogins = pgTable(
  'console_sso_logins',
  {
    /** SHA-256 of the `state` sent to the provider (the browser holds it in a cookie too). */
    stateHash: text('state_hash').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    nonce: text('nonce').notNull(),
    /** PKCE: the verifier whose S256 challenge went with the authorization request. */
    codeVerifier: text('code_verifier').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('console_sso_logins_expiry_idx').on(t.expiresAt)],
);
