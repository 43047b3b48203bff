import { z } from 'zod';

/** Where the console's single sign-on starts and where the identity provider sends people back. */
export const SSO_START_PATH = '/v1/console/sso/start';
export const SSO_CALLBACK_PATH = '/v1/console/sso/callback';

/** The console's query parameter naming the workspace to sign in to with SSO (a bookmarkable link). */
export const SSO_WORKSPACE_PARAM = 'sso';
/** The console's query parameter carrying why a single sign-on did not complete (an SsoErrorCode). */
export const SSO_ERROR_PARAM = 'ssoError';

const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain, as example.com');

/** People in this identity provider group are given this console role (`SsoSettings.groupRoles`). */
export const SsoGroupRole = z.object({
  group: z.string().trim().min(1).max(200),
  role: z.enum(['editor', 'viewer']),
});
export type SsoGroupRole = z.infer<typeof SsoGroupRole>;

/**
 * A workspace's OpenID Connect sign-in for the console: the identity provider (its issuer URL,
 * whose `/.well-known/openid-configuration` says the rest) and the client registered there.
 */
export const SsoSettings = z
  .object({
    /** The provider's issuer, exactly as its discovery document states it. */
    issuer: z.url({ protocol: /^https?$/ }).max(500),
    clientId: z.string().trim().min(1).max(200),
    /**
     * People of these email domains who have no console user yet get one at their first sign-in,
     * with `defaultRole`; empty: only people already added can sign in with SSO.
     */
    emailDomains: z.array(EmailDomain).max(20),
    defaultRole: z.enum(['editor', 'viewer']),
    /**
     * Editors and viewers must sign in with SSO: their password sign-in is refused (403
     * `sso_required`). Owners keep theirs, so a broken provider never locks everyone out.
     */
    required: z.boolean(),
    /** The id token claim listing the person's groups (Okta, Microsoft Entra ID, Keycloak: `groups`). */
    groupsClaim: z.string().trim().min(1).max(100).default('groups'),
    /**
     * With any, the provider decides editors' and viewers' roles: at each SSO sign-in their role
     * becomes the highest their groups map to (editor over viewer), `defaultRole` when none of their
     * groups is listed, and a new user starts with it. Owners are never changed, and a token without
     * the groups claim changes no one. Empty: roles are set in the console only.
     */
    groupRoles: z
      .array(SsoGroupRole)
      .max(50)
      .refine((list) => new Set(list.map((g) => g.group)).size === list.length, 'each group once')
      .default([]),
  })
  .meta({ id: 'SsoSettings' });
export type SsoSettings = z.infer<typeof SsoSettings>;

/** Sets single sign-on; `clientSecret` is needed the first time, and replaces the stored one when sent. */
export const SsoUpdate = SsoSettings.extend({
  clientSecret: z.string().min(1).max(500).optional(),
}).meta({ id: 'SsoUpdate' });
export type SsoUpdate = z.infer<typeof SsoUpdate>;

/** What the console shows of it: never the secret, only its last four characters. */
export const SsoView = z
  .object({
    settings: SsoSettings.extend({ clientSecretHint: z.string(), updatedAt: z.iso.datetime() }).nullable(),
    /** The redirect URI to register with the provider. */
    redirectUri: z.string(),
    /** The link that starts this workspace's SSO sign-in, to bookmark or share with the team. */
    signInUrl: z.string(),
  })
  .meta({ id: 'SsoView' });
export type SsoView = z.infer<typeof SsoView>;

/** Why a single sign-on did not complete, as the console's `ssoError` parameter says it. */
export const SsoErrorCode = z.enum([
  'not_configured',
  'provider_unreachable',
  'expired',
  'refused_by_provider',
  'invalid_token',
  'email_missing',
  'not_a_member',
  'busy',
]);
export type SsoErrorCode = z.infer<typeof SsoErrorCode>;

/** The sentence the console shows for each SsoErrorCode. */
export const SSO_ERROR_MESSAGES: Record<SsoErrorCode, string> = {
  not_configured: 'This workspace has no single sign-on set up. Sign in with your email and password.',
  provider_unreachable:
    'Your identity provider could not be reached. Try again, or ask an owner to check the settings.',
  expired: 'That sign-in took too long or was already used. Start again.',
  refused_by_provider: 'Your identity provider did not sign you in.',
  invalid_token: 'Your identity provider’s answer could not be verified. Ask an owner to check the settings.',
  email_missing: 'Your identity provider did not give a verified email address.',
  not_a_member:
    'You have no console user in this workspace, and your email domain does not get one. Ask an owner to add you.',
  busy: 'Too many sign-ins are under way for this workspace. Try again in a few minutes.',
};
