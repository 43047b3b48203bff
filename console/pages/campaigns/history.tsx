import type { CampaignRevision } from '../../../shared/campaign.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { dateTime, humanize } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';

/** Top-level definition fields that differ between a revision and the one before it. */
export function changedFields(current: CampaignRevision, previous: CampaignRevision | undefined): string[] {
  if (!previous) return [];
  const a = current.definition as Record<string, unknown>;
  const b = previous.definition as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function CampaignHistory({ id, version }: { id: string; version: number }) {
  const revisions = useResource<{ data: CampaignRevision[] }>(
    `/v1/admin/campaigns/${id}/revisions?v=${version}`,
  );
  const rows = revisions.data?.data ?? [];
  return (
    <section class="card" aria-labelledby="history-title">
      <h3 id="history-title">Change history</h3>
      {revisions.error && <p class="field-error">{revisions.error}</p>}
      {rows.length === 0 && !revisions.loading && <p class="muted">No changes recorded.</p>}
      {rows.length > 0 && (
        <TableWrap label="Change history">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Version</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <td>{dateTime(r.createdAt)}</td>
                  <td>{r.actor}</td>
                  <td>{humanize(r.action)}</td>
                  <td class="num">{r.version}</td>
                  <td>{changedFields(r, rows[i + 1]).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
