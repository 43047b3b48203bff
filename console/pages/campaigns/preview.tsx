import { useMemo, useState } from 'preact/hooks';
import type { Format } from '../../../shared/campaign.ts';
import type { Theme } from '../../../shared/workspace.ts';
import { MessagePreview } from '../../../widget/preview.tsx';
import { FORMATS } from '../../lib/labels.ts';
import { useCatalog } from './catalog-context.ts';
import { type CampaignDraft, previewMessage } from './preview-message.ts';

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
  const shown = format ?? chosen;
  const message = useMemo(
    () =>
      previewMessage(props.draft, catalog, {
        format: shown,
        locale: props.locale,
        campaignId: props.campaignId,
        version: props.version,
      }),
    [props.draft, catalog, shown, props.locale, props.campaignId, props.version],
  );
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">Live preview</h3>
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
      <p class="muted small">
        ● the campaign's format. Rendered by the widget itself ({props.locale}); prices are indicative, the
        server prices per account.
      </p>
      <div class="preview-stage" data-format={shown}>
        <MessagePreview message={message} theme={props.theme} locale={props.locale} />
      </div>
    </section>
  );
}
