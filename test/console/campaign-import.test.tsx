import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCampaignFile, stashImport } from '../../console/lib/campaign-import.ts';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { Campaign, CampaignDefinition as DefinitionSchema } from '../../shared/campaign.ts';
import { CAMPAIGN_FILE_FORMAT, type CampaignFile } from '../../shared/campaign-file.ts';
import { Product } from '../../shared/catalog.ts';
import { fieldValue, jsonResponse, openConsoleAt, postedCampaigns, sessionAs } from './support.ts';

const ID = '0b9c3a52-5c55-4c1f-9d36-0a4a5f1e2b77';
const seatPack = Product.parse({
  id: '5f0d6c1e-3a2b-4c5d-8e9f-0a1b2c3d4e5f',
  key: 'seat-pack',
  name: 'Seat Pack',
  role: 'attach',
  price: { amount: 4900, currency: 'USD', interval: 'month' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A campaign exported from staging, naming a product this workspace lacks (`capacity`) and one it has. */
const capacity = DefinitionSchema.parse({
  name: 'Capacity upsell (EU)',
  motion: 'upsell_capacity',
  target: { kind: 'product', productKey: 'capacity' },
  audience: { ownsAll: ['seat-pack'], segments: ['mid_market'] },
  triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'seats', atLeastPercent: 85 }] },
  content: { en: { title: 'Running out of seats?', body: 'Get more room.' } },
  holdout: { percent: 20 },
});
const exported: CampaignFile = {
  format: CAMPAIGN_FILE_FORMAT,
  exportedAt: '2026-12-06T09:00:00.000Z',
  source: { workspace: 'Acme staging' },
  campaigns: [{ id: ID, status: 'active', campaign: capacity }],
};

let fetchMock: ReturnType<typeof vi.fn>;
let role: 'editor' | 'viewer';
beforeEach(() => {
  sessionStorage.clear();
  role = 'editor';
  fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (path === '/v1/admin/session') return jsonResponse(sessionAs(role));
    if (path.startsWith('/v1/admin/products')) return jsonResponse({ data: [seatPack], nextCursor: null });
    if (path === '/v1/admin/campaigns' && init?.method === 'POST') {
      return jsonResponse(
        Campaign.parse({
          ...JSON.parse(String(init.body)),
          id: ID,
          version: 1,
          deletable: true,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }),
        201,
      );
    }
    if (path === `/v1/admin/campaigns/${ID}`) {
      return jsonResponse(
        Campaign.parse({
          ...capacity,
          status: 'active',
          id: ID,
          version: 3,
          deletable: false,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }),
      );
    }
    return jsonResponse({ data: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
installPlainMessages();

const posted = () => postedCampaigns(fetchMock);

/** Chooses `text` as a file in the list's import picker. */
async function choose(text: string, name = 'capacity-upsell-eu.campaign.json') {
  await screen.findByRole('button', { name: 'Import from file' });
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'application/json' })] } });
}

describe('Import a campaign from a file', () => {
  it('opens the file in the editor, naming the products this workspace lacks; the save creates a draft', async () => {
    openConsoleAt('campaigns');
    await choose(JSON.stringify(exported));
    const notice = await screen.findByText(/Imported/);
    expect(window.location.pathname).toBe('/console/campaigns/new');
    expect(notice.textContent).toContain('Imported Capacity upsell (EU) from the workspace “Acme staging”');
    // Only the missing product is named, with where the editor shows it.
    await waitFor(() =>
      expect(document.querySelector('.notice ul')?.textContent).toBe('product capacity (Target)'),
    );
    expect(fieldValue('Name')).toBe('Capacity upsell (EU)');
    expect(fieldValue('Metric')).toBe('seats');
    // The product it names is shown as itself, not as a blank choice.
    expect(fieldValue('Product')).toBe('capacity');
    expect(posted()).toEqual([]);

    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'seat-pack' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save campaign' }));
    await waitFor(() => expect(posted()).toHaveLength(1));
    expect(posted()[0]).toEqual({
      ...capacity,
      target: { kind: 'product', productKey: 'seat-pack' },
      status: 'draft',
    });
  });

  it('refuses a file that is not JSON, not a campaign file, or not a valid campaign, saying which', async () => {
    openConsoleAt('campaigns');
    await choose('name,motion', 'campaigns.csv');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'campaigns.csv: This file is not JSON. Choose a campaign file exported from Attach (….campaign.json).',
    );
    await choose(JSON.stringify({ name: 'x' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/This is not an Attach campaign file/),
    );
    const broken = { ...exported, campaigns: [{ campaign: { ...capacity, holdout: { percent: 90 } } }] };
    await choose(JSON.stringify(broken));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /cannot be opened: campaigns\.0\.campaign\.holdout\.percent: /,
      ),
    );
    expect(window.location.pathname).toBe('/console/campaigns');
  });

  it('starts blank, saying so, when the tab no longer holds the file (an old link)', async () => {
    openConsoleAt('campaigns/new?import=gone');
    expect(await screen.findByText(/The imported file is no longer here/)).toBeTruthy();
    expect(fieldValue('Name')).toBe('');
  });

  it('offers every role the saved campaign as a file to download', async () => {
    role = 'viewer';
    openConsoleAt(`campaigns/${ID}`);
    const link = await screen.findByRole('link', { name: 'Export' });
    expect((screen.getByRole('button', { name: 'Duplicate' }) as HTMLButtonElement).disabled).toBe(true);
    expect(link.getAttribute('href')).toBe(`/v1/admin/campaigns/${ID}/export`);
    expect(link.hasAttribute('download')).toBe(true);
  });
});

