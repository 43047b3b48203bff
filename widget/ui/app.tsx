import type { ComponentChildren } from 'preact';
import type { Message } from '../../shared/decide.ts';
import { themeVars } from '../theme.ts';
import type { Ctrl, View } from '../types.ts';
import { Ui } from './context.ts';
import { MessageView } from './message.tsx';

const POPUPS = ['callout', 'modal', 'tooltip'];

/** One popup at a time (politeness), none while a dialog is open. Modal and tooltip: widget-extra.js. */
export const popupOf = (view: View) =>
  view.dialog ? undefined : view.messages.find((m) => POPUPS.includes(m.format));

/**
 * The overlay: a banner and a callout. A banner docks in the slot its placement names (mount.tsx);
 * if the page dropped that slot since the decision (an SPA re-render), it covers the top instead of
 * going unseen after it was served.
 */
export function Overlay({ view, ctrl, slots }: { view: View; ctrl: Ctrl; slots: (string | null)[] }) {
  const banner = view.messages.find((m) => m.format === 'banner' && !slots.includes(m.placement));
  const popup = popupOf(view);
  return (
    <Layer view={view} ctrl={ctrl}>
      {banner && <MessageView key={banner.decisionId} m={banner} />}
      {popup?.format === 'callout' && <MessageView key={popup.decisionId} m={popup} />}
    </Layer>
  );
}

/** An inline slot or inbox container: every message addressed to it, in flow. */
export function InPlace({ view, ctrl, messages }: { view: View; ctrl: Ctrl; messages: Message[] }) {
  return (
    <Layer view={view} ctrl={ctrl}>
      {messages.map((m) => (
        <MessageView key={m.decisionId} m={m} />
      ))}
    </Layer>
  );
}

/** Context, theme variables, direction and language for one rendered layer. */
export function Layer({ view, ctrl, children }: { view: View; ctrl: Ctrl; children: ComponentChildren }) {
  return (
    <Ui.Provider value={{ ctrl, i18n: view.i18n }}>
      <div class="r" dir={view.i18n.dir} lang={view.i18n.locale} style={themeVars(view.theme)}>
        {children}
      </div>
    </Ui.Provider>
  );
}
