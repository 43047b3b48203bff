import type { LedgerData } from './ledger.ts';

/** A charge as monthly recurring revenue: a yearly one spread over twelve months. */
export function monthlyAmount(amount: number, interval: string): number {
  return interval === 'year' ? Math.round(amount / 12) : amount;
}

/**
 * Bills a purchase to its account once: the first one Attach sells an account also keeps the MRR the
 * account had before (`mrrBefore`, read by the caller only then), which later sales build on.
 */
export function billPurchase(
  data: LedgerData,
  sale: { accountId: string; reference: string; monthly: number },
  mrrBefore: number,
): void {
  const account = data.billing[sale.accountId] ?? { mrrBefore, purchases: {} };
  account.purchases[sale.reference] ??= sale.monthly;
  data.billing[sale.accountId] = account;
}

/** The account's MRR as the host bills it: what it paid before Attach, plus each purchase since. */
export function billedMrr(data: LedgerData, accountId: string): number | undefined {
  const account = data.billing[accountId];
  if (!account) return undefined;
  return Object.values(account.purchases).reduce((sum, monthly) => sum + monthly, account.mrrBefore);
}