describe('Import several campaigns from a file', () => {
  const several: CampaignFile = {
    ...exported,
    campaigns: [
      { id: ID, status: 'active', campaign: capacity },
      {
        status: 'draft',
        campaign: {
          ...capacity,
          name: 'Seat pack for all',
          target: { kind: 'product', productKey: 'seat-pack' },
        },
      },
    ],
  };
  const imports = () => fetchMock.mock.calls.filter(([path]) => path === '/v1/admin/campaigns/import');

  it('lists them with what this workspace lacks, and creates them all as drafts in one call', async () => {
    fetchMock.mockImplementation(async (path: string, init?: RequestInit) => {
      if (path === '/v1/admin/session') return jsonResponse(sessionAs('editor'));
      if (path.startsWith('/v1/admin/products')) return jsonResponse({ data: [seatPack], nextCursor: null });
      if (path === '/v1/admin/campaigns/import' && init?.method === 'POST') {
        return jsonResponse(
          {
            created: [
              { id: ID, name: capacity.name },
              { id: ID, name: 'Seat pack for all' },
            ],
          },
          201,
        );
      }
      return jsonResponse({ data: [], nextCursor: null });
    });
    openConsoleAt('campaigns');
    await choose(JSON.stringify(several));
    const table = await screen.findByRole('region', { name: 'Campaigns in the file' });
    expect(window.location.pathname).toBe('/console/campaigns/import');
    await waitFor(() =>
      expect([...table.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual([
        'Capacity upsell (EU)Upsell: capacityactiveproduct capacity (Target)',
        'Seat pack for allUpsell: capacitydraftNothing',
      ]),
    );
    expect(screen.getByText(/One campaign names products or bundles this workspace lacks/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create 2 drafts' }));
    expect(await screen.findByText('Imported 2 campaigns as drafts.')).toBeTruthy();
    expect(window.location.pathname).toBe('/console/campaigns');
    expect(imports()).toHaveLength(1);
    expect(JSON.parse(String((imports()[0]?.[1] as RequestInit).body))).toEqual(several);
  });

  it('says why the API refused the file, and stays on the page', async () => {
    fetchMock.mockImplementation(async (path: string, init?: RequestInit) => {
      if (path === '/v1/admin/session') return jsonResponse(sessionAs('editor'));
      if (path === '/v1/admin/campaigns/import' && init?.method === 'POST') {
        return jsonResponse(
          {
            error: {
              code: 'validation_failed',
              message:
                'campaigns.0.campaign.target.productKey: No product with key "capacity" in this workspace',
            },
          },
          400,
        );
      }
      return jsonResponse({ data: [], nextCursor: null });
    });
    openConsoleAt('campaigns');
    await choose(JSON.stringify(several));
    const create = (await screen.findByRole('button', { name: 'Create 2 drafts' })) as HTMLButtonElement;
    // Enabled once the catalogue is known, so what is missing could be said first.
    await waitFor(() => expect(create.disabled).toBe(false));
    fireEvent.click(create);
    expect((await screen.findByRole('alert')).textContent).toContain('No product with key "capacity"');
    expect(window.location.pathname).toBe('/console/campaigns/import');
  });
});

describe('Import page', () => {
  it('lets a viewer read a file’s campaigns but not create them', async () => {
    role = 'viewer';
    const entry = { id: ID, status: 'active' as const, campaign: capacity };
    const token = stashImport({ ...exported, campaigns: [entry, entry] });
    openConsoleAt(`campaigns/import?file=${token}`);
    const create = (await screen.findByRole('button', { name: 'Create 2 drafts' })) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    expect(screen.getByText('Viewers cannot create campaigns.')).toBeTruthy();
  });
});

describe('Export to a file', () => {
  const listed = (status: 'active' | 'archived') => ({
    ...capacity,
    status,
    id: ID,
    version: 1,
    deletable: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    stats: { served: 0, heldOut: 0, shown: 0, clicked: 0, dismissed: 0, conversions: 0, conversionRate: 0 },
  });
  const listing = (status: 'active' | 'archived') =>
    fetchMock.mockImplementation(async (path: string) =>
      path === '/v1/admin/session'
        ? jsonResponse(sessionAs('editor'))
        : jsonResponse({
            data: path.startsWith('/v1/admin/campaigns?') ? [listed(status)] : [],
            nextCursor: null,
          }),
    );

  it('is offered beside the filter, keeping the status filtered', async () => {
    listing('active');
    openConsoleAt('campaigns');
    const link = await screen.findByRole('link', { name: 'Export to a file' });
    expect(link.getAttribute('href')).toBe('/v1/admin/campaigns/export');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'active' } });
    await waitFor(() => expect(link.getAttribute('href')).toBe('/v1/admin/campaigns/export?status=active'));
  });

  it('is not offered when every campaign listed is archived and no status is chosen (the file would be empty)', async () => {
    listing('archived');
    openConsoleAt('campaigns');
    await screen.findByRole('link', { name: capacity.name });
    expect(screen.queryByRole('link', { name: 'Export to a file' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'archived' } });
    expect(await screen.findByRole('link', { name: 'Export to a file' })).toBeTruthy();
  });
});

describe('readCampaignFile', () => {
  it('reads what the API exports', () => {
    expect(readCampaignFile(JSON.stringify(exported))).toEqual({ file: exported });
  });
});
