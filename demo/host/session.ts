import { SignJWT } from 'jose';
import type { HostUser } from './queries.ts';

/** Short-lived on purpose: the page refreshes it, so a leaked token is useless within minutes. */
export const TOKEN_TTL_SECONDS = 15 * 60;

/**
 * What a host backend does for Attach: sign the signed-in user's identity with the workspace's
 * identity secret (HS256), so the widget cannot claim to be anyone else.
 */
export async function signEndUserToken(identitySecret: string, user: HostUser, now: Date) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + TOKEN_TTL_SECONDS;
  const token = await new SignJWT({
    account: user.accountId,
    role: user.role,
    locale: user.locale,
    name: user.name,
    traits: { plan: user.plan, segment: user.segment },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(identitySecret));
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}
