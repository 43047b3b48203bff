import { useState } from 'preact/hooks';
import {
  SEGMENT_SKIPS_KEPT_DAYS,
  SEGMENT_SKIPS_KEPT_MAX,
  SEGMENT_SKIPS_PATH,
  type SegmentSkip,
  SegmentSkipReason,
} from '../../shared/segment.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { dateTime, num } from '../lib/format.ts';
import { usePaged } from '../lib/use-paged.ts';

/** Each reason as a developer reads it; the row's message says what to change. */
const SKIP_REASON_LABELS: Record<SegmentSkipReason, string> = {
  unsupported_type: 'Call type not read',
  no_account: 'No account',
  unknown_account: 'Account not synced yet',
  out_of_window: 'Too old or ahead',
  invalid: 'Not storable',
};

const skipsPath = (reason: string) =>
  `${SEGMENT_SKIPS_PATH}?${new URLSearchParams({ limit: '20', ...(reason ? { reason } : {}) })}`;

/**
 * The Segment messages Attach recently left out, and why: Segment's destination shows only that each
 * request succeeded, so a source sending events without their account would otherwise go unnoticed.
 */
export function SegmentSkips() {
  const [reason, setReason] = useState('');
  // Refresh reads the list again from its newest page: a new list, with a key of its own.
  const [round, setRound] = useState(0);
  return (
    <section aria-labelledby="segment-skips-title">
      <h3 id="segment-skips-title">Skipped messages</h3>
      <p class="muted">
        Messages from Segment that were not stored, from the last {SEGMENT_SKIPS_KEPT_DAYS} days (at most{' '}
        {num(SEGMENT_SKIPS_KEPT_MAX)}); find one by its message ID in Segment's debugger.
      </p>
      <div class="field inline">
        <label for="segment-skips-reason">Reason</label>
        <select id="segment-skips-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
          <option value="">All reasons</option>
          {SegmentSkipReason.options.map((r) => (
            <option key={r} value={r}>
              {SKIP_REASON_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          Refresh<span class="sr-only"> skipped messages</span>
        </button>
      </div>
      <SkipList key={round} reason={reason} />
    </section>
  );
}

function SkipList({ reason }: { reason: string }) {
  const skips = usePaged<SegmentSkip>(skipsPath(reason));
  return (
    <>
      {skips.error && <p class="field-error">{skips.error}</p>}
      {skips.loading && skips.items.length === 0 && <p class="loading">Loading…</p>}
      {skips.loaded && !skips.loading && !skips.error && skips.items.length === 0 && (
        <p class="muted">No messages skipped{reason ? ' for this reason' : ''}.</p>
      )}
      {skips.items.length > 0 && (
        <TableWrap label="Skipped messages, newest first">
          <table aria-busy={skips.loading}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Call</th>
                <th scope="col">Message ID</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {skips.items.map((skip) => (
                <SkipRow key={skip.id} skip={skip} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {skips.more && (
        <button type="button" disabled={skips.loading} onClick={skips.more}>
          Load more<span class="sr-only"> skipped messages</span>
        </button>
      )}
    </>
  );
}

function SkipRow({ skip }: { skip: SegmentSkip }) {
  return (
    <tr>
      <th scope="row">
        <time dateTime={skip.at} title={skip.at}>
          {dateTime(skip.at)}
        </time>
      </th>
      <td>
        <code>{skip.type}</code>
        {skip.event !== null && ` ${skip.event}`}
      </td>
      <td>
        <code class="small">{skip.messageId}</code>
      </td>
      <td>
        <span class="badge">{SKIP_REASON_LABELS[skip.reason]}</span> {skip.message}
      </td>
    </tr>
  );
}
