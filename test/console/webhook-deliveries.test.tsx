import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { WebhooksPage } from '../../console/pages/webhooks-page.tsx';
import type { WebhookDelivery } from '../../shared/money.ts';
import { jsonResponse, sessionAs } from './support.ts';

const delivery = (id: string, eventType: string, test: boolean): WebhookDelivery => ({
  id,
  messageId: `msg_${id}`,
  endpointId: 'e1',
  eventType,
  test,
  status: 'succeeded',
  attempts: 1,
  nextAttemptAt: '2026-12-01T10:00:00.000Z',
  lastStatusCode: 200,
  lastError: null,
  deliveredAt: '2026-12-01T10:00:01.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
});

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(async (path: string) =>
    path.startsWith('/v1/admin/webhooks/deliveries')
      ? jsonResponse({
          deliveries: [
            delivery('d-sample', 'purchase.created', true),
            delivery('d-real', 'purchase.created', false),
          ].filter((d) => !path.includes('test=false') || !d.test),
          nextCursor: null,
        })
      : jsonResponse({ endpoints: [] }),
  );
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('WebhooksPage › recent deliveries', () => {
  it('badges a test send "Test" in words, and leaves a real delivery of the same type unbadged', async () => {
    render(
      <SessionContext.Provider value={{ session: sessionAs('editor'), signOut: () => {}, refresh: () => {} }}>
        <WebhooksPage />
      </SessionContext.Provider>,
    );
    const table = await screen.findByRole('table');
    await within(table).findAllByText('purchase.created');
    const [, sample, real] = within(table).getAllByRole('row');
    if (!sample || !real) throw new Error('expected two delivery rows');
    expect(within(sample).getByText('Test').className).toContain('badge');
    expect(within(real).queryByText('Test')).toBeNull();
    expect(within(real).getByText('purchase.created')).toBeTruthy();
  });

  it('hides test sends on request, asking the API for real deliveries only', async () => {
    render(
      <SessionContext.Provider value={{ session: sessionAs('editor'), signOut: () => {}, refresh: () => {} }}>
        <WebhooksPage />
      </SessionContext.Provider>,
    );
    const table = await screen.findByRole('table');
    await within(table).findByText('Test');
    fireEvent.click(screen.getByLabelText('Hide test sends'));
    await waitFor(() => expect(within(table).queryByText('Test')).toBeNull());
    expect(fetchMock.mock.calls.map(([path]) => path)).toContain(
      '/v1/admin/webhooks/deliveries?limit=50&test=false',
    );
    expect(within(table).getByText('purchase.created')).toBeTruthy();
  });
});
