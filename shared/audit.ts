import { z } from 'zod';
import { ListQuery, page } from './catalog.ts';

/**
 * Who changed what in a workspace's configuration, who signed in to the console, who settled a
 * purchase, request or lead by hand, and who erased whose data: the record an owner reads after
 * "why did the price change?" or an auditor's "who rotated the keys?". Written in the transaction
 * of the change it records, so a change and its entry commit or roll back together.
 */
export const AuditAction = z.enum([
  'product.created',
  'product.updated',
  'product.deleted',
  'bundle.created',
  'bundle.updated',
  'bundle.deleted',
  'campaign.created',
  'campaign.duplicated',
  'campaign.imported',
  'campaign.updated',
  'campaign.activated',
  'campaign.paused',
  'campaign.archived',
  'campaign.deleted',
  'workspace.created',
  'settings.updated',
  'keys.rotated',
  'affinity.recomputed',
  'api_key.created',
  'api_key.revoked',
  'api_key.rolled',
  'api_key.updated',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.deleted',
  'console_user.added',
  'console_user.role_changed',
  'console_user.removed',
  'console_user.signed_in',
  'console_user.sign_in_failed',
  'console_user.password_changed',
  'console_user.password_reset',
  'console_user.signed_out',
  'console_user.two_step_enabled',
  'console_user.two_step_disabled',
  'sign_in_policy.updated',
  'sso.updated',
  'sso.removed',
  'purchase.fulfilled',
  'purchase.failed',
  'access_request.approved',
  'access_request.declined',
  'lead.status_changed',
  'account.deleted',
  'user.deleted',
  'account.frequency_reset',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditTargetType = z.enum([
  'product',
  'bundle',
  'campaign',
  'workspace',
  'api_key',
  'webhook_endpoint',
  'console_user',
  'purchase',
  'access_request',
  'lead',
  'account',
  'user',
]);
export type AuditTargetType = z.infer<typeof AuditTargetType>;

/** One field an update changed, by its dotted path in the API's representation. */
export const AuditChange = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type AuditChange = z.infer<typeof AuditChange>;

export const AuditEntry = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    /**
     * A console user's email, `api` for the workspace's secret key (`api:previous` for the key it
     * replaced, during a rotation's overlap), `key:<name>` for a named API key, `operator` for the
     * operator API, `cli`, or `demo-seed`.
     */
    actor: z.string(),
    action: AuditAction,
    target: z.object({
      type: AuditTargetType,
      /** The key (products, bundles), the host's id (accounts, users) or our id of what changed. */
      id: z.string(),
      /** Its name when it had one at the time (a campaign's name, a console user's email). */
      name: z.string().nullable(),
    }),
    /** What an update changed; empty for creations and deletions. Secrets are never recorded. */
    changes: z.array(AuditChange),
    /** Facts of the action that are not field changes (which keys a rotation replaced). */
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = ListQuery.extend({
  action: AuditAction.optional(),
  targetType: AuditTargetType.optional(),
  targetId: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(320).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditLog = page(AuditEntry).meta({ id: 'AuditLog' });
export type AuditLog = z.infer<typeof AuditLog>;
