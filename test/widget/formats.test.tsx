import { act, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTheme } from '../../shared/contrast.ts';
import { PopupView } from '../../widget/ui/popup.tsx';
import { Card, fakeCtrl, message, renderIn } from './builders.tsx';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('message formats', () => {
  it('callout › a polite live region with title, markdown body, ROI line and actions', () => {
    const { ctrl } = fakeCtrl();
    renderIn(<Card m={message()} />, ctrl);
    const region = screen.getByRole('region', { name: 'Try Reports Pro' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.className).toContain('callout');
    expect(region.querySelector('strong')?.textContent).toBe('scheduled');
    expect(screen.getByText('Teams like yours save 4 hours a week')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start free trial' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Buy now' })).toBeTruthy();
  });

  it('an image is described to screen readers when the campaign says what it shows, else decorative', () => {
    const { ctrl } = fakeCtrl();
    const content = { ...message().content, imageUrl: 'https://cdn.example.com/save.png' };
    renderIn(<Card m={message({ content: { ...content, imageAlt: 'Save 40% this week' } })} />, ctrl);
    expect(screen.getByRole('img', { name: 'Save 40% this week' })).toBeTruthy();
    document.body.innerHTML = '';
    renderIn(<Card m={message({ content })} />, ctrl);
    expect(document.querySelector('img')?.getAttribute('alt')).toBe('');
  });

  it('callout › primary action, close and "not now" report to the controller', async () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<Card m={message()} />, ctrl);
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Start free trial' }));
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(calls.filter((c) => c[0] !== 'seen')).toEqual([
      ['act', message().decisionId, 'trial'],
      ['dismiss', message().decisionId, false],
      ['dismiss', message().decisionId, true],
    ]);
  });

  it('callout › a failed action says so instead of failing silently', async () => {
    const { ctrl } = fakeCtrl({ act: { ok: false, error: { status: 0, code: 'timeout', message: '' } } });
    renderIn(<Card m={message()} />, ctrl);
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Start free trial' }));
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong');
  });

  it('banner › renders as a top region', () => {
    renderIn(<Card m={message({ format: 'banner' })} />, fakeCtrl().ctrl);
    expect(screen.getByRole('region', { name: 'Try Reports Pro' }).className).toContain('banner');
  });

  it('inline › renders in flow (no fixed positioning)', () => {
    renderIn(<Card m={message({ format: 'inline', placement: 'billing' })} />, fakeCtrl().ctrl);
    const region = screen.getByRole('region', { name: 'Try Reports Pro' });
    expect(region.className).toContain('inline');
    expect(region.className).not.toContain('fx');
  });

  it('inbox › renders as an article card', () => {
    renderIn(<Card m={message({ format: 'inbox' })} />, fakeCtrl().ctrl);
    expect(screen.getByRole('article', { name: 'Try Reports Pro' }).className).toContain('inbox');
  });

  it('modal › a labelled modal dialog; Escape dismisses it', () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<PopupView m={message({ format: 'modal' })} />, ctrl);
    const dialog = screen.getByRole('dialog', { name: 'Try Reports Pro' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(calls).toContainEqual(['dismiss', message().decisionId, false]);
  });

  it('tooltip › waits for its anchor, follows it and hides when it disappears', async () => {
    renderIn(
      <PopupView m={message({ format: 'tooltip', anchor: '#export', position: 'bottom' })} />,
      fakeCtrl().ctrl,
    );
    await act(frame);
    expect(screen.queryByRole('region')).toBeNull();

    const anchor = document.createElement('button');
    anchor.id = 'export';
    let top = 100;
    anchor.getBoundingClientRect = () =>
      ({
        top,
        left: 40,
        bottom: top + 20,
        right: 140,
        width: 100,
        height: 20,
        x: 40,
        y: top,
        toJSON() {},
      }) as DOMRect;
    await act(async () => {
      document.body.appendChild(anchor);
      await frame();
    });
    const tip = screen.getByRole('region', { name: 'Try Reports Pro' });
    expect(tip.style.top).toBe('128px');
    // The host's control names the tip for screen readers (no ARIA reference crosses the shadow root).
    expect(anchor.getAttribute('aria-description')).toBe('Try Reports Pro');
    expect(tip.style.left).toBe('40px');

    top = 300;
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await frame();
    });
    expect(screen.getByRole('region').style.top).toBe('328px');

    await act(async () => {
      anchor.remove();
      await frame();
    });
    expect(screen.queryByRole('region')).toBeNull();
    // Gone with the tip: the host's element is left as it was.
    expect(anchor.hasAttribute('aria-description')).toBe(false);
  });

  it("tooltip › left and right are the reading direction's start and end", async () => {
    const anchor = document.createElement('button');
    anchor.id = 'export';
    anchor.getBoundingClientRect = () =>
      ({ top: 100, left: 400, bottom: 120, right: 500, width: 100, height: 20 }) as DOMRect;
    document.body.appendChild(anchor);
    const side = async (locale: string) => {
      const { unmount } = renderIn(
        <PopupView m={message({ format: 'tooltip', anchor: '#export', position: 'left' })} />,
        fakeCtrl().ctrl,
        locale,
      );
      await act(frame);
      const { left, right } = screen.getByRole('region').style;
      unmount();
      return { left, right };
    };
    // Left of the anchor in English; in Arabic the start side is the right: 8px past the anchor.
    expect(await side('en')).toEqual({ left: '', right: `${innerWidth - 400 + 8}px` });
    expect(await side('ar')).toEqual({ left: '508px', right: '' });
    // A description the host gave its control is its own: the tip neither replaces nor removes it.
    anchor.setAttribute('aria-description', 'Downloads the table');
    await side('en');
    expect(anchor.getAttribute('aria-description')).toBe('Downloads the table');
    anchor.remove();
  });

  it('each format uses object styles only (no style attribute strings from the theme)', () => {
    // The theme as decide sends it: yellow needs dark text to reach 4.5:1.
    const theme = renderTheme({ primaryColor: '#ffcc00' });
    renderIn(<Card m={message({ theme })} />, fakeCtrl().ctrl);
    const region = screen.getByRole('region');
    expect(region.style.getPropertyValue('--a-primary')).toBe('#ffcc00');
    expect(region.style.getPropertyValue('--a-on-primary')).toBe('#000000');
  });
});

describe('action labels', () => {
  it('users who may not buy see "Ask your admin", whatever the campaign copy says', () => {
    const m = message({ canPurchase: false, purchaseBlockedReason: 'role', actions: ['ask_admin'] });
    renderIn(<Card m={m} />, fakeCtrl().ctrl);
    expect(screen.getByRole('button', { name: 'Ask your admin' }).className).toBe('p');
    expect(screen.queryByRole('button', { name: 'Start free trial' })).toBeNull();
  });

  it('sales-routed messages offer "Talk to us"', () => {
    renderIn(<Card m={message({ channel: 'sales', actions: ['contact'] })} />, fakeCtrl().ctrl);
    expect(screen.getByRole('button', { name: 'Talk to us' })).toBeTruthy();
  });
});
