import type { Tx } from '../client.ts';
import { outbox } from '../schema/index.ts';

export async function insertOutbox(
  tx: Tx,
  row: {
    workspaceId: string;
    id: string;
    eventType: string;
    payload: Record<string, unknown>;
    createdAt?: Date | undefined;
    dispatchedAt?: Date | undefined;
  },
): Promise<void> {
  await tx.insert(outbox).values(row);
}
