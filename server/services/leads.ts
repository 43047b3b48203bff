import type { LeadContext } from '../../shared/money.ts';
import type { Tx } from '../db/client.ts';
import { insertLead, type LeadRow } from '../db/queries/money.ts';
import { leadPayload } from './money-payloads.ts';
import { enqueue } from './outbox.ts';

export interface CreateLeadInput {
  accountId: string;
  userId?: string | undefined;
  campaignId: string;
  decisionId: string;
  productKey: string;
  channel: 'csm' | 'sales';
  context: LeadContext;
}

/**
 * Records a CSM / sales-routed opportunity and its `lead.created` webhook in the caller's
 * transaction. Idempotent per (workspace, account, campaign), enforced by a unique index: the
 * engine may decide the same opportunity many times, the CRM hears about it once.
 */
export async function createLead(
  tx: Tx,
  workspaceId: string,
  input: CreateLeadInput,
  now?: Date,
): Promise<{ lead: LeadRow | null; created: boolean }> {
  const lead = await insertLead(tx, { workspaceId, ...input, createdAt: now });
  if (!lead) return { lead: null, created: false };
  await enqueue(tx, workspaceId, 'lead.created', { lead: leadPayload(lead) }, now);
  return { lead, created: true };
}
