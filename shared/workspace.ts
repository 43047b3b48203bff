import { z } from 'zod';
import { ConsoleOwner } from './console.ts';
import { AllowedOrigins } from './origins.ts';

export const IdentityMode = z.enum(['off', 'report', 'enforce']);
export type IdentityMode = z.infer<typeof IdentityMode>;

/** Thresholds that place an account in a lifecycle stage; see domain.md "Readiness". */
export const LifecycleThresholds = z.object({
  /** Accounts younger than this are onboarding whatever they did. */
  onboardingDays: z.number().int().min(0).max(365).default(14),
  /** Events that mark core activation; all must have happened at least once. */
  activationMilestones: z.array(z.string().min(1)).max(20).default([]),
  /** Account-level events per day (recent window average) from which an account is engaged. */
  engagedEventsPerDay: z.number().min(0).default(5),
  /** Length in days of the recent and previous usage windows compared for the trend. */
  trendWindowDays: z.number().int().min(1).max(90).default(14),
  /** Recent usage below this share of the previous window means usage is falling. */
  fallingUsageRatio: z.number().min(0).max(1).default(0.5),
  /** Health score (0–100) below which an account is at risk. */
  atRiskHealthBelow: z.number().min(0).max(100).default(40),
  /** Renewal within this many days puts the account in the renewal window. */
  renewalWindowDays: z.number().int().min(0).max(365).default(60),
});
export type LifecycleThresholds = z.infer<typeof LifecycleThresholds>;

/**
 * How much evidence product affinity needs before it drives targeting (domain.md "Product affinity":
 * weak pairs should not be pushed). Both thresholds apply when decide reads the latest snapshot, so
 * a change takes effect without a recompute.
 */
export const AffinityThresholds = z.object({
  /**
   * A segment's own affinity is used from this many accounts; a smaller segment reads the overall
   * figures (a 3-account segment's 100 % attach rate is noise).
   */
  minSegmentAccounts: z.number().int().min(1).max(1_000_000).default(30),
  /** Accounts that must own a pair's products together (or a rule's three) for it to count as evidence. */
  minCoOwners: z.number().int().min(1).max(1_000_000).default(5),
});
export type AffinityThresholds = z.infer<typeof AffinityThresholds>;

export const Theme = z.object({
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#4f46e5'),
  textColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  backgroundColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  radius: z.number().int().min(0).max(24).default(10),
  fontFamily: z.string().max(200).optional(),
});
export type Theme = z.infer<typeof Theme>;

const themeFields = Theme.shape;
/**
 * A campaign's override of the workspace theme: only the fields it names, without the defaults,
 * so overriding the radius keeps the workspace's brand colour.
 */
export const ThemeOverride = z
  .object({
    primaryColor: themeFields.primaryColor.unwrap(),
    textColor: themeFields.textColor.unwrap(),
    backgroundColor: themeFields.backgroundColor.unwrap(),
    radius: themeFields.radius.unwrap(),
    fontFamily: themeFields.fontFamily.unwrap(),
  })
  .partial();
export type ThemeOverride = z.infer<typeof ThemeOverride>;

/** A theme as the widget receives it: any of the fields, plus what the server works out from them. */
export const RenderTheme = ThemeOverride.extend({
  /** Text colour on `primaryColor`: white or black, whichever contrasts more (at least 4.58:1 for
   * any brand colour). Worked out by the server so the widget ships no colour maths. */
  onPrimaryColor: z.enum(['#ffffff', '#000000']).optional(),
});
export type RenderTheme = z.infer<typeof RenderTheme>;

/** Per-workspace policy; every field has a safe default so `{}` is valid. */
export const WorkspaceSettings = z
  .object({
    identityMode: IdentityMode.default('enforce'),
    /** End-user roles that may buy in-app; others get "ask your admin". */
    buyerRoles: z.array(z.string().min(1)).default(['admin', 'billing']),
    /** Prompts one user may be served per day across all campaigns. */
    globalDailyCapPerUser: z.number().int().min(0).max(100).default(3),
    /** Prompts one account, all its users together, may be served per day across all campaigns:
     * a large account is not prompted once per seat. Unset: no account-wide cap. */
    globalDailyCapPerAccount: z.number().int().min(0).max(100_000).optional(),
    lifecycle: LifecycleThresholds.default(LifecycleThresholds.parse({})),
    affinity: AffinityThresholds.default(AffinityThresholds.parse({})),
    theme: Theme.default(Theme.parse({})),
  })
  .meta({ id: 'WorkspaceSettings' });
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const WorkspaceSettingsPatch = WorkspaceSettings.partial();

