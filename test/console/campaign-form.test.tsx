import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../console/lib/api.ts';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { CampaignForm, newCampaignDraft } from '../../console/pages/campaigns/campaign-form.tsx';
import type { CampaignDraft } from '../../console/pages/campaigns/preview-message.ts';
import type { CampaignDefinition } from '../../shared/campaign.ts';
import { jsonResponse, messageFor } from './support.ts';

// The form's own reads (catalogue, names in use) find nothing: no request leaves the test.
beforeEach(() => {
  vi.stubGlobal('fetch', async () => jsonResponse({ data: [], nextCursor: null }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
// As console/main.tsx does at start-up.
installPlainMessages();

function validDraft(): CampaignDraft {
  return {
    ...newCampaignDraft(),
    name: 'Reports add-on for exporters',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: { en: { title: 'Stop exporting by hand', body: 'Reports refresh **automatically**.' } },
  };
}

function setup(
  initial: CampaignDraft,
  options: { readOnly?: boolean; onSave?: (d: CampaignDefinition) => Promise<void> } = {},
) {
  const onSave = vi.fn(options.onSave ?? (async () => {}));
  render(
    <CampaignForm
      initial={initial}
      readOnly={options.readOnly ?? false}
      onSave={onSave}
      readOnlyReason="Viewers cannot change campaigns."
    />,
  );
  return { onSave, save: () => fireEvent.click(screen.getByRole('button', { name: 'Save campaign' })) };
}

describe('CampaignForm', () => {
  it('shows field-level messages for an empty campaign and saves nothing', async () => {
    const { onSave, save } = setup(newCampaignDraft());
    save();
    const name = await screen.findByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(messageFor(name)).toBeTruthy();
    expect(messageFor(screen.getByLabelText('Motion'))).toBeTruthy();
    expect(messageFor(screen.getByLabelText('Title'))).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/problems to fix/);
    expect(screen.getByText(/Nothing was saved/)).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
    // In plain words, named by the field's own label.
    expect(messageFor(name)).toBe('Required');
    expect(messageFor(screen.getByLabelText('Motion'))).toBe('Choose one of the options');
    const summary = [...screen.getByRole('alert').querySelectorAll('li')].map((li) => li.textContent);
    expect(summary).toContain('Name: Required');
    expect(summary.join('\n')).not.toMatch(/expected|>=|Invalid input/);
  });

  it('warns, before saving, that a new holdout % moves accounts between arms of a campaign that has run', () => {
    const hintOf = () => {
      const ids = screen.getByLabelText('Holdout %').getAttribute('aria-describedby')?.split(' ') ?? [];
      return ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('hint'))
        ?.textContent;
    };
    setup({ ...validDraft(), status: 'active', holdout: { percent: 10 } } as CampaignDraft);
    expect(hintOf()).toBe('Eligible users kept from seeing it, to measure lift');
    fireEvent.input(screen.getByLabelText('Holdout %'), { target: { value: '25' } });
    expect(hintOf()).toBe(
      'This campaign has run: moving the holdout from 10% to 25% moves about 15% of its accounts from seeing it to the holdout. Lift keeps each account in the arm of its first decision; for a clean comparison, duplicate the campaign instead.',
    );
    cleanup();
    setup({ ...validDraft(), status: 'draft', holdout: { percent: 10 } } as CampaignDraft);
    fireEvent.input(screen.getByLabelText('Holdout %'), { target: { value: '25' } });
    expect(hintOf()).toBe('Eligible users kept from seeing it, to measure lift');
  });

  it('rejects an out-of-range priority and a holdout above 50 % with messages on those fields', async () => {
    const { onSave, save } = setup(validDraft());
    fireEvent.input(screen.getByLabelText('Priority'), { target: { value: '500' } });
    fireEvent.input(screen.getByLabelText('Holdout %'), { target: { value: '80' } });
    save();
    await waitFor(() => expect(messageFor(screen.getByLabelText('Priority'))).toMatch(/100/));
    expect(messageFor(screen.getByLabelText('Holdout %'))).toMatch(/50/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('refuses an emptied required number instead of saving the schema default in its place', async () => {
    const draft = validDraft();
    draft.frequency = { ...draft.frequency, maxImpressionsPerUser: 100 };
    draft.holdout = { percent: 12.5 };
    const { onSave, save } = setup(draft);
    fireEvent.input(screen.getByLabelText('Max impressions per user'), { target: { value: '' } });
    fireEvent.input(screen.getByLabelText('Holdout %'), { target: { value: '' } });
    save();
    await waitFor(() =>
      expect(messageFor(screen.getByLabelText('Max impressions per user'))).toBe('Required'),
    );
    expect(messageFor(screen.getByLabelText('Holdout %'))).toBe('Required');
    expect(screen.getByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('takes an emptied optional number as unset, and saves the definition without it', async () => {
    const draft = validDraft();
    draft.frequency = { ...draft.frequency, maxImpressionsPerAccountPerDay: 5 };
    draft.offer = { annualPercentOff: 20, expiresInDays: 7 };
    draft.presentation = { ...draft.presentation, theme: { radius: 4 } };
    draft.routing = { rules: [{ channel: 'sales', segments: [], minMrr: 100_000, minSeats: 50 }] };
    draft.triggers = { type: 'all', triggers: [{ type: 'days_since_signup', atLeast: 30, atMost: 90 }] };
    const { onSave, save } = setup(draft);
    for (const label of [
      'Max impressions per account per day',
      'Annual plan: % off',
      'Or expires days after first seen',
      'Corner radius (px)',
      'Min MRR',
      'Min seats',
      'At most days',
    ])
      fireEvent.input(screen.getByLabelText(label), { target: { value: '' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const saved = onSave.mock.calls[0]?.[0];
    expect(saved?.frequency).not.toHaveProperty('maxImpressionsPerAccountPerDay');
    expect(saved?.offer).toEqual({});
    expect(saved?.presentation.theme).toEqual({});
    expect(saved?.routing.rules).toEqual([{ channel: 'sales', segments: [] }]);
    expect(saved?.triggers).toEqual({ type: 'all', triggers: [{ type: 'days_since_signup', atLeast: 30 }] });
  });

  it('rejects a malformed theme colour and a non-https image', async () => {
    const { onSave, save } = setup(validDraft());
    fireEvent.input(screen.getByLabelText('Primary colour'), { target: { value: 'red' } });
    fireEvent.input(screen.getByLabelText('Image URL (https)'), {
      target: { value: 'http://example.com/x.png' },
    });
    save();
    await waitFor(() => expect(messageFor(screen.getByLabelText('Primary colour'))).toBeTruthy());
    expect(messageFor(screen.getByLabelText('Image URL (https)'))).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves the parsed definition, schema defaults included, when every field is valid', async () => {
    const { onSave, save } = setup(validDraft());
    fireEvent.input(screen.getByLabelText('Priority'), { target: { value: '70' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const saved = onSave.mock.calls[0]?.[0];
    expect(saved).toMatchObject({
      name: 'Reports add-on for exporters',
      priority: 70,
      holdout: { percent: 10 },
    });
    expect(saved?.audience.lifecycleStages).toEqual(['activated', 'engaged', 'renewal_window']);
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });

  it('saves an ROI model with an hourly rate, and refuses a rate currency that is not ISO 4217', async () => {
    const { onSave, save } = setup(validDraft());
    expect(screen.queryByLabelText('Hours saved per seat per week')).toBeNull();
    fireEvent.click(screen.getByLabelText('Compute ROI for the copy'));
    fireEvent.input(screen.getByLabelText('Hours saved per seat per week'), { target: { value: '2.5' } });
    fireEvent.click(screen.getByLabelText('Value the hours saved'));
    // Typed in the currency's units, kept in minor units: 75.5 dollars → 7,550 cents.
    fireEvent.input(screen.getByLabelText('Hourly rate (USD)'), { target: { value: '75.5' } });
    fireEvent.input(screen.getByLabelText('Rate currency'), { target: { value: 'usd' } });
    save();
    await waitFor(() => expect(messageFor(screen.getByLabelText('Rate currency'))).toMatch(/ISO 4217/));
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText('Rate currency'), { target: { value: 'EUR' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].roi).toEqual({
      hoursSavedPerSeatPerWeek: 2.5,
      hourlyRate: { amount: 7_550, currency: 'EUR' },
    });
  });

  it('keeps a money amount as typed on the way to its cents (12.0 is not rewritten to 12)', async () => {
    const { onSave, save } = setup(validDraft());
    fireEvent.click(screen.getByLabelText('Compute ROI for the copy'));
    fireEvent.input(screen.getByLabelText('Hours saved per seat per week'), { target: { value: '1' } });
    fireEvent.click(screen.getByLabelText('Value the hours saved'));
    const rate = screen.getByLabelText('Hourly rate (USD)') as HTMLInputElement;
    fireEvent.input(rate, { target: { value: '12.0' } });
    await waitFor(() => expect(rate.value).toBe('12.0'));
    fireEvent.input(rate, { target: { value: '12.05' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].roi?.hourlyRate).toEqual({ amount: 1_205, currency: 'USD' });
  });

  it('builds nested any/all trigger groups', async () => {
    const { onSave, save } = setup(validDraft());
    fireEvent.click(screen.getByRole('button', { name: 'Add trigger' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add nested group' }));
    const nested = screen.getByRole('group', { name: 'Nested group, level 1' });
    fireEvent.click(nested.querySelector('button') as HTMLButtonElement);
    for (const metric of screen.getAllByLabelText('Metric'))
      fireEvent.input(metric, { target: { value: 'exports' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].triggers).toEqual({
      type: 'all',
      triggers: [
        { type: 'metric_quota', metric: 'exports', atLeastPercent: 80 },
        { type: 'any', triggers: [{ type: 'metric_quota', metric: 'exports', atLeastPercent: 80 }] },
      ],
    });
  });

  it('shows the API’s field issues when the server refuses the definition', async () => {
    const { save } = setup(validDraft(), {
      onSave: async () => {
        throw new ApiFailure(400, 'validation_failed', 'target.productKey: unknown product', [
          { path: ['target', 'productKey'], message: 'No product with this key', code: 'custom' },
        ]);
      },
    });
    save();
    await waitFor(() =>
      expect(messageFor(screen.getByLabelText('Product'))).toBe('No product with this key'),
    );
    expect(screen.getByText(/Nothing was saved: target.productKey/)).toBeTruthy();
  });

  it('flags the locale whose copy the server refused for a template variable, whichever field it is', async () => {
    const draft = validDraft();
    draft.content = { ...draft.content, de: { title: 'Berichte', roiLine: '{{offer.prize}}' } };
    const issue = {
      path: ['content', 'de', 'roiLine'],
      message: '{{offer.prize}} is not a variable the engine can fill',
      code: 'unknown_template_variable',
    };
    const { save } = setup(draft, {
      onSave: async () => {
        throw new ApiFailure(400, 'validation_failed', `body.content.de.roiLine: ${issue.message}`, [issue]);
      },
    });
    save();
    await waitFor(() => expect(screen.getByRole('tab', { name: 'de ⚠' })).toBeTruthy());
    expect(screen.getByRole('tab', { name: 'en' })).toBeTruthy();
    // The German copy is not on screen, so the summary names it by its path, in words.
    expect(screen.getByText(`Content › de › roi line: ${issue.message}`)).toBeTruthy();
  });

  it('offers the positions each format honours: a callout’s corner, a tooltip’s anchor and side', async () => {
    const { onSave, save } = setup(validDraft());
    const corner = screen.getByLabelText('Corner') as HTMLSelectElement;
    expect(corner.value).toBe('bottom-right');
    // Bottom left is the trial checklist's corner.
    expect(Array.from(corner.options, (o) => o.value)).toEqual(['bottom-right', 'top-right', 'top-left']);
    expect(screen.queryByLabelText('Anchor selector')).toBeNull();
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'tooltip' } });
    fireEvent.input(await screen.findByLabelText('Anchor selector'), { target: { value: '#export' } });
    const side = screen.getByLabelText('Side') as HTMLSelectElement;
    expect(Array.from(side.options, (o) => o.textContent)).toEqual(['below', 'above', 'left', 'right']);
    expect(side.value).toBe('bottom');
    expect(screen.queryByLabelText('Corner')).toBeNull();
    fireEvent.change(side, { target: { value: 'top' } });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]?.[0].presentation).toMatchObject({
      format: 'tooltip',
      anchor: '#export',
      position: 'top',
    });
  });

  it('has no position for formats that sit in the page (inline, inbox)', () => {
    setup(validDraft());
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'inline' } });
    expect(screen.queryByLabelText('Corner')).toBeNull();
    expect(screen.queryByLabelText('Side')).toBeNull();
    expect(screen.queryByLabelText('Edge')).toBeNull();
  });

  it('gives a viewer a disabled save button and read-only fields', () => {
    const { onSave, save } = setup(validDraft(), { readOnly: true });
    const button = screen.getByRole('button', { name: 'Save campaign' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect((screen.getByLabelText('Name') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Viewers cannot change campaigns.')).toBeTruthy();
    save();
    expect(onSave).not.toHaveBeenCalled();
  });
});
