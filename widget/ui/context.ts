import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { I18n } from '../i18n.ts';
import type { Ctrl } from '../types.ts';

export interface UiContext {
  ctrl: Ctrl;
  i18n: I18n;
  /** In the console preview everything renders in flow instead of fixed to the viewport. */
  preview?: boolean;
}

/** Provided around widget-extra.js's layer (extra.tsx) and the console preview; widget.js's own
 * components (message.tsx) take it as a prop instead, so widget.js ships no context code. */
export const Ui = createContext<UiContext>(undefined as unknown as UiContext);
export const useUi = () => useContext(Ui);
