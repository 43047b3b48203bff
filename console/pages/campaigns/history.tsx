import { useState } from 'preact/hooks';
import type { CampaignDefinition, CampaignRevision } from '../../../shared/campaign.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { errorMessage } from '../../lib/api.ts';
import { dateTime, humanize, shortValue } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';

/** Top-level definition fields that differ between a revision and the one before it. */
export function changedFields(current: CampaignRevision, previous: CampaignRevision | undefined): string[] {
  if (!previous) return [];
  const a = current.definition as Record<string, unknown>;
  const b = previous.definition as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf that differs between two definitions (a list counts as one value), by dotted path. */
export function changes(after: unknown, before: unknown, path = ''): Change[] {
  if (isObject(after) && isObject(before)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changes(after[k], before[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(after) === JSON.stringify(before) ? [] : [{ path, before, after }];
}

/**
 * The revisions worth restoring: those whose definition differs from the newest one. A status
 * change (activated, paused) keeps the definition, so restoring it would change nothing, while its
 * Restore button read as "go back to paused".
 */
export function restorableIds(rows: readonly CampaignRevision[]): Set<string> {
  const newest = rows[0];
  if (!newest) return new Set();
  return new Set(rows.filter((r) => changes(r.definition, newest.definition).length > 0).map((r) => r.id));
}

export function CampaignHistory({
  id,
  version,
  onRestore,
}: {
  id: string;
  version: number;
  /** Saves an earlier version's definition as the next version; absent when the reader may not edit. */
  onRestore?: ((definition: CampaignDefinition) => Promise<void>) | undefined;
}) {
  const revisions = useResource<{ data: CampaignRevision[] }>(
    `/v1/admin/campaigns/${id}/revisions?v=${version}`,
  );
  const rows = revisions.data?.data ?? [];
  const restorable = restorableIds(rows);
  const [restoreError, setRestoreError] = useState('');
  const restore = async (r: CampaignRevision) => {
    const question = `Make version ${r.version}'s definition the campaign's next version? Its status stays as it is, and edits not saved in the form are replaced.`;
    if (!onRestore || !window.confirm(question)) return;
    setRestoreError('');
    try {
      await onRestore(r.definition);
    } catch (err) {
      setRestoreError(`Version ${r.version} was not restored: ${errorMessage(err)}`);
    }
  };
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">Change history</h2>
      {revisions.error && <p class="field-error">{revisions.error}</p>}
      {restoreError && (
        <p class="field-error" role="alert">
          {restoreError}
        </p>
      )}
      {rows.length === 0 && !revisions.loading && <p class="muted">No changes recorded.</p>}
      {rows.length > 0 && (
        <TableWrap label="Changes, newest first">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Version</th>
                <th scope="col">Changed</th>
                {onRestore && (
                  <th scope="col">
                    <span class="sr-only">Restore</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <td>{dateTime(r.createdAt)}</td>
                  <td>{r.actor}</td>
                  <td>{humanize(r.action)}</td>
                  <td class="num">{r.version}</td>
                  <td>
                    <Changed current={r} previous={rows[i + 1]} />
                  </td>
                  {onRestore && (
                    <td>
                      {restorable.has(r.id) && (
                        <button
                          type="button"
                          class="link"
                          title={`Restore version ${r.version}'s definition (the status stays)`}
                          onClick={() => void restore(r)}
                        >
                          Restore
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

/** The fields a revision changed, opening to each value before and after. */
function Changed({
  current,
  previous,
}: {
  current: CampaignRevision;
  previous: CampaignRevision | undefined;
}) {
  const fields = changedFields(current, previous);
  if (!previous || fields.length === 0) return <>—</>;
  return (
    <details>
      <summary>{fields.join(', ')}</summary>
      <ul class="small changes">
        {changes(current.definition, previous.definition).map((c) => (
          <li key={c.path}>
            <code>{c.path}</code>: {shortValue(c.before)} → {shortValue(c.after)}
          </li>
        ))}
      </ul>
    </details>
  );
}
