import type { InferSelectModel } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { leads } from '../schema/index.ts';

export type LeadRow = InferSelectModel<typeof leads>;

/** Inserts unless the account already has a lead for this campaign; returns the new row or null. */
export async function insertLead(
  tx: Tx,
  row: {
    workspaceId: string;
    accountId: string;
    userId?: string | undefined;
    campaignId: string;
    decisionId: string;
    productKey: string;
    channel: 'csm' | 'sales';
    context: Record<string, unknown>;
    createdAt?: Date | undefined;
  },
): Promise<LeadRow | null> {
  const [inserted] = await tx
    .insert(leads)
    .values({ ...row, userId: row.userId ?? null })
    .onConflictDoNothing({ target: [leads.workspaceId, leads.accountId, leads.campaignId] })
    .returning();
  return inserted ?? null;
}
