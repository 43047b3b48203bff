import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { renderTheme } from '../shared/contrast.ts';
import type { Message } from '../shared/decide.ts';
import type { Trial } from '../shared/money.ts';
import type { Theme } from '../shared/workspace.ts';
import { addLocale, i18n } from './i18n.ts';
import { ar, de, enExtra } from './locales.ts';
import { themeVars } from './theme.ts';
import type { Ctrl } from './types.ts';
import { Ui } from './ui/context.ts';
import { EXTRA_CSS } from './ui/extra-styles.ts';
import { PopupView } from './ui/popup.tsx';
import { adoptStyles } from './ui/styles.ts';
import { TrialPanel } from './ui/trial-panel.tsx';

// The console bundles everything: strings that widget-extra.js brings at run time are here from the start.
addLocale('en', enExtra);
addLocale('de', de);
addLocale('ar', ar);

const idle = async () => ({ ok: true as const, value: undefined });
const PREVIEW_CTRL: Ctrl = {
  seen() {},
  act: idle,
  dismiss() {},
  purchase: idle,
  request: idle,
  open() {},
  togglePanel() {},
  seenRequests() {},
};

export interface MessagePreviewProps {
  /** The message as /v1/decide would return it (any format; fixed formats render in flow). */
  message?: Message | undefined;
  /** A trial to show as the checklist panel instead of (or beside) the message. */
  trial?: Trial | undefined;
  /** Workspace theme; `message.theme` still overrides it, as in the live widget. */
  theme?: Partial<Theme> | undefined;
  /** UI-string locale (`en`, `de`, `ar`); defaults to the message's locale. */
  locale?: string | undefined;
}

/**
 * The real widget components in their own shadow root, with the widget's stylesheet and no network:
 * clicks do nothing. For the console's campaign editor.
 *
 * @example
 * <MessagePreview message={draftMessage} theme={workspace.settings.theme} locale="de" />
 */
export function MessagePreview(props: MessagePreviewProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let root = el.shadowRoot;
    if (!root) {
      root = el.attachShadow({ mode: 'open' });
      adoptStyles(root);
      adoptStyles(root, EXTRA_CSS);
    }
    const lang = i18n(props.locale, props.message?.locale);
    render(
      <Ui.Provider value={{ ctrl: PREVIEW_CTRL, i18n: lang, preview: true }}>
        <div
          class="r"
          dir={lang.dir}
          lang={lang.locale}
          style={themeVars(props.theme && renderTheme(props.theme))}
        >
          {props.message && (
            <PopupView key={`${props.message.decisionId}-${props.message.format}`} m={props.message} />
          )}
          {props.trial && <TrialPanel trial={props.trial} open messages={[]} />}
        </div>
      </Ui.Provider>,
      root,
    );
  }, [props.message, props.trial, props.theme, props.locale]);
  useEffect(() => () => host.current?.shadowRoot && render(null, host.current.shadowRoot), []);
  return <div ref={host} data-attach-preview="" />;
}
