import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Format, ORIGINAL_VARIANT } from '../../../shared/campaign.ts';
import type { CampaignPreviewResponse } from '../../../shared/campaign-preview.ts';
import type { Theme } from '../../../shared/workspace.ts';
import { MessagePreview } from '../../../widget/preview.tsx';
import { AccountField } from '../../components/account-field.tsx';
import { api, errorMessage } from '../../lib/api.ts';
import { FORMATS, variantLabel } from '../../lib/labels.ts';
import { BASE } from '../../lib/router.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { validateDraft } from './campaign-form.tsx';
import { useCatalog } from './catalog-context.ts';
import { type CampaignDraft, previewMessage } from './preview-message.ts';

type AsAccount = { account: string; result?: CampaignPreviewResponse; error?: string };

/**
 * The draft as one account's user would get it, asked of the server (it fills the copy from the
 * account and prices the offer): again whenever the draft or the account settles.
 */
function usePreviewAs(draft: CampaignDraft, typed: string, locale: string, campaignId: string | undefined) {
  const account = useDebounced(typed.trim(), 300);
  const settled = useDebounced(draft, 400);
  const [state, setState] = useState<AsAccount | undefined>(undefined);
  useEffect(() => {
    if (!account) {
      setState(undefined);
      return;
    }
    const checked = validateDraft(settled);
    if (!checked.ok) {
      setState({ account, error: 'Fix the highlighted fields first (save to see them).' });
      return;
    }
    let live = true;
    api<CampaignPreviewResponse>('POST', '/v1/admin/campaigns/preview', {
      definition: checked.definition,
      account,
      locale,
      ...(campaignId ? { campaignId } : {}),
    }).then(
      (result) => live && setState({ account, result }),
      (err) => live && setState({ account, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [account, settled, locale, campaignId]);
  return state;
}

function Verdict({ as }: { as: AsAccount }) {
  if (as.error) return <p class="field-error">{as.error}</p>;
  const result = as.result;
  if (!result) return null;
  const who = result.accountName ?? as.account;
  if (result.eligible)
    return (
      <p class="muted small" aria-live="polite">
        {result.holdout
          ? `${who} is in the holdout: recorded as an exposure, not shown.`
          : `${who} would be shown this now.`}
      </p>
    );
  return (
    <div class="muted small" aria-live="polite">
      <p>Not shown to {who} now:</p>
      <ul>
        {result.blocking.length ? (
          result.blocking.map((r) => <li key={r.code}>{r.message}</li>)
        ) : (
          <li>not eligible</li>
        )}
      </ul>
      {/* A new tab: the editor's unsaved changes stay where they are. */}
      <a
        href={`${BASE}explain?${new URLSearchParams({ account: as.account })}`}
        target="_blank"
        rel="noopener"
      >
        Every campaign's checks for {who}, in Explain ↗
      </a>
    </div>
  );
}

/** The draft rendered by the real widget components, in any format and locale, before saving. */
export function CampaignPreview(props: {
  draft: CampaignDraft;
  locale: string;
  theme?: Partial<Theme> | undefined;
  campaignId?: string | undefined;
  version?: number | undefined;
}) {
  const catalog = useCatalog();
  const chosen = props.draft.presentation?.format ?? 'callout';
  const [format, setFormat] = useState<Format | null>(null);
  const [asAccount, setAsAccount] = useState('');
  const as = usePreviewAs(props.draft, asAccount, props.locale, props.campaignId);
  const shown = format ?? chosen;
  // Without the duplicates and blanks of keys being typed.
  const variantKeys = [...new Set((props.draft.variants ?? []).map((v) => v.key).filter(Boolean))];
  const [picked, setPicked] = useState(ORIGINAL_VARIANT);
  // A variant removed or renamed since it was picked leaves the original in the preview.
  const copy = variantKeys.includes(picked) ? picked : ORIGINAL_VARIANT;
  const local = useMemo(
    () =>
      previewMessage(props.draft, catalog, {
        format: shown,
        locale: props.locale,
        campaignId: props.campaignId,
        version: props.version,
        variant: copy,
      }),
    [props.draft, catalog, shown, props.locale, props.campaignId, props.version, copy],
  );
  const remote = as?.result?.message;
  const message = remote ? { ...remote, format: shown } : local;
  const remoteCopy = remote?.variant ? ` (${variantLabel(remote.variant).toLowerCase()})` : '';
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Live preview</h2>
      <fieldset class="tabs">
        <legend class="sr-only">Preview format</legend>
        {FORMATS.map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-pressed={value === shown}
            class={value === shown ? 'tab active' : 'tab'}
            onClick={() => setFormat(value)}
          >
            {label}
            {value === chosen ? ' ●' : ''}
          </button>
        ))}
      </fieldset>
      {/* As an account, the copy is the one the server gives that account. */}
      {variantKeys.length > 0 && !remote && (
        <fieldset class="tabs">
          <legend class="sr-only">Preview copy</legend>
          {[ORIGINAL_VARIANT, ...variantKeys].map((key) => (
            <button
              key={key}
              type="button"
              aria-pressed={key === copy}
              class={key === copy ? 'tab active' : 'tab'}
              onClick={() => setPicked(key)}
            >
              {variantLabel(key)}
            </button>
          ))}
        </fieldset>
      )}
      <p class="muted small">
        ● the campaign's format. Rendered by the widget itself ({props.locale});{' '}
        {remote
          ? `copy${remoteCopy} and price as the server makes them for this account.`
          : 'variables are filled and prices set per account: pick one to see them.'}
      </p>
      <AccountField
        id="preview-account"
        label="Preview as account"
        placeholder="an account id or name"
        value={asAccount}
        onInput={setAsAccount}
      />
      {as && <Verdict as={as} />}
      <div class="preview-stage" data-format={shown}>
        <MessagePreview message={message} theme={props.theme} locale={props.locale} />
      </div>
    </section>
  );
}
