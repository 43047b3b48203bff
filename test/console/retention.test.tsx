import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Retention } from '../../console/pages/settings-page.tsx';
import type { DataRetention } from '../../shared/workspace.ts';
import { jsonResponse } from './support.ts';

const answering = (retention: DataRetention) => {
  const fetchMock = vi.fn(async (_path: string) => jsonResponse(retention));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
};
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Settings › Data retention', () => {
  it('says raw events are kept until erased when the installation keeps them', async () => {
    const fetchMock = answering({
      rawEventDays: null,
      counterDays: null,
      webhookHistoryDays: 30,
      campaignHistoryDays: null,
      auditLogDays: null,
    });
    render(<Retention />);
    const card = await screen.findByRole('region', { name: 'Data retention' });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/v1/admin/settings/retention');
    expect(card.textContent).toContain(
      'Page views and product events: kept until the account or user is erased.',
    );
    expect(card.textContent).toContain('Daily activity counts: kept day by day.');
    expect(card.textContent).toContain('Webhook delivery history: 30 days once every delivery has finished.');
    expect(card.textContent).toContain(
      'Audit log (changes, sign-ins with their address): kept as long as the workspace.',
    );
    expect(card.textContent).toContain(
      'Decisions and campaign interactions (views, clicks, dismissals): kept; the reports count them.',
    );
  });

  it('gives the days when the installation prunes, and says no figure changes', async () => {
    answering({
      rawEventDays: 365,
      counterDays: 395,
      webhookHistoryDays: 14,
      campaignHistoryDays: 730,
      auditLogDays: 1095,
    });
    render(<Retention />);
    const card = await screen.findByRole('region', { name: 'Data retention' });
    expect(card.textContent).toContain('kept 365 days after they arrive');
    expect(card.textContent).toContain('no figure changes');
    expect(card.textContent).toContain('day by day for 395 days, then as all-time totals per account.');
    expect(card.textContent).toContain('Webhook delivery history: 14 days');
    expect(card.textContent).toContain('Audit log (changes, sign-ins with their address): kept 1095 days.');
    expect(card.textContent).toContain(
      "Decisions and campaign interactions (views, clicks, dismissals): kept 730 days. Reports over older periods cover what is kept; each campaign's counts since it was created and frequency caps are not affected",
    );
  });
});
