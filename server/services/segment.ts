import type { UserInput } from '../../shared/host-data.ts';
import type { SegmentAck, SegmentMessage } from '../../shared/segment.ts';
import { existingAccountIds } from '../db/queries/host-data.ts';
import { readSegment } from '../domain/segment.ts';
import type { AppDeps } from '../http/types.ts';
import { upsertAccounts, upsertUsers } from './host-data.ts';
import { unknownAccountIds } from './host-data-read.ts';
import { ingestEvents } from './ingest.ts';
import { withPropsJson } from './ingest-parse.ts';
import { recordSegmentSkips } from './segment-skips.ts';
import { noteVocabulary } from './vocabulary.ts';

/**
 * Stores what Segment sent: the accounts of its group calls, then the users of its identify calls
 * (whose accounts must exist by then), then its events. Each step is idempotent (upserts, event ids
 * from message ids), so a retry of the whole batch after a failure part-way writes nothing twice.
 */
export async function receiveSegment(
  deps: AppDeps,
  workspaceId: string,
  messages: SegmentMessage[],
): Promise<SegmentAck> {
  const now = deps.now();
  // How the Overview tells the integration is live: Segment reached us (a hint, once a day per server).
  await noteVocabulary(deps, workspaceId, 'integration', ['segment']);
  const reads = messages.map((m, index) => ({ index, messageId: m.messageId, read: readSegment(m, now) }));
  const skipped: SegmentAck['skipped'] = [];
  for (const { index, messageId, read } of reads) {
    if ('skipped' in read) skipped.push({ index, messageId, reason: read.skipped, message: read.message });
  }
  // Accounts first, so the batch's identify calls find the accounts its group calls described.
  const accounts = reads.flatMap(({ read }) => ('account' in read ? [read.account] : []));
  const synced = accounts.length ? await upsertAccounts(deps, workspaceId, accounts) : undefined;
  const users = reads.flatMap((r) => ('user' in r.read ? [{ ...r, user: r.read.user }] : []));
  const known = await existingAccountIds(deps.database, deps.database.db, workspaceId, [
    ...new Set(users.map((u) => u.user.accountId)),
  ]);
  const knownUsers: UserInput[] = [];
  for (const u of users) {
    if (known.has(u.user.accountId)) knownUsers.push(u.user);
    else
      skipped.push({
        index: u.index,
        messageId: u.messageId,
        reason: 'unknown_account',
        message: `No account "${u.user.accountId}": its group call, or a sync, must come first`,
      });
  }
  const usersSynced = knownUsers.length ? await upsertUsers(deps, workspaceId, knownUsers) : undefined;
  const events = reads.flatMap(({ read }) => ('event' in read ? [read.event] : []));
  const ack = events.length
    ? await ingestEvents(deps, { workspaceId, source: 'server', events: withPropsJson(events) })
    : { accepted: 0, duplicates: 0 };
  const unknownAccounts = events.length
    ? await unknownAccountIds(
        deps,
        workspaceId,
        events.map((e) => e.accountId),
      )
    : [];
  skipped.sort((a, b) => a.index - b.index);
  await recordSegmentSkips(deps, workspaceId, messages, skipped);
  return {
    ...ack,
    accounts: synced ? synced.created + synced.updated : 0,
    users: usersSynced ? usersSynced.created + usersSynced.updated : 0,
    skipped,
    unknownAccounts,
  };
}
