import type { Database } from '../../server/db/client.ts';
import { grantsFor, openLedger } from './ledger.ts';
import { type HostUser, hostProducts, hostUsage } from './queries.ts';

export type AddonStatus = 'included' | 'unlocked' | 'trial' | 'locked';

/**
 * What the demo product shows for one user: its own provisioning plus what Attach sold and the
 * host fulfilled by webhook. A purchase in the widget flips a product from locked to unlocked here.
 */
export async function hostState(database: Database, workspaceId: string, dataDir: string, user: HostUser) {
  const [products, usage, ledger] = await Promise.all([
    hostProducts(database, workspaceId, user.accountId),
    hostUsage(database, workspaceId, user.accountId),
    openLedger(dataDir),
  ]);
  const grants = grantsFor(ledger, user.accountId);
  return {
    user: { id: user.id, name: user.name, role: user.role },
    account: { id: user.accountId, name: user.accountName, segment: user.segment, plan: user.plan },
    usage,
    products: products.map((p) => {
      const granted = grants.find((g) => g.productKey === p.key);
      const status: AddonStatus = p.provisioned
        ? 'included'
        : granted
          ? granted.kind === 'trial'
            ? 'trial'
            : 'unlocked'
          : 'locked';
      return {
        key: p.key,
        name: p.name,
        description: p.description,
        role: p.role,
        price: { amount: p.amount, currency: p.currency, interval: p.interval },
        status,
      };
    }),
    fulfilments: grants.map((g) => ({
      productKey: g.productKey,
      kind: g.kind,
      at: g.at,
      confirmedAt: g.confirmedAt,
      messageId: g.messageId,
    })),
  };
}
export type HostState = Awaited<ReturnType<typeof hostState>>;
