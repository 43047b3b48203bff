import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ColorField } from '../../console/components/fields.tsx';
import { FormContext } from '../../console/lib/form.ts';

afterEach(cleanup);

const field = (value: unknown) =>
  render(
    <FormContext.Provider value={{ value, set: () => {}, errors: {}, readOnly: false }}>
      <ColorField path={['theme', 'textColor']} label="Text colour" />
    </FormContext.Provider>,
  );

describe('colour field', () => {
  it('marks an unset colour as such instead of showing a black swatch', () => {
    field({ theme: {} });
    const picker = screen.getByLabelText('Text colour picker');
    expect(picker.hasAttribute('data-unset')).toBe(true);
    expect(picker.getAttribute('title')).toBe('Not set: inherits');
  });

  it('shows a set colour as it is', () => {
    field({ theme: { textColor: '#1e3a8a' } });
    const picker = screen.getByLabelText('Text colour picker') as HTMLInputElement;
    expect(picker.hasAttribute('data-unset')).toBe(false);
    expect(picker.value).toBe('#1e3a8a');
  });
});
