import { act, fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupView } from '../../widget/ui/popup.tsx';
import { fakeCtrl, message, renderIn } from './builders.tsx';

/** The host page's own form: a field being typed in, and a button. */
function hostForm() {
  document.body.insertAdjacentHTML(
    'beforeend',
    '<input id="notes" type="text"><button id="save" type="button">Save</button>',
  );
  return {
    field: document.getElementById('notes') as HTMLInputElement,
    button: document.getElementById('save') as HTMLButtonElement,
  };
}

const pass = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });

const dialog = () => screen.queryByRole('dialog', { name: 'Try Reports Pro' });

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('a modal campaign and a person typing on the page', () => {
  it('waits until two seconds after their last key, then opens', async () => {
    const { field } = hostForm();
    field.focus();
    renderIn(<PopupView m={message({ format: 'modal' })} />, fakeCtrl().ctrl);
    for (let i = 0; i < 5; i++) {
      await pass(1500);
      fireEvent.keyDown(field, { key: 'a' });
    }
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(field);
    await pass(1999);
    expect(dialog()).toBeNull();
    await pass(1);
    expect(dialog()).not.toBeNull();
  });

  it('opens as soon as they leave the field for something else', async () => {
    const { field, button } = hostForm();
    field.focus();
    const { ctrl } = fakeCtrl();
    renderIn(<PopupView m={message({ format: 'modal' })} />, ctrl);
    fireEvent.keyDown(field, { key: 'a' });
    await pass(500);
    expect(dialog()).toBeNull();
    // From one field to the next is still filling in the form.
    const next = document.createElement('textarea');
    document.body.append(next);
    next.focus();
    await pass(250);
    expect(dialog()).toBeNull();
    button.focus();
    await pass(250);
    expect(dialog()).not.toBeNull();
  });

  it('waits while the host page has its own modal dialog open', async () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div id="checkout" role="dialog" aria-modal="true" aria-label="Checkout"><button>Pay</button></div>',
    );
    renderIn(<PopupView m={message({ format: 'modal' })} />, fakeCtrl().ctrl);
    await pass(5000);
    expect(dialog()).toBeNull();
    document.getElementById('checkout')?.remove();
    await pass(250);
    expect(dialog()).not.toBeNull();
  });

  it('opens at once when no field has focus (a button, or nothing)', () => {
    const { button } = hostForm();
    button.focus();
    renderIn(<PopupView m={message({ format: 'modal' })} />, fakeCtrl().ctrl);
    expect(dialog()).not.toBeNull();
  });
});
