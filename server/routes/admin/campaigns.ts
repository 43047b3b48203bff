import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AudienceEstimate,
  Campaign,
  CampaignDefinition,
  CampaignInput,
  CampaignListItem,
  CampaignListQuery,
  CampaignRevision,
  CampaignStatusChange,
} from '../../../shared/campaign.ts';
import {
  CampaignExportQuery,
  CampaignFile,
  CampaignImport,
  campaignFileName,
  MAX_FILE_CAMPAIGNS,
} from '../../../shared/campaign-file.ts';
import { CampaignPreviewRequest, CampaignPreviewResponse } from '../../../shared/campaign-preview.ts';
import { page } from '../../../shared/catalog.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { PreviewLink, PreviewLinkRequest } from '../../../shared/preview-link.ts';
import { ApiError } from '../../http/api-error.ts';
import { createRouter } from '../../http/router.ts';
import type { AppEnv } from '../../http/types.ts';
import { estimateAudience, estimateSavedCampaign } from '../../services/audience-estimate.ts';
import { previewCampaign } from '../../services/campaign-preview.ts';
import {
  campaignRevisions,
  changeStatus,
  createCampaign,
  deleteCampaign,
  duplicateCampaign,
  exportCampaigns,
  getCampaign,
  importCampaigns,
  listCampaigns,
  updateCampaign,
} from '../../services/campaigns.ts';
import { createPreviewLink } from '../../services/preview-links.ts';
import { json } from './route-kit.ts';

export const campaignsRoutes = createRouter();

const errors = {
  400: json(ErrorEnvelope, 'Invalid request'),
  401: json(ErrorEnvelope, 'Missing or wrong secret key'),
};
const notFound = { 404: json(ErrorEnvelope, 'No such campaign') };
const conflict = { 409: json(ErrorEnvelope, 'Not allowed in the campaign’s current state or version') };
const IdParam = z.object({ id: z.uuid() });

/** A JSON answer the browser saves as `fileName` rather than shows. */
function attachment(c: Context<AppEnv>, body: CampaignFile, fileName: string) {
  c.header('content-disposition', `attachment; filename="${fileName}"`);
  return c.json(body, 200);
}
const common = { tags: ['Campaigns'], security: [{ secretKey: [] }] };

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns',
    summary: 'List campaigns, newest first, with key figures',
    request: { query: CampaignListQuery },
    responses: { 200: json(page(CampaignListItem), 'A page of campaigns'), ...errors },
  }),
  async (c) => c.json(await listCampaigns(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns',
    summary: 'Create a campaign; products and bundles it names must exist, copy variables must be fillable',
    request: { body: { required: true, content: { 'application/json': { schema: CampaignInput } } } },
    responses: { 201: json(Campaign, 'Created'), ...errors },
  }),
  async (c) =>
    c.json(await createCampaign(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 201),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/estimate',
    summary: 'Audience estimate of an unsaved definition: accounts and users eligible now and held out',
    request: { body: { required: true, content: { 'application/json': { schema: CampaignDefinition } } } },
    responses: { 200: json(AudienceEstimate, 'Estimate'), ...errors },
  }),
  async (c) => c.json(await estimateAudience(c.var.deps, c.var.workspace, c.req.valid('json')), 200),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/preview',
    summary: 'A definition (saved or not) as one account’s user would get it now; records nothing',
    description:
      'Evaluates the definition as if it were active, running every check: the message with its copy ' +
      'filled from the account and its offer priced for it, whether it would be shown, and what blocks it.',
    request: {
      body: { required: true, content: { 'application/json': { schema: CampaignPreviewRequest } } },
    },
    responses: {
      200: json(CampaignPreviewResponse, 'The preview'),
      ...errors,
      404: json(ErrorEnvelope, 'No such account'),
    },
  }),
  async (c) => c.json(await previewCampaign(c.var.deps, c.var.workspace, c.req.valid('json')), 200),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/preview-link',
    summary:
      'A link token that shows a saved campaign on the host’s pages to whoever opens it; stores nothing',
    description:
      'Add the token to any page of the host product that loads the widget, as `?attach_preview=<token>`: ' +
      'whoever opens it there signed in sees this campaign (a draft too, as saved when the page loads) ' +
      'in place, whether or not they would be shown it, and nothing is recorded. It works for 4 hours.',
    request: { body: { required: true, content: { 'application/json': { schema: PreviewLinkRequest } } } },
    responses: { 200: json(PreviewLink, 'The link token'), ...notFound, ...errors },
  }),
  async (c) =>
    c.json(await createPreviewLink(c.var.deps, c.var.workspace.row.id, c.req.valid('json').campaignId), 200),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns/export',
    summary: 'Download the workspace’s campaigns as one campaign file',
    description:
      'Every campaign not archived (or those of `status`), oldest first, as `GET /campaigns/{id}/export` ' +
      `writes one: at most ${MAX_FILE_CAMPAIGNS} (400 \`too_many_campaigns\` past it: export by status). ` +
      '404 when there is none.',
    request: { query: CampaignExportQuery },
    responses: { 200: json(CampaignFile, 'The campaign file'), ...notFound, ...errors },
  }),
  async (c) => {
    const { row } = c.var.workspace;
    const file = await exportCampaigns(c.var.deps, row, c.req.valid('query'));
    return attachment(c, file, campaignFileName(`${row.name} campaigns`));
  },
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/import',
    summary: 'Create every campaign of a campaign file as a draft, all or none',
    description:
      'Takes a file `GET /campaigns/export` or `GET /campaigns/{id}/export` wrote (in this workspace or ' +
      'another) and creates each campaign as a draft, in the file’s order, in one transaction. A ' +
      'product or bundle a campaign names that this workspace lacks refuses the whole file with 400 ' +
      '`validation_failed`, each issue’s path inside the file (`campaigns.0.campaign.target.productKey`).',
    request: { body: { required: true, content: { 'application/json': { schema: CampaignFile } } } },
    responses: { 201: json(CampaignImport, 'The drafts created'), ...errors },
  }),
  async (c) =>
    c.json(await importCampaigns(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 201),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns/{id}',
    summary: 'Get a campaign',
    request: { params: IdParam },
    responses: { 200: json(Campaign, 'The campaign'), ...notFound, ...errors },
  }),
  async (c) => c.json(await getCampaign(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id), 200),
);

