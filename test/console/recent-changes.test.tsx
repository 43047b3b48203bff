import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecentChanges } from '../../console/pages/home-page.tsx';
import type { AuditEntry } from '../../shared/audit.ts';
import { answering, jsonResponse } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const entry = (n: number, action: AuditEntry['action'], name: string): AuditEntry => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  at: `2026-12-0${n}T10:00:00.000Z`,
  actor: n % 2 ? 'api' : 'pm@example.com',
  action,
  target: { type: 'product', id: name.toLowerCase(), name },
  changes: [],
  details: null,
});

describe('overview: recent changes', () => {
  it('lists the five newest changes from the audit log, sign-ins left out, and links to the whole log', async () => {
    const data = [
      entry(9, 'console_user.signed_in', 'pm@example.com'),
      entry(8, 'product.updated', 'Reports'),
      entry(7, 'console_user.sign_in_failed', 'pm@example.com'),
      entry(6, 'campaign.activated', 'Spring upsell'),
      entry(5, 'keys.rotated', 'Acme'),
      entry(4, 'product.created', 'Exports'),
      entry(3, 'bundle.created', 'Suite'),
      entry(2, 'product.created', 'Reports'),
    ];
    const asked = answering(jsonResponse({ data, nextCursor: null }));
    render(<RecentChanges />);
    const card = await screen.findByRole('region', { name: 'Recent changes' });
    const items = within(card)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/^.*? · /, ''));
    expect(items).toEqual([
      'Product updated: Reports by pm@example.com',
      'Campaign activated: Spring upsell by pm@example.com',
      'Keys rotated: Acme by API (secret key)',
      'Product created: Exports by pm@example.com',
      'Bundle created: Suite by API (secret key)',
    ]);
    expect(
      within(card).getByRole('link', { name: 'Everything in the audit log' }).getAttribute('href'),
    ).toMatch(/audit$/);
    expect(asked.mock.calls[0]?.[0]).toBe('/v1/admin/audit-log?limit=50');
  });

  it('shows nothing before anything was changed', async () => {
    const asked = answering(jsonResponse({ data: [], nextCursor: null }));
    const { container } = render(<RecentChanges />);
    await vi.waitFor(() => expect(asked).toHaveBeenCalled());
    // Past the answer's arrival, not only the request's start.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container.textContent).toBe('');
  });
});
