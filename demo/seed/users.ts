import type { DemoAccount, DemoUser } from './model.ts';
import { mailDomain, personName } from './names.ts';
import type { Rng } from './prng.ts';

const USERS_PER_SEGMENT = { smb: [2, 4], mid_market: [3, 5], enterprise: [4, 6] } as const;
const LOCALES = ['en', 'en', 'en', 'de', 'fr'] as const;

/** A few users per account: always one admin, often a billing owner, the rest members. */
export function usersFor(rng: Rng, account: DemoAccount): DemoUser[] {
  const [min, max] = USERS_PER_SEGMENT[account.segment];
  const count = Math.min(account.seats, rng.int(min, max));
  const domain = mailDomain(account.name, account.id);
  const users: DemoUser[] = [];
  for (let i = 0; i < count; i++) {
    const { first, last } = personName(rng);
    const role = i === 0 ? 'admin' : i === 1 && rng.chance(0.6) ? 'billing' : 'member';
    users.push({
      id: `${account.id.replace(/^acct_/, 'user_')}_${i + 1}`,
      accountId: account.id,
      email: `${first}.${last}@${domain}`.toLowerCase(),
      name: `${first} ${last}`,
      role,
      locale: rng.pick(LOCALES),
    });
  }
  return users;
}
