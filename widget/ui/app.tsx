import type { ComponentChildren } from 'preact';
import type { Message } from '../../shared/decide.ts';
import { themeVars } from '../theme.ts';
import type { Ctrl, View } from '../types.ts';
import { MessageView } from './message.tsx';

const POPUPS = ['callout', 'modal', 'tooltip'];

const firstPopup = (view: View) => view.messages.find((m) => POPUPS.includes(m.format));
/** One popup at a time (politeness), none while a dialog is open. Modal and tooltip: widget-extra.js. */
export const popupOf = (view: View) => (view.dialog ? undefined : firstPopup(view));

/**
 * The overlay: a banner and a callout. A banner docks in the slot its placement names (mount.tsx);
 * if the page dropped that slot since the decision (an SPA re-render), it covers the top instead of
 * going unseen after it was served.
 */
export function Overlay({ view, ctrl, slots }: { view: View; ctrl: Ctrl; slots: (string | null)[] }) {
  const banner = view.messages.find((m) => m.format === 'banner' && !slots.includes(m.placement));
  // A callout stays under a dialog it opened: its button is where focus returns when that closes.
  const popup = firstPopup(view);
  const ui = { ctrl, i18n: view.i18n };
  return (
    <Layer view={view}>
      {banner && <MessageView key={banner.decisionId} m={banner} ui={ui} />}
      {popup?.format === 'callout' && <MessageView key={popup.decisionId} m={popup} ui={ui} />}
    </Layer>
  );
}

/** An inline slot or inbox container: every message addressed to it, in flow. */
export function InPlace({ view, ctrl, messages }: { view: View; ctrl: Ctrl; messages: Message[] }) {
  return (
    <Layer view={view}>
      {messages.map((m) => (
        <MessageView key={m.decisionId} m={m} ui={{ ctrl, i18n: view.i18n }} />
      ))}
    </Layer>
  );
}

/**
 * Theme variables, direction and language for one rendered layer. widget.js's own components take
 * the controller and strings as props, so it ships no context code; widget-extra.js provides them
 * as context around its layer (context.ts).
 */
export function Layer({ view, children }: { view: View; children: ComponentChildren }) {
  return (
    <div
      class={view.scheme ? `r ${view.scheme[0]}` : 'r'}
      dir={view.i18n.dir}
      lang={view.i18n.locale}
      style={themeVars(view.theme)}
    >
      {children}
    </div>
  );
}
