import { apiKeyActor } from '../../shared/api-keys.ts';
import { AuditAction, type AuditTargetType } from '../../shared/audit.ts';

/** Each action's label and the kind of thing it changes (its group in the action filter). */
const ACTIONS: Record<AuditAction, readonly [label: string, target: AuditTargetType]> = {
  'product.created': ['Product created', 'product'],
  'product.updated': ['Product updated', 'product'],
  'product.deleted': ['Product deleted', 'product'],
  'bundle.created': ['Bundle created', 'bundle'],
  'bundle.updated': ['Bundle updated', 'bundle'],
  'bundle.deleted': ['Bundle deleted', 'bundle'],
  'campaign.created': ['Campaign created', 'campaign'],
  'campaign.duplicated': ['Campaign duplicated', 'campaign'],
  'campaign.imported': ['Campaign imported', 'campaign'],
  'campaign.updated': ['Campaign updated', 'campaign'],
  'campaign.activated': ['Campaign activated', 'campaign'],
  'campaign.paused': ['Campaign paused', 'campaign'],
  'campaign.archived': ['Campaign archived', 'campaign'],
  'campaign.deleted': ['Campaign deleted', 'campaign'],
  'workspace.created': ['Workspace created', 'workspace'],
  'settings.updated': ['Settings updated', 'workspace'],
  'keys.rotated': ['Keys rotated', 'workspace'],
  'affinity.recomputed': ['Affinity recomputed', 'workspace'],
  'api_key.created': ['API key created', 'api_key'],
  'api_key.revoked': ['API key revoked', 'api_key'],
  'api_key.rolled': ['API key rolled', 'api_key'],
  'api_key.updated': ['API key’s allowed addresses changed', 'api_key'],
  'webhook_endpoint.created': ['Webhook endpoint created', 'webhook_endpoint'],
  'webhook_endpoint.updated': ['Webhook endpoint updated', 'webhook_endpoint'],
  'webhook_endpoint.secret_rotated': ['Webhook signing secret rotated', 'webhook_endpoint'],
  'webhook_endpoint.deleted': ['Webhook endpoint deleted', 'webhook_endpoint'],
  'console_user.added': ['Console user added', 'console_user'],
  'console_user.role_changed': ['Console user’s role changed', 'console_user'],
  'console_user.removed': ['Console user removed', 'console_user'],
  'console_user.signed_in': ['Signed in to the console', 'console_user'],
  'console_user.sign_in_failed': ['Failed sign-in (wrong password or code)', 'console_user'],
  'console_user.password_changed': ['Changed their password', 'console_user'],
  'console_user.password_reset': ['Password set by an owner', 'console_user'],
  'console_user.signed_out': ['Signed out everywhere by an owner', 'console_user'],
  'console_user.two_step_enabled': ['Turned on two-step sign-in', 'console_user'],
  // By the user themselves (with their password) or by an owner, for one who lost their authenticator.
  'console_user.two_step_disabled': ['Two-step sign-in turned off', 'console_user'],
  'sign_in_policy.updated': ['Sign-in policy changed', 'workspace'],
  'sso.updated': ['Single sign-on set', 'workspace'],
  'sso.removed': ['Single sign-on removed', 'workspace'],
  'purchase.fulfilled': ['Purchase fulfilled', 'purchase'],
  'purchase.failed': ['Purchase failed', 'purchase'],
  'access_request.approved': ['Access request approved', 'access_request'],
  'access_request.declined': ['Access request declined', 'access_request'],
  'lead.status_changed': ['Lead moved', 'lead'],
  'account.deleted': ['Account deleted', 'account'],
  'user.deleted': ['User deleted', 'user'],
  'account.frequency_reset': ['Account’s frequency caps reset', 'account'],
};

const TARGETS: Record<AuditTargetType, readonly [one: string, group: string]> = {
  product: ['Product', 'Products'],
  bundle: ['Bundle', 'Bundles'],
  campaign: ['Campaign', 'Campaigns'],
  workspace: ['Workspace', 'Workspace'],
  api_key: ['API key', 'API keys'],
  webhook_endpoint: ['Webhook endpoint', 'Webhook endpoints'],
  console_user: ['Console user', 'Console users'],
  purchase: ['Purchase', 'Purchases'],
  access_request: ['Access request', 'Access requests'],
  lead: ['Lead', 'Leads'],
  account: ['Account', 'Accounts'],
  user: ['User', 'Users'],
};

/** "Product updated" for `product.updated`; an action newer than this console as it is. */
export const actionLabel = (action: string) => ACTIONS[action as AuditAction]?.[0] ?? action;

export const targetTypeLabel = (type: AuditTargetType) => TARGETS[type][0];

/** Every action, grouped by what it changes, for the action filter's optgroups (schema order). */
export function actionGroups(): Array<{ label: string; actions: Array<readonly [AuditAction, string]> }> {
  const groups = new Map<string, Array<readonly [AuditAction, string]>>();
  for (const action of AuditAction.options) {
    const [label, target] = ACTIONS[action];
    const group = TARGETS[target][1];
    groups.set(group, [...(groups.get(group) ?? []), [action, label] as const]);
  }
  return [...groups].map(([label, actions]) => ({ label, actions }));
}

/** How the log names a call made with a named API key: `key:` and the key's name. */
const NAMED_KEY = apiKeyActor('');

/** Who acted, as the log names them: a console user's email, or a key, which is not a person. */
export function actorLabel(actor: string): string {
  if (actor === 'api') return 'API (secret key)';
  if (actor === 'api:previous') return 'API (replaced secret key, in its overlap)';
  if (actor === 'operator') return 'Operator API';
  return actor.startsWith(NAMED_KEY) ? `API key “${actor.slice(NAMED_KEY.length)}”` : actor;
}

/** Sign-ins, failed or not: records of access, not changes to the workspace. */
export const isSignIn = (action: string) =>
  action === 'console_user.signed_in' || action === 'console_user.sign_in_failed';

/** Where another page links for one thing's history: `auditOf('product', 'reports')`. */
export const auditOf = (type: AuditTargetType, id: string) =>
  `audit?${new URLSearchParams({ targetType: type, targetId: id })}`;
