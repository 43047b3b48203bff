import { useState } from 'preact/hooks';
import { PREVIEW_PARAM, type PreviewLink } from '../../../shared/preview-link.ts';
import type { VocabularyPage } from '../../../shared/vocabulary.ts';
import type { WorkspaceView } from '../../../shared/workspace.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { FieldMessage } from '../../components/fields.tsx';
import { api, errorMessage } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';

const URL_ID = 'site-preview-url';

/**
 * A page the campaign may show on: its first page pattern when that is a plain path (a glob's
 * wildcards name no page to open), else the home page — or, where the widget ran on the console's
 * own origin, the bundled demo product's, the only page with the widget this server serves.
 */
const pagePath = (pages: readonly string[], origin: string) => {
  const first = pages[0];
  if (first && !/[*?]/.test(first)) return first;
  return origin === location.origin ? '/demo/' : '/';
};

/** The typed address when it is a web page's; null otherwise. */
function pageUrl(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The saved campaign on the host's own pages, through the real widget, before anyone else sees it:
 * a link to a page of the product with a preview token in its address, opened in a new tab and
 * shown to pass on.
 */
export function SitePreview(props: { campaignId: string; pages: readonly string[]; unsaved: boolean }) {
  // Where the widget already runs is where the script tag is: the likeliest page to open; before it
  // has run anywhere, an origin the workspace allows (a wildcard names no page).
  const origins = useResource<VocabularyPage>('/v1/admin/vocabulary/origin?limit=1');
  const workspace = useResource<WorkspaceView>('/v1/admin/settings');
  const seen = origins.data?.data[0]?.name ?? workspace.data?.allowedOrigins.find((o) => !o.includes('*'));
  /** What was typed; until then, the suggestion from where the widget has been seen. */
  const [typed, setTyped] = useState<string | null>(null);
  const address = typed ?? (seen ? `${seen}${pagePath(props.pages, seen)}` : '');
  const [addressError, setAddressError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ href: string; expiresAt: string } | null>(null);

  const open = async () => {
    const url = pageUrl(address);
    setAddressError(url ? '' : 'Enter a page’s full address, starting with https:// or http://');
    if (!url) return;
    setBusy(true);
    setError('');
    try {
      const { token, expiresAt } = await api<PreviewLink>('POST', '/v1/admin/campaigns/preview-link', {
        campaignId: props.campaignId,
      });
      url.searchParams.set(PREVIEW_PARAM, token);
      setLink({ href: url.href, expiresAt });
      window.open(url.href, '_blank', 'noopener');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const describedBy = [`${URL_ID}-hint`, addressError ? `${URL_ID}-error` : ''].filter(Boolean).join(' ');
  return (
    <section class="site-preview" aria-labelledby="site-preview-title">
      <h2 id="site-preview-title">Preview on your site</h2>
      <div class={addressError ? 'field invalid' : 'field'}>
        <label for={URL_ID}>Page address</label>
        <input
          id={URL_ID}
          type="url"
          value={address}
          placeholder="https://app.example.com/"
          aria-invalid={addressError ? true : undefined}
          aria-describedby={describedBy}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <small id={`${URL_ID}-hint`} class="hint">
          A page of your product that loads the Attach script
          {origins.data?.data.length === 0 ? ' (the widget has not called Attach from one yet).' : '.'}
        </small>
        <FieldMessage id={URL_ID} error={addressError} />
      </div>
      <button
        type="button"
        disabled={props.unsaved || busy}
        aria-describedby={props.unsaved ? 'site-preview-unsaved' : undefined}
        onClick={open}
      >
        {busy ? 'Opening…' : 'Open preview'}
      </button>
      {props.unsaved && (
        <p id="site-preview-unsaved" class="muted small">
          Save first: the preview shows the campaign as saved.
        </p>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div aria-live="polite">
          <div class="field">
            <label for="site-preview-link">Preview link</label>
            <input id="site-preview-link" type="url" readOnly value={link.href} />
            <span>
              <CopyButton label="preview link" value={link.href} />
            </span>
          </div>
          <p class="muted small">
            Works until <time dateTime={link.expiresAt}>{dateTime(link.expiresAt)}</time> for whoever opens it
            signed in to your product; shows this campaign whether or not they would see it; nothing is
            recorded.
          </p>
        </div>
      )}
    </section>
  );
}
