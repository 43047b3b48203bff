import { useState } from 'preact/hooks';
import type { ExplainReason } from '../../shared/explain.ts';
import type { FrequencyReset } from '../../shared/host-data.ts';
import { api, errorMessage } from '../lib/api.ts';
import { canEdit, useSession } from '../lib/session.ts';

/** Caps counted for the whole account, not per user: their reset cannot be limited to the user. */
const ACCOUNT_WIDE = new Set(['frequency.account_daily_cap', 'frequency.account_prompts_cap']);
/** Caps counted over every campaign: their reset cannot be limited to this campaign. */
const ALL_CAMPAIGNS = new Set(['frequency.user_daily_cap', 'frequency.account_prompts_cap']);

/**
 * The `DELETE /v1/admin/accounts/{id}/frequency` query that clears what the blocking frequency
 * reasons read, as narrowly as they allow; null when no frequency rule blocks.
 */
export function frequencyResetQuery(reasons: readonly ExplainReason[], user: string, campaignId: string) {
  const codes = reasons.filter((r) => r.blocking && r.code.startsWith('frequency.')).map((r) => r.code);
  if (codes.length === 0) return null;
  const q = new URLSearchParams();
  if (user && !codes.some((c) => ACCOUNT_WIDE.has(c))) q.set('user', user);
  if (!codes.some((c) => ALL_CAMPAIGNS.has(c))) q.set('campaign', campaignId);
  return q;
}

/**
 * For a campaign a frequency cap blocks: forget the serving history behind it, so whoever is testing
 * sees the campaign again without waiting out the cap. Editors only, and asked first: on a real
 * user it shows them the prompt again.
 */
export function ResetCaps(props: {
  account: string;
  user: string;
  campaignId: string;
  reasons: readonly ExplainReason[];
  onReset: () => void;
}) {
  const { session } = useSession();
  const [error, setError] = useState('');
  const query = frequencyResetQuery(props.reasons, props.user, props.campaignId);
  if (!query || !canEdit(session)) return null;
  const who = query.has('user') ? `user ${props.user}` : `every user of account ${props.account}`;
  const what = query.has('campaign') ? 'this campaign' : 'every campaign';
  const reset = async () => {
    const question = `Forget the impressions, dismissals and daily counts of ${who} for ${what}? They will be offered it again as if never shown. Use it for testing.`;
    if (!window.confirm(question)) return;
    try {
      await api<FrequencyReset>(
        'DELETE',
        `/v1/admin/accounts/${encodeURIComponent(props.account)}/frequency?${query}`,
      );
      setError('');
      props.onReset();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <p class="small">
      <button type="button" onClick={reset}>
        Reset these caps (testing)
      </button>
      {error && (
        <span class="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