export const CreateWorkspaceRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: AllowedOrigins.default([]),
    settings: WorkspaceSettings.partial().default({}),
    /** The first console owner, created in the same transaction as the workspace. */
    owner: ConsoleOwner.optional(),
  })
  .meta({ id: 'CreateWorkspaceRequest' });

/** Returned exactly once, at creation or rotation: only hashes or ciphertexts are kept. Webhooks
 * are signed per endpoint, each with its own secret (POST /v1/admin/webhooks/endpoints). */
export const WorkspaceCredentials = z
  .object({
    workspaceId: z.string(),
    publishableKey: z.string(),
    secretKey: z.string(),
    identitySecret: z.string(),
  })
  .meta({ id: 'WorkspaceCredentials' });
export type WorkspaceCredentials = z.infer<typeof WorkspaceCredentials>;

/** The workspace keys that can be rotated (webhook endpoint secrets rotate per endpoint). */
export const RotatableKey = z.enum(['publishable', 'secret', 'identity']);
export type RotatableKey = z.infer<typeof RotatableKey>;

/** Longest overlap a rotated key may keep working for: a week. */
export const MAX_KEY_OVERLAP_SECONDS = 7 * 24 * 3600;

/**
 * Rotate keys. With `overlapSeconds`, each replaced key keeps working that long beside the new one,
 * so a host can deploy the new key (script tag, backends, token signing) without an outage; `0`, the
 * default, retires the old ones at once, as after a leak.
 *
 * @example
 * { "keys": ["identity"], "overlapSeconds": 86400 }
 */
export const RotateKeysRequest = z
  .object({
    keys: z.array(RotatableKey).min(1),
    overlapSeconds: z.number().int().min(0).max(MAX_KEY_OVERLAP_SECONDS).default(0),
  })
  .meta({ id: 'RotateKeysRequest' });

/** The new keys, shown once; `previousKeysExpireAt` when the replaced ones still work until then. */
export const RotatedKeys = WorkspaceCredentials.partial()
  .extend({ workspaceId: z.string(), previousKeysExpireAt: z.iso.datetime().optional() })
  .meta({ id: 'RotatedKeys' });
export type RotatedKeys = z.infer<typeof RotatedKeys>;

/**
 * PATCH /v1/admin/settings. `settings` is a partial WorkspaceSettings merged into the stored one
 * (nested objects merge, arrays replace, `null` removes an optional field); the result must be valid.
 *
 * @example
 * { "allowedOrigins": ["https://app.example.com"], "settings": { "lifecycle": { "renewalWindowDays": 45 } } }
 */
export const WorkspaceUpdate = z
  .object({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: AllowedOrigins,
    settings: z.record(z.string(), z.unknown()),
  })
  .partial()
  .meta({ id: 'WorkspaceUpdate' });
export type WorkspaceUpdate = z.infer<typeof WorkspaceUpdate>;

/** GET /v1/admin/settings: the workspace's policy and its non-secret key facts. */
export const WorkspaceView = z
  .object({
    id: z.string(),
    name: z.string(),
    publishableKey: z.string(),
    /** The last characters of the secret key, to tell keys apart; the key itself is never shown again. */
    secretKeyHint: z.string(),
    allowedOrigins: z.array(z.string()),
    settings: WorkspaceSettings,
    configVersion: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WorkspaceView' });
export type WorkspaceView = z.infer<typeof WorkspaceView>;

/** How long this installation keeps what it records (set by its operator, the same for every workspace). */
export const DataRetention = z
  .object({
    /** Days raw page views and product events are kept after they arrive; null: until erased. */
    rawEventDays: z.number().int().nullable(),
    /** Days a day of the daily event counters stays a day; older ones fold into all-time totals. Null with rawEventDays. */
    counterDays: z.number().int().nullable(),
    /** Days finished webhook history (deliveries and attempts) is kept. */
    webhookHistoryDays: z.number().int(),
    /** Days decisions and message interactions (campaign history) are kept; null: until erased. */
    campaignHistoryDays: z.number().int().nullable(),
    /** Days audit log entries (who changed what, sign-ins with their address) are kept; null: with the workspace. */
    auditLogDays: z.number().int().nullable(),
  })
  .meta({ id: 'DataRetention' });
export type DataRetention = z.infer<typeof DataRetention>;
