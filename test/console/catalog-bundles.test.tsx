import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { SessionContext } from '../../console/lib/session.ts';
import { CatalogPage } from '../../console/pages/catalog-page.tsx';
import type { Bundle, Product } from '../../shared/catalog.ts';
import type { ConsoleSession } from '../../shared/console.ts';

// As console/main.tsx does at start-up.
installPlainMessages();

const AT = '2026-01-01T00:00:00.000Z';
const product = (key: string, name: string, role: Product['role'] = 'attach'): Product => ({
  id: crypto.randomUUID(),
  key,
  name,
  description: '',
  role,
  price: { amount: 4900, currency: 'USD', interval: 'month' },
  prerequisites: [],
  trialDays: 14,
  plan: null,
  createdAt: AT,
  updatedAt: AT,
});
const PRODUCTS = [
  product('reports', 'Reports'),
  product('alerts', 'Alerts'),
  product('legacy', 'Legacy', 'sunset'),
];

let bundle: Bundle;
let patches: unknown[];
/** What the next PATCH answers instead of saving, when set. */
let refusal: unknown;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  bundle = {
    id: crypto.randomUUID(),
    key: 'ops-pack',
    name: 'Ops pack',
    description: '',
    productKeys: ['reports', 'alerts'],
    discountPercent: 20,
    createdAt: AT,
    updatedAt: AT,
  };
  patches = [];
  refusal = undefined;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      if (path.startsWith('/v1/admin/products')) return json(200, { data: PRODUCTS, nextCursor: null });
      if (init.method === 'PATCH' && path === '/v1/admin/bundles/ops-pack') {
        const patch = JSON.parse(String(init.body));
        patches.push(patch);
        if (refusal) return json(400, refusal);
        bundle = { ...bundle, ...patch };
        return json(200, bundle);
      }
      if (path.startsWith('/v1/admin/bundles')) return json(200, { data: [bundle], nextCursor: null });
      return json(404, { error: { code: 'not_found', message: path } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAs(role: ConsoleSession['user']['role']) {
  const session: ConsoleSession = {
    user: { id: 'u1', email: 'pm@example.com', name: 'PM', role, twoStep: false, createdAt: AT },
    workspace: { id: 'w1', name: 'Acme', twoStepRequired: false },
    csrfToken: 'csrf',
    expiresAt: AT,
    viaSso: false,
  };
  render(
    <SessionContext.Provider value={{ session, signOut: () => {}, refresh: () => {} }}>
      <CatalogPage />
    </SessionContext.Provider>,
  );
}

const bundleRow = () => screen.getByRole('row', { name: /Ops pack/ });

describe('CatalogPage › bundles', () => {
  it('edits a bundle in place: its products and discount are saved, and the list shows them', async () => {
    renderAs('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Ops pack' }));
    const form = within(screen.getByRole('form', { name: 'Edit Ops pack' }));
    expect((form.getByLabelText('Discount %') as HTMLInputElement).value).toBe('20');
    fireEvent.click(form.getByLabelText('Legacy'));
    fireEvent.click(form.getByLabelText('Alerts'));
    fireEvent.input(form.getByLabelText('Discount %'), { target: { value: '25' } });
    fireEvent.click(form.getByRole('button', { name: 'Save bundle' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit Ops pack' })).toBeNull());
    expect(patches).toEqual([
      { name: 'Ops pack', description: '', productKeys: ['reports', 'legacy'], discountPercent: 25 },
    ]);
    await waitFor(() => expect(bundleRow().textContent).toContain('Reports + Legacy'));
    expect(bundleRow().textContent).toContain('25%');
  });

  it('shows the refusal of a sunset product for a live campaign on the products, and keeps the form open', async () => {
    refusal = {
      error: {
        code: 'validation_failed',
        message: 'body.productKeys: The bundle holds sunset products (legacy): it is never offered, …',
        details: {
          issues: [
            {
              path: ['productKeys'],
              message:
                'The bundle holds sunset products (legacy): it is never offered, yet active campaigns target it',
              code: 'target_not_offerable',
            },
          ],
        },
      },
    };
    renderAs('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Ops pack' }));
    const form = within(screen.getByRole('form', { name: 'Edit Ops pack' }));
    fireEvent.click(form.getByLabelText('Legacy'));
    fireEvent.click(form.getByRole('button', { name: 'Save bundle' }));
    const products = form.getByRole('group', { name: 'Products (2 or more)' });
    await waitFor(() => expect(products.getAttribute('class')).toContain('invalid'));
    expect(products.textContent).toContain('yet active campaigns target it');
    expect(bundleRow().textContent).toContain('Reports + Alerts');
  });

  it('refuses a bundle left with one product before sending anything', async () => {
    renderAs('editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Ops pack' }));
    const form = within(screen.getByRole('form', { name: 'Edit Ops pack' }));
    fireEvent.click(form.getByLabelText('Alerts'));
    fireEvent.click(form.getByRole('button', { name: 'Save bundle' }));
    expect(await form.findByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(patches).toEqual([]);
  });

  it('offers no edit to a viewer, but each product’s and bundle’s history in the audit log', async () => {
    renderAs('viewer');
    await waitFor(() => expect(bundleRow()).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Edit Ops pack' })).toBeNull();
    expect(screen.getByRole('link', { name: 'History of Ops pack' }).getAttribute('href')).toMatch(
      /audit\?targetType=bundle&targetId=ops-pack$/,
    );
    expect(screen.getByRole('link', { name: 'History of Reports' }).getAttribute('href')).toMatch(
      /audit\?targetType=product&targetId=reports$/,
    );
  });
});

describe('CatalogPage › forms', () => {
  it('gives every field of every form an id of its own, so each label points at its own form’s control', async () => {
    renderAs('editor');
    // Open beside the two create forms: all three have a Name and a Description.
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Ops pack' }));
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const title of ['New product', 'New bundle', 'Edit Ops pack']) {
      const form = screen.getByRole('form', { name: title });
      const strays = [...form.querySelectorAll('label[for]')].filter(
        (label) => document.getElementById(label.getAttribute('for') ?? '')?.closest('form') !== form,
      );
      expect({ title, strays: strays.map((l) => l.textContent) }).toEqual({ title, strays: [] });
    }
  });
});
