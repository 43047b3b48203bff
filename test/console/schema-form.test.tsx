import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NumberField } from '../../console/components/fields.tsx';
import { SchemaForm } from '../../console/components/schema-form.tsx';
import { installPlainMessages } from '../../console/lib/messages.ts';
import { BundleInput, ProductPatch } from '../../shared/catalog.ts';

afterEach(cleanup);
// As console/main.tsx does at start-up.
installPlainMessages();

describe('SchemaForm (catalogue forms)', () => {
  it('refuses an emptied trial length when editing a product, rather than keeping the old one', async () => {
    const onDone = vi.fn();
    render(
      <SchemaForm
        title="Edit Reports"
        schema={ProductPatch}
        initial={{ name: 'Reports', trialDays: 30 }}
        method="PATCH"
        path="/v1/admin/products/reports"
        submitLabel="Save product"
        onDone={onDone}
      >
        <NumberField path={['trialDays']} label="Trial days" min={0} max={90} />
      </SchemaForm>,
    );
    fireEvent.input(screen.getByLabelText('Trial days'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save product' }));
    expect(await screen.findByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(screen.getByText('Required').id).toBe(
      screen.getByLabelText('Trial days').getAttribute('aria-describedby'),
    );
    expect(onDone).not.toHaveBeenCalled();
  });

  it('refuses an emptied bundle discount rather than creating the bundle at the default 20 %', async () => {
    const onDone = vi.fn();
    render(
      <SchemaForm
        title="New bundle"
        schema={BundleInput}
        initial={{ key: 'suite', name: 'Suite', productKeys: ['reports', 'alerts'], discountPercent: 25 }}
        method="POST"
        path="/v1/admin/bundles"
        submitLabel="Create"
        onDone={onDone}
      >
        <NumberField path={['discountPercent']} label="Discount %" min={0} max={90} />
      </SchemaForm>,
    );
    fireEvent.input(screen.getByLabelText('Discount %'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Nothing was saved: fix the highlighted fields.')).toBeTruthy();
    expect(screen.getByLabelText('Discount %').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Required')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });
});
