import type { Campaign } from '../../../shared/campaign.ts';
import { api } from '../../lib/api.ts';
import { flash } from '../../lib/flash.ts';
import { navigate } from '../../lib/router.ts';

/**
 * Deletes a campaign that never went live (a draft, or one archived without going live), asked
 * first, then goes back to the campaigns list, which says so. Only a campaign the API calls
 * `deletable` gets the button: anything that has been live is archived instead. The API still
 * refuses one that went live since the page loaded (`campaign_has_history`), which `onError` shows.
 */
export function DeleteDraft(props: {
  campaign: Campaign;
  disabled: boolean;
  onError: (err: unknown) => void;
}) {
  const { campaign } = props;
  if (!campaign.deletable) return null;
  const what =
    campaign.status === 'draft' ? `the draft “${campaign.name}”` : `the archived campaign “${campaign.name}”`;
  const remove = async () => {
    // The question also covers unsaved edits: they go with the draft.
    if (!window.confirm(`Delete ${what} and its change history? This cannot be undone.`)) return;
    try {
      await api('DELETE', `/v1/admin/campaigns/${campaign.id}`, undefined, {
        'if-match': String(campaign.version),
      });
    } catch (err) {
      props.onError(err);
      return;
    }
    flash(`Deleted ${what}.`);
    navigate('campaigns', { asked: true });
  };
  return (
    <button type="button" class="danger" disabled={props.disabled} onClick={remove}>
      {campaign.status === 'draft' ? 'Delete draft' : 'Delete'}
    </button>
  );
}
