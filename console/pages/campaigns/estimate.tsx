import { useState } from 'preact/hooks';
import type { AudienceEstimate } from '../../../shared/campaign.ts';
import { api, errorMessage } from '../../lib/api.ts';
import { num } from '../../lib/format.ts';
import { reasonLabel } from '../../lib/reasons.ts';
import { validateDraft } from './campaign-form.tsx';
import type { CampaignDraft } from './preview-message.ts';

/** Who the unsaved definition reaches now: accounts and users eligible, and how many are held out. */
export function AudienceEstimatePanel({ draft }: { draft: CampaignDraft }) {
  const [estimate, setEstimate] = useState<AudienceEstimate | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setError('Fix the highlighted fields first (save to see them).');
      return;
    }
    setBusy(true);
    setError('');
    try {
      setEstimate(await api<AudienceEstimate>('POST', '/v1/admin/campaigns/estimate', checked.definition));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="estimate" aria-labelledby="estimate-title">
      <h2 id="estimate-title">Audience estimate</h2>
      <button type="button" onClick={run} disabled={busy}>
        {busy ? 'Estimating…' : 'Estimate audience now'}
      </button>
      {error && <p class="field-error">{error}</p>}
      {estimate && (
        <div aria-live="polite">
          <dl class="figures">
            <div>
              <dt>Eligible accounts</dt>
              <dd>
                {num(estimate.eligibleAccounts)}
                {estimate.testAccounts > 0 && (
                  <small class="muted">
                    {' '}
                    including {num(estimate.testAccounts)} test, left out of reports
                  </small>
                )}
              </dd>
            </div>
            <div>
              <dt>Eligible users</dt>
              <dd>{num(estimate.eligibleUsers)}</dd>
            </div>
            <div>
              <dt>Held-out accounts</dt>
              <dd>{num(estimate.heldOutAccounts)}</dd>
            </div>
            <div>
              <dt>Held-out users</dt>
              <dd>{num(estimate.heldOutUsers)}</dd>
            </div>
          </dl>
          <p class="muted small">
            {estimate.sampled ? `Extrapolated from ${num(estimate.accountsEvaluated)} of ` : 'Out of '}
            {num(estimate.accountsTotal)} accounts, before frequency caps.
          </p>
          {estimate.topBlockers.length > 0 && (
            <>
              <h3>Most common blockers</h3>
              <ul class="small">
                {estimate.topBlockers.map((b) => (
                  <li key={b.code}>
                    {reasonLabel(b.code)}: {num(b.accounts)} accounts
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
