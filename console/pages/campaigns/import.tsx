import { useRef, useState } from 'preact/hooks';
import type { CampaignDefinition } from '../../../shared/campaign.ts';
import type { CampaignFile, CampaignImport } from '../../../shared/campaign-file.ts';
import { catalogRefs } from '../../../shared/campaign-refs.ts';
import type { Bundle, Product } from '../../../shared/catalog.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { api, errorMessage } from '../../lib/api.ts';
import { readCampaignFile, stashedImport, stashImport } from '../../lib/campaign-import.ts';
import { flash } from '../../lib/flash.ts';
import { date } from '../../lib/format.ts';
import { motionLabel } from '../../lib/labels.ts';
import { Link, navigate, routeParams, useCurrentRoute } from '../../lib/router.ts';
import { canEdit, useSession } from '../../lib/session.ts';
import { useEveryPage } from '../../lib/use-resource.ts';
import type { CatalogState } from './catalog-context.ts';

/**
 * On the campaigns list: a campaign file exported from another workspace (built in staging, to
 * launch here). One campaign opens in the editor to review and save; several open a page that
 * creates them all as drafts.
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
    const token = stashImport(read.file);
    navigate(
      read.file.campaigns.length === 1 ? `campaigns/new?import=${token}` : `campaigns/import?file=${token}`,
    );
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

/** The products and bundles a definition names that the catalogue lacks, each as `product capacity (Target)`. */
function missingRefs(campaign: CampaignDefinition, catalog: CatalogState): string[] {
  return catalogRefs(campaign)
    .filter((ref) =>
      ref.kind === 'product'
        ? !catalog.products.some((p) => p.key === ref.key)
        : !catalog.bundles.some((b) => b.key === ref.key),
    )
    .map((ref) => `${ref.kind} ${ref.key} (${SECTION_OF[String(ref.path[0])] ?? ref.path[0]})`);
}

/** `from the workspace “Acme staging” (exported 6 Dec 2026)`. */
const provenance = (file: CampaignFile) =>
  `${file.source ? ` from the workspace “${file.source.workspace}”` : ''} (exported ${date(file.exportedAt)})`;

const NOT_HERE = (
  <p class="notice">
    The imported file is no longer here (a file is kept only in the tab that chose it).{' '}
    <Link to="campaigns">Choose the file again</Link>
  </p>
);

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
  const campaign = file?.campaigns[0]?.campaign;
  if (!file || !campaign) return NOT_HERE;
  const missing = catalog ? missingRefs(campaign, catalog) : [];
  return (
    <div class="notice">
      <p>
        Imported <strong>{campaign.name}</strong>
        {provenance(file)}. Check it and save: it is saved as a draft. Fields naming events, metrics or
        segments flag any this workspace has never seen.
      </p>
      {missing.length > 0 && (
        <>
          <p>
            This workspace lacks what it names: create {missing.length === 1 ? 'it' : 'them'} under{' '}
            <Link to="catalog">Products &amp; bundles</Link> or pick others, or the save is refused.
          </p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * A file of several campaigns (`campaigns/import?file=<token>`): each with what this workspace
 * lacks for it, then one button that creates them all as drafts, or none.
 */
export function CampaignFileImportPage() {
  const { query } = routeParams(useCurrentRoute());
  const [file] = useState(() => stashedImport(query.get('file') ?? ''));
  const products = useEveryPage<Product>('/v1/admin/products?limit=200');
  const bundles = useEveryPage<Bundle>('/v1/admin/bundles?limit=200');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = canEdit(useSession().session);
  const catalog =
    products.data && bundles.data ? { products: products.data.data, bundles: bundles.data.data } : undefined;
  const create = async () => {
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      const { created } = await api<CampaignImport>('POST', '/v1/admin/campaigns/import', file);
      flash(`Imported ${created.length} campaigns as drafts.`);
      navigate('campaigns');
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  const lacking =
    file && catalog ? file.campaigns.filter((e) => missingRefs(e.campaign, catalog).length > 0) : [];
  return (
    <section>
      <h1>Import campaigns</h1>
      {!file ? (
        NOT_HERE
      ) : (
        <>
          <p>
            {file.campaigns.length} campaigns{provenance(file)}. Each is created here as a draft, to check and
            activate when ready; none is created unless all can be.
          </p>
          <TableWrap label="Campaigns in the file">
            <table>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Motion</th>
                  <th scope="col">Status there</th>
                  <th scope="col">Missing here</th>
                </tr>
              </thead>
              <tbody>
                {file.campaigns.map(({ campaign, status }, i) => {
                  const missing = catalog ? missingRefs(campaign, catalog) : [];
                  return (
                    // The file's order is fixed, and names may repeat.
                    <tr key={i}>
                      <th scope="row">{campaign.name}</th>
                      <td>{motionLabel(campaign.motion)}</td>
                      <td>{status ?? '—'}</td>
                      <td>{catalog ? missing.join(', ') || 'Nothing' : '…'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          {lacking.length > 0 && (
            <p class="notice">
              {lacking.length === 1 ? 'One campaign names' : `${lacking.length} campaigns name`} products or
              bundles this workspace lacks: create them under <Link to="catalog">Products &amp; bundles</Link>{' '}
              first, or the import is refused.
            </p>
          )}
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="button" class="primary" disabled={busy || !catalog || !editable} onClick={create}>
              Create {file.campaigns.length} drafts
            </button>
            {!editable && <span class="muted">Viewers cannot create campaigns.</span>}
            <Link to="campaigns" class="button">
              Cancel
            </Link>
          </div>
        </>
      )}
    </section>
  );
}
