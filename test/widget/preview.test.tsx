import { render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MessagePreview } from '../../widget/preview.tsx';
import { message, trial } from './builders.tsx';

afterEach(() => {
  document.body.innerHTML = '';
});

const shadow = (container: Element) =>
  container.querySelector('[data-attach-preview]')?.shadowRoot as ShadowRoot;

describe('MessagePreview (console)', () => {
  for (const format of ['callout', 'banner', 'modal', 'tooltip', 'inline', 'inbox'] as const) {
    it(`renders a ${format} with the real components in its own shadow root, in flow`, () => {
      const { container } = render(
        <MessagePreview
          message={message({ format, anchor: '#nowhere' })}
          theme={{ primaryColor: '#0f766e' }}
        />,
      );
      const root = shadow(container);
      expect(root.textContent).toContain('Try Reports Pro');
      expect(root.querySelector('.fx')).toBeNull();
      expect(root.adoptedStyleSheets.length).toBe(2);
      expect((root.querySelector('.r') as HTMLElement).style.getPropertyValue('--a-primary')).toBe('#0f766e');
      if (format === 'modal') expect(root.querySelector('[role="dialog"][aria-modal="true"]')).toBeTruthy();
    });
  }

  it('renders the trial checklist and follows the locale (RTL for Arabic)', () => {
    const { container } = render(<MessagePreview trial={trial()} locale="ar" />);
    const root = shadow(container);
    expect(root.querySelector('.r')?.getAttribute('dir')).toBe('rtl');
    expect(root.textContent).toContain('الأسبوع 1');
  });

  it('updates when the message changes', () => {
    const { container, rerender } = render(<MessagePreview message={message()} />);
    rerender(
      <MessagePreview message={message({ content: { ...message().content, title: 'Edited title' } })} />,
    );
    expect(shadow(container).textContent).toContain('Edited title');
  });
});
