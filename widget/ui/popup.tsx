import { useEffect, useRef } from 'preact/hooks';
import type { Message } from '../../shared/decide.ts';
import { themeVars } from '../theme.ts';
import { useUi } from './context.ts';
import { Dialog } from './dialog.tsx';
import { type Box, useAnchor, useSeen } from './hooks.ts';
import { Content, MessageView } from './message.tsx';
import { useQuietMoment } from './quiet-moment.ts';

/** Modal and tooltip messages (in widget-extra.js): a focus-trapped dialog, or anchored to the host. */
export function PopupView({ m }: { m: Message }) {
  const ui = useUi();
  if (m.format === 'modal') return <Modal m={m} />;
  if (m.format === 'tooltip' && !ui.preview) return <Tooltip m={m} />;
  return <MessageView m={m} ui={ui} />;
}

/** Not while the person is typing on the page: the dialog would take their focus mid-word. */
function Modal({ m }: { m: Message }) {
  const ui = useUi();
  return useQuietMoment(!ui.preview) ? <ShownModal m={m} /> : null;
}

function ShownModal({ m }: { m: Message }) {
  const ui = useUi();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = `a-${m.decisionId}`;
  useSeen(ref, () => ui.ctrl.seen(m));
  return (
    <div ref={ref} style={themeVars(m.theme)}>
      <Dialog labelledBy={titleId} onClose={() => ui.ctrl.dismiss(m)}>
        <Content m={m} titleId={titleId} ui={ui} />
      </Dialog>
    </div>
  );
}

/** Anchored to a host element: follows it, waits for it, hides while it is gone. */
function Tooltip({ m }: { m: Message }) {
  const box = useAnchor(m.anchor);
  return box ? <Placed m={m} box={box} /> : null;
}

function Placed({ m, box }: { m: Message; box: Box }) {
  const ui = useUi();
  const ref = useRef<HTMLElement>(null);
  const titleId = `a-${m.decisionId}`;
  useSeen(ref, () => ui.ctrl.seen(m));
  useDescribedAnchor(m.anchor, m.content.title);
  const gap = 8;
  const left = Math.max(gap, Math.min(box.left, innerWidth - 300 - gap));
  // Left and right are the reading direction's start and end, as for callout corners.
  const flip: Record<string, string> = { left: 'right', right: 'left' };
  const pos = (ui.i18n.dir === 'rtl' && flip[m.position ?? '']) || (m.position ?? 'bottom');
  const place: Record<string, string> = pos.startsWith('top')
    ? { bottom: `${innerHeight - box.top + gap}px`, left: `${left}px` }
    : pos === 'left'
      ? { top: `${box.top}px`, right: `${innerWidth - box.left + gap}px` }
      : pos === 'right'
        ? { top: `${box.top}px`, left: `${box.right + gap}px` }
        : { top: `${box.bottom + gap}px`, left: `${left}px` };
  return (
    <section
      ref={ref}
      class="c fx tip"
      style={{ ...themeVars(m.theme), ...place }}
      aria-labelledby={titleId}
      aria-live="polite"
    >
      <Content m={m} titleId={titleId} ui={ui} />
    </section>
  );
}

/**
 * Names the tip on its anchor for assistive technology while it shows: an ARIA reference cannot
 * point into the shadow root, so the anchor gets `aria-description` (unless the host gave it one),
 * taken off again when the tip goes. Placed mounts anew for an anchor that came back.
 */
function useDescribedAnchor(selector: string | undefined, title: string) {
  useEffect(() => {
    let anchor: Element | null = null;
    try {
      anchor = selector ? document.querySelector(selector) : null;
    } catch {
      // an invalid selector never placed the tip
    }
    if (!anchor || anchor.hasAttribute('aria-description')) return;
    const described = anchor;
    described.setAttribute('aria-description', title);
    return () => {
      if (described.getAttribute('aria-description') === title) described.removeAttribute('aria-description');
    };
  }, [selector, title]);
}
