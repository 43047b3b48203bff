import { useEffect, useState } from 'preact/hooks';
import type { AudienceEstimate, Campaign, CampaignDefinition } from '../../../shared/campaign.ts';
import type { Bundle, Product } from '../../../shared/catalog.ts';
import type { Theme } from '../../../shared/workspace.ts';
import { VocabularyProvider } from '../../components/vocabulary.tsx';
import { ApiFailure, api, errorMessage } from '../../lib/api.ts';
import { stashedImport } from '../../lib/campaign-import.ts';
import { campaignTemplate } from '../../lib/campaign-templates.ts';
import { confirmLeave, Link, navigate, routeParams, useCurrentRoute } from '../../lib/router.ts';
import { canEdit, useSession } from '../../lib/session.ts';
import { useEveryPage, useResource } from '../../lib/use-resource.ts';
import { CampaignForm, newCampaignDraft } from './campaign-form.tsx';
import { CatalogContext } from './catalog-context.ts';
import { DeleteDraft } from './delete-draft.tsx';
import { AudienceEstimatePanel } from './estimate.tsx';
import { goLiveQuestion } from './go-live.ts';
import { CampaignHistory } from './history.tsx';
import { ImportNotice } from './import.tsx';
import { CampaignPreview } from './preview.tsx';
import { SitePreview } from './site-preview.tsx';
import { TemplateNotice } from './templates-page.tsx';

type StatusAction = 'active' | 'paused' | 'archived';
const ACTIONS: Record<Campaign['status'], ReadonlyArray<readonly [StatusAction, string]>> = {
  draft: [
    ['active', 'Activate'],
    ['archived', 'Archive'],
  ],
  active: [
    ['paused', 'Pause'],
    ['archived', 'Archive'],
  ],
  paused: [
    ['active', 'Resume'],
    ['archived', 'Archive'],
  ],
  archived: [],
};

/** The version a 409 says the campaign is at, when another tab or colleague changed it meanwhile. */
const conflictVersion = (err: unknown): number | null => {
  const version =
    err instanceof ApiFailure && err.code === 'conflict' && (err.details as { version?: unknown })?.version;
  return typeof version === 'number' ? version : null;
};

