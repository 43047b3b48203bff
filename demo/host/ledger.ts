import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The demo host's own record of what Attach asked it to provision, as any host keeps for its
 * billing. Webhooks arrive at least once, so each message id is processed once.
 */
const Grant = z.object({
  accountId: z.string(),
  productKey: z.string(),
  kind: z.enum(['purchase', 'trial']),
  /** Purchase or trial id in Attach. */
  reference: z.string(),
  /** Webhook message that granted it. */
  messageId: z.string(),
  at: z.string(),
  /** Set once Attach confirmed the fulfilment (purchases only). */
  confirmedAt: z.string().nullable().default(null),
});
export type Grant = z.infer<typeof Grant>;

/**
 * What the host bills an account since Attach first sold it something: its MRR before that, and
 * each purchase's monthly amount by purchase id (so a purchase is billed once however often its
 * webhooks arrive).
 */
const AccountBilling = z.object({ mrrBefore: z.number(), purchases: z.record(z.string(), z.number()) });
export type AccountBilling = z.infer<typeof AccountBilling>;

const LedgerFile = z.object({
  processed: z.array(z.string()),
  grants: z.array(Grant),
  /** By account id; a ledger written before the demo billed purchases has none. */
  billing: z.record(z.string(), AccountBilling).default({}),
});
export type LedgerData = z.infer<typeof LedgerFile>;

/** Keep the file small: the ids only guard against redelivery, which happens within hours. */
const MAX_PROCESSED = 5000;

export interface Ledger {
  data: LedgerData;
  /** Runs one change at a time and persists it, so concurrent webhooks never lose a write. */
  update<T>(change: (data: LedgerData) => T): Promise<T>;
}

const open = new Map<string, Promise<Ledger>>();

async function load(path: string): Promise<Ledger> {
  let data: LedgerData = { processed: [], grants: [], billing: {} };
  try {
    const parsed = LedgerFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (parsed.success) data = parsed.data;
  } catch {
    // no ledger yet: the demo host has provisioned nothing through Attach
  }
  let queue: Promise<unknown> = Promise.resolve();
  const ledger: Ledger = {
    data,
    update(change) {
      const run = queue.then(async () => {
        const result = change(ledger.data);
        ledger.data.processed = ledger.data.processed.slice(-MAX_PROCESSED);
        await writeFile(`${path}.tmp`, JSON.stringify(ledger.data), { mode: 0o600 });
        await rename(`${path}.tmp`, path);
        return result;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
  return ledger;
}

export function openLedger(dataDir: string): Promise<Ledger> {
  const path = join(dataDir, 'demo-host-ledger.json');
  let ledger = open.get(path);
  if (!ledger) {
    ledger = load(path);
    open.set(path, ledger);
  }
  return ledger;
}

/** Products the host has unlocked for an account through Attach (purchases, and running trials). */
export function grantsFor(ledger: Ledger, accountId: string): Grant[] {
  return ledger.data.grants.filter((g) => g.accountId === accountId);
}
