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

/** Always provided by a layer (`Layer`) or the preview. */
export const Ui = createContext<UiContext>(undefined as unknown as UiContext);
export const useUi = () => useContext(Ui);
