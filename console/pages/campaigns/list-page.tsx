import { useState } from 'preact/hooks';
import type { CampaignLift } from '../../../shared/analytics.ts';
import type { CampaignListItem, CampaignStatus, Target } from '../../../shared/campaign.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { takeFlash } from '../../lib/flash.ts';
import { num, pct, pointRange, points } from '../../lib/format.ts';
import { motionLabel } from '../../lib/labels.ts';
import { liftVerdict, sampleRatioWarning, TOO_EARLY_HINT } from '../../lib/lift-verdict.ts';
import { Link } from '../../lib/router.ts';
import { canEdit, useSession } from '../../lib/session.ts';
import { useEveryPage, useResource } from '../../lib/use-resource.ts';
import { ImportCampaign } from './import.tsx';

export function targetLabel(t: Target): string {
  switch (t.kind) {
    case 'product':
      return t.productKey;
    case 'bundle':
      return `bundle ${t.bundleKey}`;
    case 'tier':
      return `tier ${t.toPlan}`;
    case 'next_best':
      return 'next best product';
  }
}

const STATUSES: Array<CampaignStatus | ''> = ['', 'active', 'draft', 'paused', 'archived'];

export function CampaignListPage() {
  const { session } = useSession();
  const [status, setStatus] = useState<CampaignStatus | ''>('');
  /** What the page that sent us here did (a draft deleted in the editor). */
  const [notice] = useState(takeFlash);
  const list = useEveryPage<CampaignListItem>(
    `/v1/admin/campaigns?limit=200${status ? `&status=${status}` : ''}`,
  );
  // The API's default range, the last 90 days: the caption says so.
  const lifts = useResource<{ data: CampaignLift[] }>('/v1/admin/analytics/lift');
  const liftOf = (id: string) => lifts.data?.data?.find((l) => l.campaignId === id);
  // What the export would write: without a status it leaves archived campaigns out, and a file of none is refused.
  const exportable = (list.data?.data ?? []).some((c) => status !== '' || c.status !== 'archived');
  return (
    <section>
      <div class="page-head">
        <h1>Campaigns</h1>
        {canEdit(session) && (
          <div class="actions">
            <ImportCampaign />
            <Link to="campaigns/templates" class="button">
              Start from a template
            </Link>
            <Link to="campaigns/new" class="button primary">
              New campaign
            </Link>
          </div>
        )}
      </div>
      {notice && (
        <output class="notice" aria-live="polite">
          {notice}
        </output>
      )}
      <div class="field inline">
        <label for="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as CampaignStatus | '')}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s || 'all'}
            </option>
          ))}
        </select>
        {exportable && (
          <a
            class="button"
            href={`/v1/admin/campaigns/export${status ? `?status=${status}` : ''}`}
            download
            title="To import into another workspace; without a status, every campaign not archived"
          >
            Export to a file
          </a>
        )}
      </div>
      {list.error && <p class="field-error">{list.error}</p>}
      {list.loading && !list.data && <p class="loading">Loading…</p>}
      {list.data && list.data.data.length === 0 && <p>No campaigns yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <TableWrap label="Campaigns">
          <table>
            {/* Not the Analytics page's conversion: counted per prompt served, all time, like the overview. */}
            <caption class="muted small">
              Shown = impressions, all time. Dismissed = dismissals ÷ impressions, all time (every prompt must
              earn its place: a high share says it annoys more than it helps). Conversion = completed
              purchases through the campaign ÷ prompts served, all time. Lift = conversion of treated accounts
              minus the holdout's, last 90 days (as on Analytics).
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Motion</th>
                <th scope="col">Target</th>
                <th scope="col" class="num">
                  Shown
                </th>
                <th scope="col" class="num">
                  Dismissed
                </th>
                <th scope="col" class="num">
                  Conversion
                </th>
                <th scope="col" class="num">
                  Lift
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`campaigns/${c.id}`}>{c.name}</Link>
                  </th>
                  <td>
                    <span class={`badge ${c.status}`}>{c.status}</span>
                    {c.variants.length > 0 && (
                      <span class="muted small"> · testing {c.variants.length + 1} copies</span>
                    )}
                  </td>
                  <td>{motionLabel(c.motion)}</td>
                  <td>{targetLabel(c.target)}</td>
                  <td class="num">{num(c.stats.shown)}</td>
                  <td class="num">{c.stats.shown ? pct(c.stats.dismissed / c.stats.shown) : '—'}</td>
                  {/* Nothing served yet is no rate at all, not a 0 % one. */}
                  <td class="num">{c.stats.served ? pct(c.stats.conversionRate) : '—'}</td>
                  <td class="num">
                    <LiftCell lift={liftOf(c.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

/**
 * The lift, qualified as the analytics lift table qualifies it: "(sample ratio mismatch)" when the
 * arms did not split as the holdout % says, "(early)" while its arms are too thin to act on, "(not
 * significant)" while its interval includes zero (a bare "+14.5 pts" read as a result).
 */
export function LiftCell({ lift }: { lift: CampaignLift | undefined }) {
  if (lift === undefined) return <>{points(undefined)}</>;
  const verdict = liftVerdict(lift);
  if (verdict === 'mismatch')
    return (
      <span title={sampleRatioWarning(lift)}>
        {points(lift.lift)}
        <strong class="srm-warning"> (sample ratio mismatch)</strong>
      </span>
    );
  if (lift.lift === null) return <>{points(undefined)}</>;
  if (verdict === 'significant') return <>{points(lift.lift)}</>;
  const interval = lift.interval ? ` (${pointRange(lift.interval.low, lift.interval.high)})` : '';
  const title =
    verdict === 'early'
      ? `Too early to tell. ${TOO_EARLY_HINT}`
      : `Not significant: the 95 % interval${interval} includes zero`;
  return (
    <span title={title}>
      {points(lift.lift)}
      <span class="muted small">{verdict === 'early' ? ' (early)' : ' (not significant)'}</span>
    </span>
  );
}
