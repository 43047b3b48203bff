import { useRef, useState } from 'preact/hooks';
import type { CampaignFile } from '../../../shared/campaign-file.ts';
import { catalogRefs } from '../../../shared/campaign-refs.ts';
import { readCampaignFile, stashImport } from '../../lib/campaign-import.ts';
import { date } from '../../lib/format.ts';
import { Link, navigate } from '../../lib/router.ts';
import type { CatalogState } from './catalog-context.ts';

/**
 * On the campaigns list: a campaign file exported from another workspace (built in staging, to
 * launch here) opens in the editor, checked, for the product manager to review and save as a draft.
 */
export function ImportCampaign() {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const open = async (file: File | undefined) => {
    if (!file) return;
    const read = readCampaignFile(await file.text());
    if ('error' in read) {
      setError(`${file.name}: ${read.error}`);
      return;
    }
    navigate(`campaigns/new?import=${stashImport(read.file)}`);
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Import from file
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => {
          setError('');
          void open(e.currentTarget.files?.[0]);
          // The same file chosen again, after fixing it, is read again.
          e.currentTarget.value = '';
        }}
      />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** Where the editor shows a catalogue key the definition names. */
const SECTION_OF: Record<string, string> = {
  target: 'Target',
  audience: 'Audience & lifecycle',
  triggers: 'Triggers',
};

/**
 * Above the editor of an imported campaign: where it came from, and the products and bundles it
 * names that this workspace lacks (the save would be refused until they exist or others are picked).
 */
export function ImportNotice({
  file,
  catalog,
}: {
  file: CampaignFile | undefined;
  /** Undefined while the catalogue loads: nothing is called missing before it is known. */
  catalog: CatalogState | undefined;
}) {
  if (!file) {
    return (
      <p class="notice">
        The imported file is no longer here (a file is kept only in the tab that chose it): this campaign
        starts blank. <Link to="campaigns">Choose the file again</Link>
      </p>
    );
  }
  const missing = catalog
    ? catalogRefs(file.campaign).filter((ref) =>
        ref.kind === 'product'
          ? !catalog.products.some((p) => p.key === ref.key)
          : !catalog.bundles.some((b) => b.key === ref.key),
      )
    : [];
  return (
    <div class="notice">
      <p>
        Imported <strong>{file.campaign.name}</strong>
        {file.source && <> from the workspace “{file.source.workspace}”</>} (exported {date(file.exportedAt)}
        ). Check it and save: it is saved as a draft. Fields naming events, metrics or segments flag any this
        workspace has never seen.
      </p>
      {missing.length > 0 && (
        <>
          <p>
            This workspace has no{' '}
            {missing.length === 1 ? 'such product or bundle' : 'such products or bundles'} yet: create{' '}
            {missing.length === 1 ? 'it' : 'them'} under <Link to="catalog">Products &amp; bundles</Link> or
            pick others, or the save is refused.
          </p>
          <ul>
            {missing.map((ref) => (
              <li key={ref.path.join('.')}>
                {ref.kind} <code>{ref.key}</code> ({SECTION_OF[String(ref.path[0])] ?? ref.path[0]})
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
