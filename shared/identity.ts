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
