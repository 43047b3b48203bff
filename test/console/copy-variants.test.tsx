import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { CampaignForm, newCampaignDraft } from '../../console/pages/campaigns/campaign-form.tsx';
import { CampaignPreview } from '../../console/pages/campaigns/preview.tsx';
import { type CampaignDraft, previewMessage } from '../../console/pages/campaigns/preview-message.ts';
import type { CampaignDefinition } from '../../shared/campaign.ts';
import { Product } from '../../shared/catalog.ts';
import { jsonResponse, messageFor } from './support.ts';

// The form's own reads (catalogue, names in use) find nothing: no request leaves the test.
beforeEach(() => {
  vi.stubGlobal('fetch', async () => jsonResponse({ data: [], nextCursor: null }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
installPlainMessages();

const ORIGINAL = { en: { title: 'Stop exporting by hand', body: 'Reports refresh **automatically**.' } };

function validDraft(over: Partial<CampaignDraft> = {}): CampaignDraft {
  return {
    ...newCampaignDraft(),
    name: 'Reports add-on for exporters',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: ORIGINAL,
    ...over,
  };
}

function setup(initial: CampaignDraft, options: { readOnly?: boolean; preview?: boolean } = {}) {
  const onSave = vi.fn(async (_definition: CampaignDefinition) => {});
  render(
    <CampaignForm
      initial={initial}
      readOnly={options.readOnly ?? false}
      onSave={onSave}
      aside={
        options.preview ? (draft, locale) => <CampaignPreview draft={draft} locale={locale} /> : undefined
      }
    />,
  );
  const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save campaign' }));
  const saved = async () => {
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    return onSave.mock.calls[0]?.[0] as CampaignDefinition;
  };
  return { onSave, save, saved };
}

const variant = (key: string) => screen.getByRole('group', { name: `Variant ${key}` });
const input = (scope: HTMLElement, label: string) => within(scope).getByLabelText(label) as HTMLInputElement;
const addVariant = () => fireEvent.click(screen.getByRole('button', { name: 'Add a variant' }));
const originalShare = () => screen.getByText(/^Original copy:/).textContent;

describe('Campaign editor › copy experiment', () => {
  it('adds a variant from the original’s copy, splitting the treated accounts with it, and saves its own copy', async () => {
    const { save, saved } = setup(validDraft());
    expect(screen.queryByRole('group', { name: /^Variant/ })).toBeNull();
    addVariant();
    const b = variant('b');
    expect(input(b, 'Variant key').value).toBe('b');
    expect(input(b, 'Treated accounts (%)').value).toBe('50');
    expect(input(b, 'Title').value).toBe('Stop exporting by hand');
    expect(originalShare()).toBe('Original copy: 50% of treated accounts');

    fireEvent.input(input(b, 'Title'), { target: { value: 'Reports that refresh themselves' } });
    fireEvent.input(input(b, 'Primary button'), { target: { value: 'Try Reports' } });
    fireEvent.input(input(b, 'Treated accounts (%)'), { target: { value: '40' } });
    expect(originalShare()).toBe('Original copy: 60% of treated accounts');
    // The original's own fields are untouched by the variant's.
    const original = screen.getByRole('tabpanel', { name: 'Copy in en' });
    expect(input(original, 'Title').value).toBe('Stop exporting by hand');

    save();
    const definition = await saved();
    expect(definition.content).toEqual(ORIGINAL);
    expect(definition.variants).toEqual([
      {
        key: 'b',
        percent: 40,
        content: {
          en: {
            title: 'Reports that refresh themselves',
            body: 'Reports refresh **automatically**.',
            primaryLabel: 'Try Reports',
          },
        },
      },
    ]);
  });

  it('names each new variant by the next free letter, halves the original’s share, and stops at three', () => {
    setup(validDraft());
    addVariant();
    addVariant();
    expect(input(variant('c'), 'Treated accounts (%)').value).toBe('25');
    expect(originalShare()).toBe('Original copy: 25% of treated accounts');
    addVariant();
    expect(input(variant('d'), 'Treated accounts (%)').value).toBe('12');
    expect(originalShare()).toBe('Original copy: 13% of treated accounts');
    const add = screen.getByRole('button', { name: 'Add a variant' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    expect(screen.getByText(/At most 3 variants/)).toBeTruthy();
  });

  it('removes a variant, and the saved definition no longer has it', async () => {
    const copy = (title: string) => ({ en: { title, body: '' } });
    const { save, saved } = setup(
      validDraft({
        variants: [
          { key: 'b', percent: 30, content: copy('Variant B') },
          { key: 'c', percent: 30, content: copy('Variant C') },
        ],
      }),
    );
    expect(originalShare()).toBe('Original copy: 40% of treated accounts');
    fireEvent.click(screen.getByRole('button', { name: 'Remove variant b' }));
    expect(screen.queryByRole('group', { name: 'Variant b' })).toBeNull();
    expect(input(variant('c'), 'Title').value).toBe('Variant C');
    expect(originalShare()).toBe('Original copy: 70% of treated accounts');
    save();
    expect((await saved()).variants).toEqual([{ key: 'c', percent: 30, content: copy('Variant C') }]);
  });

  it('makes a winning variant the copy: its copy replaces the original and the experiment ends', async () => {
    const copy = (title: string) => ({ en: { title, body: 'Winner body' } });
    const { save, saved } = setup(
      validDraft({
        variants: [
          { key: 'b', percent: 30, content: copy('Variant B wins') },
          { key: 'c', percent: 30, content: copy('Variant C') },
        ],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Make variant b the copy' }));
    expect(screen.queryByRole('group', { name: /^Variant/ })).toBeNull();
    expect(input(screen.getByRole('tabpanel', { name: 'Copy in en' }), 'Title').value).toBe('Variant B wins');
    save();
    const definition = await saved();
    expect(definition.content).toEqual(copy('Variant B wins'));
    expect(definition.variants).toEqual([]);
  });

  it('lets a variant test its own offer, starting from the campaign’s terms, and promotes it with its copy', async () => {
    const { save, saved, onSave } = setup(validDraft({ offer: { annualPercentOff: 15 } }));
    addVariant();
    const b = variant('b');
    expect(within(b).queryByLabelText('Intro: % off')).toBeNull();
    fireEvent.click(within(b).getByLabelText('Variant b tests its own offer'));
    expect(input(b, 'Annual plan: % off').value).toBe('15');
    fireEvent.click(within(b).getByLabelText('Introductory discount'));
    fireEvent.input(input(b, 'Intro: % off'), { target: { value: '30' } });
    save();
    const definition = await saved();
    expect(definition.offer).toEqual({ annualPercentOff: 15 });
    expect(definition.variants[0]?.offer).toEqual({
      annualPercentOff: 15,
      intro: { percent: 30, months: 3 },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Make variant b the copy' }));
    expect(screen.queryByRole('group', { name: /^Variant/ })).toBeNull();
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    const promoted = onSave.mock.calls[1]?.[0] as CampaignDefinition;
    expect(promoted.offer).toEqual({ annualPercentOff: 15, intro: { percent: 30, months: 3 } });
    expect(promoted.variants).toEqual([]);
  });

  it('refuses variants that leave the original nothing, with the schema’s message by the original’s share', async () => {
    const { onSave, save } = setup(validDraft());
    addVariant();
    addVariant();
    fireEvent.input(input(variant('b'), 'Treated accounts (%)'), { target: { value: '60' } });
    fireEvent.input(input(variant('c'), 'Treated accounts (%)'), { target: { value: '50' } });
    expect(originalShare()).toBe('Original copy: 0% of treated accounts');
    save();
    const message = 'the variants take 110% of the treated accounts; at most 99%, so the original keeps some';
    await waitFor(() => expect(document.getElementById('f-variants-error')?.textContent).toBe(message));
    // Right after the share it is about, and linked from the summary.
    expect(document.getElementById('f-variants')?.nextElementSibling?.id).toBe('f-variants-error');
    const link = within(screen.getByRole('alert')).getByRole('link', { name: new RegExp(message) });
    expect(link.getAttribute('href')).toBe('#f-variants');
    expect(screen.getByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows a variant’s own field errors on that variant’s fields', async () => {
    const { onSave, save } = setup(validDraft());
    addVariant();
    addVariant();
    fireEvent.input(input(variant('c'), 'Variant key'), { target: { value: 'b' } });
    // Its name follows the key: both variants are now "b", the second the one in error.
    const [, second] = screen.getAllByRole('group', { name: 'Variant b' }) as [HTMLElement, HTMLElement];
    fireEvent.input(input(second, 'Title'), { target: { value: '' } });
    fireEvent.input(input(second, 'Treated accounts (%)'), { target: { value: '0' } });
    save();
    await waitFor(() => expect(messageFor(input(second, 'Title'))).toBe('Required'));
    expect(messageFor(input(second, 'Treated accounts (%)'))).toBe('Must be 1 or more');
    expect(within(second).getByRole('tab', { name: 'en ⚠' })).toBeTruthy();
    // The original and the first variant are fine.
    const original = screen.getByRole('tabpanel', { name: 'Copy in en' });
    expect(messageFor(input(original, 'Title'))).toBeUndefined();
    expect(screen.getAllByRole('tab', { name: 'en' })).toHaveLength(2);
    // The schema checks the keys against each other once every variant is valid on its own.
    fireEvent.input(input(second, 'Title'), { target: { value: 'Reports, by themselves' } });
    fireEvent.input(input(second, 'Treated accounts (%)'), { target: { value: '25' } });
    save();
    await waitFor(() => expect(messageFor(input(second, 'Variant key'))).toBe('variant "b" twice'));
    const [first] = screen.getAllByRole('group', { name: 'Variant b' }) as [HTMLElement];
    expect(messageFor(input(first, 'Variant key'))).toBeUndefined();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('says what the holdout leaves the copies, and lets a viewer change nothing', () => {
    setup(
      validDraft({
        holdout: { percent: 20 },
        variants: [{ key: 'b', percent: 50, content: ORIGINAL }],
      }),
      { readOnly: true },
    );
    expect(screen.getByText(/^Held-out accounts/).textContent).toBe(
      'Held-out accounts (20% of the eligible) see no copy at all: the percents here split the other 80%, the treated accounts.',
    );
    expect((screen.getByRole('button', { name: 'Add a variant' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Remove variant b' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(input(variant('b'), 'Treated accounts (%)').disabled).toBe(true);
  });

  it('previews the copy picked: the original, or a variant', async () => {
    setup(validDraft(), { preview: true });
    // Nothing to pick while the campaign tests no copy.
    expect(screen.queryByRole('button', { name: 'Variant b' })).toBeNull();
    addVariant();
    fireEvent.input(input(variant('b'), 'Title'), { target: { value: 'Reports that refresh themselves' } });
    const stage = () => document.querySelector('.preview-stage > *')?.shadowRoot?.textContent ?? '';
    await waitFor(() => expect(stage()).toContain('Stop exporting by hand'));
    const pick = screen.getByRole('button', { name: 'Variant b' });
    expect(screen.getByRole('button', { name: 'Original' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(pick);
    await waitFor(() => expect(stage()).toContain('Reports that refresh themselves'));
    expect(stage()).not.toContain('Stop exporting by hand');
    expect(pick.getAttribute('aria-pressed')).toBe('true');
    // Removed, the variant leaves the original in the preview.
    fireEvent.click(screen.getByRole('button', { name: 'Remove variant b' }));
    await waitFor(() => expect(stage()).toContain('Stop exporting by hand'));
    expect(screen.queryByRole('button', { name: 'Variant b' })).toBeNull();
  });

  it('previews a variant testing its own offer with that offer, as decide prices it', () => {
    const reports = Product.parse({
      id: '0d3e0000-0000-4000-8000-0000000000cc',
      key: 'reports',
      name: 'Reports',
      role: 'attach',
      price: { amount: 4_900, currency: 'USD', interval: 'month' },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const draft = validDraft({
      offer: {},
      variants: [{ key: 'b', percent: 50, content: ORIGINAL, offer: { intro: { percent: 50, months: 3 } } }],
    });
    const priced = (variant: string) =>
      previewMessage(
        draft,
        { products: [reports], bundles: [] },
        { format: 'callout', locale: 'en', variant },
      ).offer;
    expect(priced('b')).toMatchObject({
      amount: 2_450,
      discounts: [{ kind: 'intro', percent: 50, months: 3 }],
    });
    expect(priced('original')).toMatchObject({ amount: 4_900, discounts: [] });
  });
});
