import { z } from 'zod';
import { DEFAULT_ROLE, HostId } from './host-data.ts';

/**
 * Claims of the end-user token the host backend signs (HS256, identity secret). `exp` and `iat`
 * are required; keep tokens short-lived (minutes to hours).
 *
 * @example
 * await new SignJWT({ account: 'acct_42', role: 'admin' }).setProtectedHeader({ alg: 'HS256' })
 *   .setSubject('user_7').setIssuedAt().setExpirationTime('1h').sign(identitySecret);
 */
export const EndUserClaims = z.object({
  sub: HostId,
  account: HostId,
  role: z.string().min(1).max(50).default(DEFAULT_ROLE),
  locale: z.string().min(2).max(20).optional(),
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
});
export type EndUserClaims = z.infer<typeof EndUserClaims>;

/**
 * `POST /v1/admin/identity/token-check`: a user token to check as the widget's calls would, for a
 * host developer wiring up their signing.
 *
 * @example
 * { "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzciLCJhY2NvdW50IjoiYWNjdF80MiJ9.…" }
 */
export const TokenCheckRequest = z
  .object({ token: z.string().trim().min(1).max(8192) })
  .meta({ id: 'TokenCheckRequest' });

/** What the widget API makes of the token: whom it names, or why it refuses it. */
export const TokenCheck = z
  .object({
    valid: z.boolean(),
    /** Why not, in the words of the widget calls' `401 invalid_user_token`. */
    reason: z.string().nullable(),
    /** The user it names, as decide reads it (when valid). */
    user: z
      .object({ userId: z.string(), accountId: z.string(), role: z.string(), locale: z.string().optional() })
      .nullable(),
    /** Its claims as it carries them, verified or not (null when it is no JWT). */
    claims: z.record(z.string(), z.unknown()).nullable(),
    issuedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TokenCheck' });
export type TokenCheck = z.infer<typeof TokenCheck>;
