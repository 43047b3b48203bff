import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateTime } from '../../console/lib/format.ts';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { CampaignForm, newCampaignDraft } from '../../console/pages/campaigns/campaign-form.tsx';
import { SitePreview } from '../../console/pages/campaigns/site-preview.tsx';
import type { PreviewLink } from '../../shared/preview-link.ts';
import { jsonResponse, messageFor } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
// As console/main.tsx does at start-up.
installPlainMessages();

const CAMPAIGN_ID = '7b0d3c1e-5f2a-4c8e-9d61-2a4b6c8e0f13';
const LINK: PreviewLink = { token: 'pv.abc/123+', expiresAt: '2026-12-06T13:00:00.000Z' };

/**
 * The API as the section calls it: the origins the widget was seen on and what a preview link
 * answers (every other read, the form's own, finds nothing); every call recorded.
 */
function serving(origins: string[], link: () => Response = () => jsonResponse(LINK), allowed: string[] = []) {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (init?.method === 'POST' && path === '/v1/admin/campaigns/preview-link') return link();
    if (path === '/v1/admin/settings') return jsonResponse({ allowedOrigins: allowed });
    if (path.startsWith('/v1/admin/vocabulary/origin'))
      return jsonResponse({
        data: origins.map((name) => ({
          name,
          firstSeenAt: '2026-11-01T00:00:00.000Z',
          lastSeenAt: '2026-12-06T09:00:00.000Z',
        })),
        nextCursor: null,
      });
    return jsonResponse({ data: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const posts = (fetchMock: ReturnType<typeof serving>) =>
  fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST');

function stubOpen() {
  const open = vi.fn((_url?: string, _target?: string, _features?: string) => null);
  vi.stubGlobal('open', open);
  return open;
}

const renderSection = (pages: string[] = [], unsaved = false) =>
  render(<SitePreview campaignId={CAMPAIGN_ID} pages={pages} unsaved={unsaved} />);
const address = () => screen.getByLabelText('Page address') as HTMLInputElement;
const openPreview = () => fireEvent.click(screen.getByRole('button', { name: 'Open preview' }));

describe('Campaign editor › preview on your site', () => {
  it('suggests a page on the origin the widget was seen on: the campaign’s page, or the home page for a glob', async () => {
    serving(['https://app.acme.com']);
    renderSection(['/reports/exports', '/settings/*']);
    await waitFor(() => expect(address().value).toBe('https://app.acme.com/reports/exports'));
    expect(address().type).toBe('url');
    cleanup();
    renderSection(['/settings/*']);
    await waitFor(() => expect(address().value).toBe('https://app.acme.com/'));
    // What is typed stays, whatever was suggested.
    fireEvent.input(address(), { target: { value: 'https://staging.acme.com/billing' } });
    expect(address().value).toBe('https://staging.acme.com/billing');
  });

  it('suggests the bundled demo product’s page where the widget ran on the console’s own origin', async () => {
    serving([location.origin]);
    renderSection(['/demo/settings*']);
    await waitFor(() => expect(address().value).toBe(`${location.origin}/demo/`));
  });

  it('before the widget has been seen, suggests an origin the workspace allows (not a wildcard)', async () => {
    serving([], undefined, ['https://*.acme.com', 'https://app.acme.com']);
    renderSection(['/reports']);
    await waitFor(() => expect(address().value).toBe('https://app.acme.com/reports'));
  });

  it('before the widget has been seen, leaves the address empty and says which page it must be', async () => {
    serving([]);
    renderSection(['/reports']);
    const hint = await screen.findByText(/has not called Attach from one yet/);
    expect(address().value).toBe('');
    expect(address().getAttribute('aria-describedby')?.split(' ')).toContain(hint.id);
    expect(hint.textContent).toMatch(/^A page of your product that loads the Attach script/);
  });

  it('opens the page with the preview token in a new tab, and shows the link to copy until it expires', async () => {
    const fetchMock = serving(['https://app.acme.com']);
    const open = stubOpen();
    renderSection(['/reports']);
    await waitFor(() => expect(address().value).toBe('https://app.acme.com/reports'));
    fireEvent.input(address(), { target: { value: 'https://app.acme.com/reports?tab=2#top' } });
    openPreview();
    const expected = 'https://app.acme.com/reports?tab=2&attach_preview=pv.abc%2F123%2B#top';
    await waitFor(() => expect(open).toHaveBeenCalledWith(expected, '_blank', 'noopener'));
    expect(posts(fetchMock).map(([path, init]) => [path, JSON.parse(String(init?.body))])).toEqual([
      ['/v1/admin/campaigns/preview-link', { campaignId: CAMPAIGN_ID }],
    ]);
    const link = (await screen.findByLabelText('Preview link')) as HTMLInputElement;
    expect(link.value).toBe(expected);
    expect(link.readOnly).toBe(true);
    const section = screen.getByRole('region', { name: 'Preview on your site' });
    expect(section.querySelector('time')?.getAttribute('datetime')).toBe(LINK.expiresAt);
    expect(section.textContent).toContain(
      `Works until ${dateTime(LINK.expiresAt)} for whoever opens it signed in to your product; shows this campaign whether or not they would see it; nothing is recorded.`,
    );
    const copy = vi.spyOn(navigator.clipboard, 'writeText');
    fireEvent.click(within(section).getByRole('button', { name: 'Copy preview link' }));
    expect(await within(section).findByText('Copied.')).toBeTruthy();
    expect(copy).toHaveBeenCalledWith(expected);
  });

  it('asks for a web page’s full address under the field, and asks nothing of the API until it has one', async () => {
    const fetchMock = serving([]);
    const open = stubOpen();
    renderSection();
    for (const typed of ['', 'app.acme.com/reports', 'javascript:alert(1)']) {
      fireEvent.input(address(), { target: { value: typed } });
      openPreview();
      expect(messageFor(address())).toBe('Enter a page’s full address, starting with https:// or http://');
      expect(address().getAttribute('aria-invalid')).toBe('true');
    }
    fireEvent.input(address(), { target: { value: 'http://localhost:3000/' } });
    openPreview();
    expect(messageFor(address())).toBeUndefined();
    await waitFor(() => expect(open).toHaveBeenCalledWith(expect.any(String), '_blank', 'noopener'));
    expect(posts(fetchMock)).toHaveLength(1);
  });

  it('shows why the API refused a link, and opens nothing', async () => {
    serving(['https://app.acme.com'], () =>
      jsonResponse({ error: { code: 'campaign_not_found', message: 'Campaign not found.' } }, 404),
    );
    const open = stubOpen();
    renderSection();
    await waitFor(() => expect(address().value).toBe('https://app.acme.com/'));
    openPreview();
    expect((await screen.findByRole('alert')).textContent).toBe('Campaign not found.');
    expect(open).not.toHaveBeenCalled();
    expect(screen.queryByLabelText('Preview link')).toBeNull();
  });

  it('is disabled while the editor has unsaved changes, saying why, and offered again once saved', async () => {
    serving(['https://app.acme.com']);
    const onSave = vi.fn(async () => {});
    render(
      <CampaignForm
        initial={{
          ...newCampaignDraft(),
          name: 'Reports add-on',
          motion: 'upsell_addon',
          target: { kind: 'product', productKey: 'reports' },
          content: { en: { title: 'Stop exporting by hand', body: 'Reports refresh automatically.' } },
        }}
        readOnly={false}
        onSave={onSave}
        aside={(_draft, _locale, unsaved) => (
          <SitePreview campaignId={CAMPAIGN_ID} pages={[]} unsaved={unsaved} />
        )}
      />,
    );
    const button = () => screen.getByRole('button', { name: 'Open preview' }) as HTMLButtonElement;
    expect(button().disabled).toBe(false);
    expect(screen.queryByText(/^Save first/)).toBeNull();
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Reports add-on, take 2' } });
    expect(button().disabled).toBe(true);
    const why = screen.getByText('Save first: the preview shows the campaign as saved.');
    expect(button().getAttribute('aria-describedby')).toBe(why.id);
    fireEvent.click(screen.getByRole('button', { name: 'Save campaign' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(button().disabled).toBe(false));
    expect(screen.queryByText(/^Save first/)).toBeNull();
  });
});