/** `If-Match: 3` (or `"3"`) makes a change conditional on the version the editor started from. */
const IfMatch = z.object({ 'if-match': z.string().max(20).optional() });

function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = Number(header.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version))
    throw new ApiError(400, 'validation_failed', 'If-Match must be a campaign version');
  return version;
}

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'put',
    path: '/campaigns/{id}',
    summary: 'Replace the definition (version + 1, recorded in the history)',
    request: {
      params: IdParam,
      headers: IfMatch,
      body: { required: true, content: { 'application/json': { schema: CampaignDefinition } } },
    },
    responses: { 200: json(Campaign, 'Updated'), ...notFound, ...conflict, ...errors },
  }),
  async (c) => {
    const campaign = await updateCampaign(
      c.var.deps,
      c.var.workspace.row.id,
      c.req.valid('param').id,
      c.req.valid('json'),
      c.var.actor,
      expectedVersion(c.req.valid('header')['if-match']),
    );
    return c.json(campaign, 200);
  },
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/campaigns/{id}',
    summary: 'Delete a campaign that was never live (a draft, or archived as one), with its change history',
    description:
      'Only a draft, or a campaign archived without ever going live, that nothing refers to (no ' +
      'decisions, message events, caps, trials, purchases, requests or leads) can be deleted: the ' +
      'campaign’s `deletable` says so in advance. A campaign that has been live answers 409 ' +
      '`campaign_has_history` (`details.wentLive` says whether its history shows it active or paused, ' +
      '`details.history` names the tables that refer to it): archive it instead; an archived one is ' +
      'already its record.',
    request: { params: IdParam, headers: IfMatch },
    responses: { 204: { description: 'Deleted' }, ...notFound, ...conflict, ...errors },
  }),
  async (c) => {
    await deleteCampaign(
      c.var.deps,
      c.var.workspace.row.id,
      c.req.valid('param').id,
      c.var.actor,
      expectedVersion(c.req.valid('header')['if-match']),
    );
    return c.body(null, 204);
  },
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/{id}/duplicate',
    summary: 'Copy a campaign as a new draft',
    request: { params: IdParam },
    responses: { 201: json(Campaign, 'The copy'), ...notFound, ...errors },
  }),
  async (c) =>
    c.json(
      await duplicateCampaign(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id, c.var.actor),
      201,
    ),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns/{id}/export',
    summary: 'Download a campaign’s definition as a campaign file, to import into another workspace',
    description:
      'The campaign as saved, without its figures or history: `{"format": "attach.campaigns/1", ' +
      '"exportedAt", "source": {"workspace"}, "campaigns": [{"id", "status", "campaign": {…}}]}`, ' +
      'sent as an attachment named after the campaign. `POST /campaigns/import` in another workspace ' +
      '(production, after staging) creates it as a draft; each entry’s `campaign` is also what ' +
      '`POST /campaigns` takes. The products and bundles it names must exist there.',
    request: { params: IdParam },
    responses: { 200: json(CampaignFile, 'The campaign file'), ...notFound, ...errors },
  }),
  async (c) => {
    const file = await exportCampaigns(c.var.deps, c.var.workspace.row, { id: c.req.valid('param').id });
    return attachment(c, file, campaignFileName(file.campaigns[0]?.campaign.name ?? 'campaign'));
  },
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/campaigns/{id}/status',
    summary: 'Activate, pause or archive (archived is final; version + 1)',
    request: {
      params: IdParam,
      headers: IfMatch,
      body: { required: true, content: { 'application/json': { schema: CampaignStatusChange } } },
    },
    responses: { 200: json(Campaign, 'The campaign in its new status'), ...notFound, ...conflict, ...errors },
  }),
  async (c) => {
    const { status } = c.req.valid('json');
    const campaign = await changeStatus(
      c.var.deps,
      c.var.workspace.row.id,
      c.req.valid('param').id,
      status,
      c.var.actor,
      expectedVersion(c.req.valid('header')['if-match']),
    );
    return c.json(campaign, 200);
  },
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns/{id}/revisions',
    summary: 'Change history: who changed what, when (newest first)',
    request: { params: IdParam },
    responses: {
      200: json(z.object({ data: z.array(CampaignRevision) }), 'Revisions'),
      ...notFound,
      ...errors,
    },
  }),
  async (c) =>
    c.json(
      { data: await campaignRevisions(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id) },
      200,
    ),
);

campaignsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/campaigns/{id}/estimate',
    summary: 'Audience estimate of a saved campaign',
    request: { params: IdParam },
    responses: { 200: json(AudienceEstimate, 'Estimate'), ...notFound, ...errors },
  }),
  async (c) => c.json(await estimateSavedCampaign(c.var.deps, c.var.workspace, c.req.valid('param').id), 200),
);
