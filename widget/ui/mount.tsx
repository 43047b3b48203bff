import { render } from 'preact';
import type { Ctrl, View } from '../types.ts';
import { InPlace, Overlay } from './app.tsx';
import { adoptStyles } from './styles.ts';

const ROOT = Symbol.for('attach.root');
type Layers = [main: Element, extra: Element];
type Hosted = Element & { [ROOT]?: Layers };

/**
 * Two render containers in a shadow root in a child of `parent` (a child, so a host element that
 * has its own shadow root keeps working). Created again if the host removed it.
 */
function shadowIn(parent: Element, tag: string): Layers {
  const hosted = parent as Hosted;
  let layers = hosted[ROOT];
  if (!layers?.[0].isConnected) {
    const host = document.createElement(tag);
    parent.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root);
    layers = [document.createElement('div'), document.createElement('div')];
    root.append(...layers);
    hosted[ROOT] = layers;
  }
  return layers;
}

const ATTRIBUTES = ['data-attach-slot', 'data-attach-inbox'];
const CONTAINERS = ATTRIBUTES.map((a) => `[${a}]`).join();
/** What the slot observer watches: the tree, and the two attributes that make an element a container. */
export const WATCH: MutationObserverInit = { childList: true, subtree: true, attributeFilter: ATTRIBUTES };
/**
 * Whether a DOM change added, removed or (re)named a slot or inbox (a busy host page changes the DOM
 * all the time; only those changes cost a look at the whole document).
 */
export const containersMoved = (records: MutationRecord[]) =>
  records.some(
    (r) =>
      r.type === 'attributes' ||
      [...r.addedNodes, ...r.removedNodes].some(
        (n) => n instanceof Element && (n.matches(CONTAINERS) || !!n.querySelector(CONTAINERS)),
      ),
  );

export type ExtraPainter = (el: Element, view: View, ctrl: Ctrl) => void;

/**
 * Renders the view into the page: overlay surfaces in one shadow root appended to <body> (its second
 * element belongs to widget-extra.js), inline messages (and banners placed there) into
 * `[data-attach-slot="name"]`, inbox cards into `[data-attach-inbox]`. Re-attaches if an SPA
 * replaced the body content.
 */
export function paint(view: View, ctrl: Ctrl, extra?: ExtraPainter): void {
  if (!document.body) return;
  const [main, layer] = shadowIn(document.body, 'attach-root');
  const containers = document.querySelectorAll(CONTAINERS);
  const slots = Array.from(containers, (el) => el.getAttribute('data-attach-slot'));
  render(<Overlay view={view} ctrl={ctrl} slots={slots} />, main);
  extra?.(layer, view, ctrl);
  for (const el of containers) {
    const slot = el.getAttribute('data-attach-slot');
    // A banner placed in a slot docks there, in flow, instead of covering the page's top.
    const messages = view.messages.filter((m) =>
      slot ? (m.format === 'inline' || m.format === 'banner') && m.placement === slot : m.format === 'inbox',
    );
    if (messages.length || (el as Hosted)[ROOT]) {
      render(<InPlace view={view} ctrl={ctrl} messages={messages} />, shadowIn(el, 'attach-slot')[0]);
    }
  }
}
