import type { ExtraStrings } from './locales.ts';

/** UI strings (campaign copy comes localised from the server). `{n}`-style slots are filled by `t`. */
const en = {
  close: 'Close',
  later: 'Not now',
  buyNow: 'Buy now',
  askTitle: 'Ask your admin',
  contactTitle: 'Talk to us',
  failed: 'Something went wrong. Please try again.',
  preview: 'Preview',
};
/** Core strings ship in widget.js; the rest (dialogs, trial panel) in widget-extra.js. */
export type Strings = typeof en & ExtraStrings;

const LOCALES: Record<string, Partial<Strings>> = { en };
/** Locales whose strings live in widget-extra.js (fetched on demand to keep widget.js small). */
export const EXTRA_LOCALES = ['de', 'ar'];

export function addLocale(locale: string, strings: Partial<Strings>): void {
  LOCALES[locale] = { ...LOCALES[locale], ...strings };
}
const RTL = ['ar', 'he', 'fa', 'ur'];
/** The writing direction of a locale's script. */
export const dirOf = (locale: string) => (RTL.includes(lang(locale)) ? 'rtl' : 'ltr');

export interface I18n {
  locale: string;
  dir: 'ltr' | 'rtl';
  t(key: keyof Strings, vars?: Record<string, string | number>): string;
}

/** Picks the first loaded of the candidates (token locale, message locale, browser) else English. */
export function i18n(...candidates: Array<string | undefined>): I18n {
  const locale = candidates.find((c) => c && LOCALES[lang(c)]) ?? 'en';
  const strings: Partial<Strings> = LOCALES[lang(locale)] ?? {};
  const fallback: Partial<Strings> = LOCALES.en ?? en;
  return {
    locale,
    dir: dirOf(locale),
    t: (key, vars = {}) =>
      (strings[key] ?? fallback[key] ?? key).replace(/\{(\w)\}/g, (_: string, k: string) =>
        String(vars[k] ?? ''),
      ),
  };
}

export const lang = (locale: string) => locale.slice(0, 2).toLowerCase();
