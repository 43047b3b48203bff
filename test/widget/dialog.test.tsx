import { fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../widget/i18n.ts';
import { intentOf } from '../../widget/types.ts';
import { Layer } from '../../widget/ui/app.tsx';
import { Ui } from '../../widget/ui/context.ts';
import { paint } from '../../widget/ui/mount.tsx';
import { PurchaseDialog } from '../../widget/ui/purchase.tsx';
import { fakeCtrl, message, view } from './builders.tsx';

afterEach(() => {
  document.body.innerHTML = '';
});

const tab = (el: Element, shift = false) => fireEvent.keyDown(el, { key: 'Tab', shiftKey: shift });

describe('dialog focus and keyboard', () => {
  it('moves focus in, traps Tab and Shift+Tab, closes on Escape and returns focus', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'host button';
    document.body.appendChild(opener);
    opener.focus();
    const { ctrl, dialogs } = fakeCtrl();
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    const { unmount } = render(
      <Ui.Provider value={{ ctrl, i18n: view().i18n }}>
        <Layer view={view()}>
          <PurchaseDialog intent={intentOf(message())} />
        </Layer>
      </Ui.Provider>,
      { container: root as unknown as HTMLElement },
    );
    const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
    expect(root.activeElement).toBe(dialog);
    const buttons = Array.from(dialog.querySelectorAll('button'));
    const [close, , cancel] = buttons as unknown as [HTMLElement, HTMLElement, HTMLElement];
    expect(buttons.map((b) => b.textContent)).toEqual(['×', 'Confirm purchase', 'Cancel']);

    cancel.focus();
    tab(cancel);
    expect(root.activeElement).toBe(close);
    tab(close, true);
    expect(root.activeElement).toBe(cancel);

    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(dialogs).toEqual([undefined]);
    unmount();
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('every control is a real button (keyboard reachable), with a visible focus style', () => {
    const { ctrl } = fakeCtrl();
    paint(view({ messages: [message()] }), ctrl);
    const root = document.querySelector('attach-root')?.shadowRoot as ShadowRoot;
    const controls = Array.from(root.querySelectorAll('button'));
    expect(controls.map((b) => b.textContent)).toEqual(['×', 'Start free trial', 'Buy now', 'Not now']);
    expect(controls.every((b) => b.tabIndex >= 0 && b.getAttribute('type') === 'button')).toBe(true);
    const css = Array.from(root.adoptedStyleSheets, (s) =>
      Array.from(s.cssRules, (r) => r.cssText).join('\n'),
    ).join('\n');
    expect(css).toContain(':focus-visible');
    expect(css).toMatch(/:host\s*\{\s*all:\s*initial/);
  });
});

describe('shadow mount', () => {
  it('renders overlay messages in a shadow root and inline messages into their slot', () => {
    const slot = document.createElement('div');
    slot.setAttribute('data-attach-slot', 'billing');
    document.body.appendChild(slot);
    const { ctrl } = fakeCtrl();
    const inline = message({
      decisionId: '66666666-6666-4666-8666-666666666666',
      format: 'inline',
      placement: 'billing',
      content: { ...message().content, title: 'Inline offer' },
    });
    paint(view({ messages: [message(), inline] }), ctrl);
    const overlay = document.querySelector('attach-root')?.shadowRoot;
    expect(overlay?.textContent).toContain('Try Reports Pro');
    expect(overlay?.textContent).not.toContain('Inline offer');
    expect(slot.querySelector('attach-slot')?.shadowRoot?.textContent).toContain('Inline offer');
    // Nothing leaks into the light DOM of the host page.
    expect(document.body.textContent).toBe('');
  });

  it('docks a banner placed in a slot there, in flow; a global one, or one whose slot is gone, covers the top', () => {
    const { ctrl } = fakeCtrl();
    const slot = document.createElement('div');
    slot.setAttribute('data-attach-slot', 'top');
    document.body.appendChild(slot);
    const docked = message({ format: 'banner', placement: 'top' });
    paint(view({ messages: [docked] }), ctrl);
    const overlay = () => document.querySelector('attach-root')?.shadowRoot;
    expect(overlay()?.querySelector('.banner')).toBeNull();
    const root = slot.querySelector('attach-slot')?.shadowRoot;
    expect(root?.querySelector('.banner')?.textContent).toContain('Try Reports Pro');
    const css = Array.from(root?.adoptedStyleSheets ?? [], (s) =>
      Array.from(s.cssRules, (r) => r.cssText).join('\n'),
    ).join('\n');
    expect(css).toMatch(/:host\(attach-slot\) \.fx\s*\{\s*position:\s*relative/);

    paint(view({ messages: [message({ format: 'banner', placement: 'global' })] }), ctrl);
    expect(overlay()?.querySelector('.banner')?.className).toContain('fx');
    expect(root?.querySelector('.banner')).toBeNull();

    // The page dropped the slot after the decision (an SPA re-render): served, so shown on top.
    slot.remove();
    paint(view({ messages: [docked] }), ctrl);
    expect(overlay()?.querySelector('.banner')?.textContent).toContain('Try Reports Pro');
  });

  it('sets direction and language for RTL locales', () => {
    const { ctrl } = fakeCtrl();
    paint({ ...view({ messages: [message()] }), i18n: i18n('ar') }, ctrl);
    const r = document.querySelector('attach-root')?.shadowRoot?.querySelector('.r');
    expect(r?.getAttribute('dir')).toBe('rtl');
    expect(r?.getAttribute('lang')).toBe('ar');
  });

  it('tags campaign copy with its own language and direction, which may differ from the UI’s', () => {
    const { ctrl } = fakeCtrl();
    const copy = () => document.querySelector('attach-root')?.shadowRoot?.querySelector('.b');
    // An Arabic UI showing copy the campaign only has in English: the copy reads left to right.
    paint({ ...view({ messages: [message({ locale: 'en' })] }), i18n: i18n('ar') }, ctrl);
    expect([copy()?.getAttribute('lang'), copy()?.getAttribute('dir')]).toEqual(['en', 'ltr']);
    paint({ ...view({ messages: [message({ locale: 'ar-EG' })] }), i18n: i18n('ar') }, ctrl);
    expect([copy()?.getAttribute('lang'), copy()?.getAttribute('dir')]).toEqual(['ar-EG', 'rtl']);
  });
});