function StatusBar({
  campaign,
  onChange,
  onStale,
}: {
  campaign: Campaign;
  onChange: (c: Campaign) => void;
  onStale: (version: number) => void;
}) {
  const { session } = useSession();
  const [error, setError] = useState('');
  const editable = canEdit(session);
  /** A refusal is shown; one because the campaign changed elsewhere also offers the latest version. */
  const fail = (err: unknown) => {
    const stale = conflictVersion(err);
    if (stale !== null) onStale(stale);
    setError(errorMessage(err));
  };
  const act = async (status: StatusAction) => {
    if (
      status === 'archived' &&
      !window.confirm('Archive this campaign? Archived campaigns cannot be reactivated.')
    )
      return;
    if (status === 'active') {
      // Its reach today, so nobody makes a campaign live for everyone by accident.
      const estimate = await api<AudienceEstimate>(
        'GET',
        `/v1/admin/campaigns/${campaign.id}/estimate`,
      ).catch(() => null);
      if (!window.confirm(goLiveQuestion(campaign, estimate))) return;
    }
    setError('');
    try {
      onChange(
        await api<Campaign>(
          'POST',
          `/v1/admin/campaigns/${campaign.id}/status`,
          { status },
          { 'if-match': String(campaign.version) },
        ),
      );
    } catch (err) {
      fail(err);
    }
  };
  const duplicate = async () => {
    // Unsaved edits are asked about before the copy exists: staying must not leave one behind.
    if (!confirmLeave()) return;
    try {
      const copy = await api<Campaign>('POST', `/v1/admin/campaigns/${campaign.id}/duplicate`);
      navigate(`campaigns/${copy.id}`, { asked: true });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div class="status-bar">
      <span class={`badge ${campaign.status}`}>{campaign.status}</span>
      <span class="muted">version {campaign.version}</span>
      {ACTIONS[campaign.status].map(([status, label]) => (
        <button key={status} type="button" disabled={!editable} onClick={() => act(status)}>
          {label}
        </button>
      ))}
      <button type="button" disabled={!editable} onClick={duplicate}>
        Duplicate
      </button>
      <a
        class="button"
        href={`/v1/admin/campaigns/${campaign.id}/export`}
        download
        title="The campaign as saved, as a file to import into another workspace"
      >
        Export
      </a>
      <DeleteDraft campaign={campaign} disabled={!editable} onError={fail} />
      {campaign.status !== 'draft' && (
        <Link to={`analytics?campaign=${campaign.id}`}>Results: funnel and lift</Link>
      )}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function CampaignEditorPage({ id }: { id: string | undefined }) {
  const { session } = useSession();
  const { query } = routeParams(useCurrentRoute());
  /** A new campaign may start from a playbook template the gallery linked to (`?template=capacity`). */
  const templateKey = id ? null : query.get('template');
  const template = templateKey ? campaignTemplate(templateKey) : undefined;
  /** Or from a campaign file the list read (`?import=<token>`), kept in this tab's session storage. */
  const importToken = id ? null : query.get('import');
  const [imported] = useState(() => (importToken ? stashedImport(importToken) : undefined));
  const [campaign, setCampaign] = useState<Campaign | null | undefined>(id ? undefined : null);
  const [loadError, setLoadError] = useState('');
  const [restores, setRestores] = useState(0);
  /** The campaign this page just created: its form opens saying so (the create navigated here). */
  const [createdId, setCreatedId] = useState<string | null>(null);
  /** Set when a save or status change found the campaign changed elsewhere: the version it is at. */
  const [stale, setStale] = useState<number | null>(null);
  const products = useEveryPage<Product>('/v1/admin/products?limit=200');
  const bundles = useEveryPage<Bundle>('/v1/admin/bundles?limit=200');
  const settings = useResource<{ theme?: Theme; settings?: { theme?: Theme } }>('/v1/admin/settings');
  const theme = settings.data?.settings?.theme ?? settings.data?.theme;

  useEffect(() => {
    if (!id) {
      setCampaign(null);
      return;
    }
    setCampaign(undefined);
    api<Campaign>('GET', `/v1/admin/campaigns/${id}`).then(setCampaign, (err) =>
      setLoadError(errorMessage(err)),
    );
  }, [id]);

  if (loadError || campaign === undefined) {
    return (
      <section>
        <h1>Campaign</h1>
        {loadError ? <p class="field-error">{loadError}</p> : <p class="loading">Loading…</p>}
      </section>
    );
  }

  const save = async (definition: CampaignDefinition) => {
    if (!campaign) {
      const created = await api<Campaign>('POST', '/v1/admin/campaigns', { ...definition, status: 'draft' });
      setCreatedId(created.id);
      navigate(`campaigns/${created.id}`, { replace: true });
      return;
    }
    try {
      setCampaign(
        await api<Campaign>('PUT', `/v1/admin/campaigns/${campaign.id}`, definition, {
          'if-match': String(campaign.version),
        }),
      );
    } catch (err) {
      setStale(conflictVersion(err));
      throw err;
    }
  };
  /** Replaces this tab's copy (and its unsaved edits) with the campaign as it is now. */
  const loadLatest = async () => {
    if (!campaign) return;
    try {
      setCampaign(await api<Campaign>('GET', `/v1/admin/campaigns/${campaign.id}`));
      setRestores((n) => n + 1);
      setStale(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  };
  const archived = campaign?.status === 'archived';
  const readOnly = !canEdit(session) || archived;
  const catalog = { products: products.data?.data ?? [], bundles: bundles.data?.data ?? [] };
  return (
    <CatalogContext.Provider value={catalog}>
      <VocabularyProvider>
        <div class="page-head">
          <h1>{campaign ? campaign.name : 'New campaign'}</h1>
        </div>
        {campaign && <StatusBar campaign={campaign} onChange={setCampaign} onStale={setStale} />}
        {!campaign && templateKey && <TemplateNotice requested={templateKey} template={template} />}
        {!campaign && importToken && (
          <ImportNotice file={imported} catalog={products.data && bundles.data ? catalog : undefined} />
        )}
        {stale !== null && (
          <p class="notice" role="alert">
            This campaign was changed elsewhere since you opened it (it is now at version {stale}), so nothing
            was saved.{' '}
            <button type="button" onClick={loadLatest}>
              Load the latest version
            </button>{' '}
            (your edits here are replaced; copy what you need first)
          </p>
        )}
        <CampaignForm
          // A version restored from the history, or another template, starts the form afresh with it.
          key={campaign ? `${campaign.id}@${restores}` : `new:${template?.key ?? ''}:${importToken ?? ''}`}
          initial={campaign ?? imported?.campaigns[0]?.campaign ?? newCampaignDraft(template)}
          readOnly={readOnly}
          readOnlyReason={archived ? 'Archived campaigns cannot change.' : 'Viewers cannot change campaigns.'}
          onSave={save}
          savedNotice={campaign && campaign.id === createdId ? 'Created as a draft.' : undefined}
          aside={(draft, locale, unsaved) => (
            <>
              <CampaignPreview
                draft={draft}
                locale={locale}
                theme={theme}
                campaignId={campaign?.id}
                version={campaign?.version}
              />
              {campaign && (
                <SitePreview campaignId={campaign.id} pages={campaign.presentation.pages} unsaved={unsaved} />
              )}
              <AudienceEstimatePanel draft={draft} />
            </>
          )}
        />
        {campaign && (
          <CampaignHistory
            id={campaign.id}
            version={campaign.version}
            onRestore={
              readOnly
                ? undefined
                : async (definition) => {
                    await save(definition);
                    setRestores((n) => n + 1);
                  }
            }
          />
        )}
      </VocabularyProvider>
    </CatalogContext.Provider>
  );
}
