import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useUi } from './context.ts';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** The focused element, looking into shadow roots (the document only sees their host). */
export function deepActive(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/**
 * Back to the control that opened the dialog. A callout is not drawn while a dialog is open, so
 * its button comes back as a new element: the one with the same text in the same root.
 */
function refocus(previous: HTMLElement | null) {
  if (!previous) return;
  const root = previous.getRootNode() as Document | ShadowRoot;
  const label = previous.textContent;
  setTimeout(() => {
    if (previous.isConnected) return previous.focus();
    Array.from(root.querySelectorAll<HTMLElement>('button'))
      .find((b) => b.textContent === label)
      ?.focus();
  });
}

/**
 * A modal dialog: role=dialog + aria-modal, focus moves in on open and back to the opener on close,
 * Tab and Shift+Tab cycle inside, Escape closes. Keys are read on the document, so they still work
 * after a click on the backdrop or a button turning disabled left focus on the page; a render that
 * left focus nowhere in the dialog (busy → done) puts it on the dialog's primary button.
 */
export function Dialog(props: { labelledBy: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  const close = useRef(props.onClose);
  close.current = props.onClose;
  const { preview } = useUi();

  useEffect(() => {
    if (preview) return;
    const previous = deepActive();
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const dialog = ref.current;
      if (!dialog) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab') {
        const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
        const active = (dialog.getRootNode() as ShadowRoot).activeElement;
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) return;
        const outside = !active || !dialog.contains(active);
        if (outside || (e.shiftKey && (active === first || active === dialog))) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        } else if (!e.shiftKey && active === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    // Capture: a host page's own Escape or Tab handling must not act behind a modal.
    document.addEventListener('keydown', onKey, true);
    // A click on the backdrop keeps focus where it was instead of dropping it on the page.
    ref.current?.parentElement?.addEventListener('mousedown', (e) => {
      if (e.target === e.currentTarget) e.preventDefault();
    });
    return () => {
      document.removeEventListener('keydown', onKey, true);
      refocus(previous);
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (preview || !dialog) return;
    if (!opened.current) {
      opened.current = true;
      return;
    }
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    if (active && active !== dialog && dialog.contains(active)) return;
    (dialog.querySelector<HTMLElement>('button.p:not([disabled])') ?? dialog).focus();
  });

  return (
    <div class={preview ? '' : 'bd'}>
      <div
        ref={ref}
        class="c dlg"
        role="dialog"
        aria-modal="true"
        aria-labelledby={props.labelledBy}
        tabIndex={-1}
      >
        {props.children}
      </div>
    </div>
  );
}
