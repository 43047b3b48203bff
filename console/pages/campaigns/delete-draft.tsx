import type { Campaign } from '../../../shared/campaign.ts';
import { api } from '../../lib/api.ts';
import { flash } from '../../lib/flash.ts';
import { navigate } from '../../lib/router.ts';

/**
 * Deletes a draft that was never live, asked first, then goes back to the campaigns list, which says
 * so. Only drafts get the button: anything that has been live is archived instead, and the API
 * refuses a draft that something refers to (`campaign_has_history`), which `onError` shows.
 */
export function DeleteDraft(props: {
  campaign: Campaign;
  disabled: boolean;
  onError: (err: unknown) => void;
}) {
  const { campaign } = props;
  if (campaign.status !== 'draft') return null;
  const remove = async () => {
    // The question also covers unsaved edits: they go with the draft.
    if (!window.confirm(`Delete the draft “${campaign.name}” and its change history? This cannot be undone.`))
      return;
    try {
      await api('DELETE', `/v1/admin/campaigns/${campaign.id}`, undefined, {
        'if-match': String(campaign.version),
      });
    } catch (err) {
      props.onError(err);
      return;
    }
    flash(`Deleted the draft “${campaign.name}”.`);
    navigate('campaigns', { asked: true });
  };
  return (
    <button type="button" class="danger" disabled={props.disabled} onClick={remove}>
      Delete draft
    </button>
  );
}
