/**
 * Template variables in campaign copy, filled on the server from the account (never the client).
 *
 *   parseTemplate(text)            → Template (the text split at its variables; parse once, render often)
 *   renderTemplate(template, data) → { text, unresolved }   plain text; unknown / missing → '' and reported
 *   unknownVariables(text)         → names no account could ever fill (for validating copy on save)
 *   formatMoney(minor, currency, locale)                → "$1,234.50" (Intl, falls back to "12.34 USD")
 *
 * Variables (`{{ name }}`, spaces allowed):
 *   account.name  account.seats  account.plan  account.segment  account.industry  account.attributes.<x>
 *   user.role  user.attributes.<x>
 *   usage.<metric>.value  usage.<metric>.limit  usage.<metric>.percent   (percent rounded, no % sign)
 *   product.name  product.description
 *   offer.price (first period, formatted)  offer.listPrice  offer.annualPrice  offer.interval
 *   offer.expiresAt (a date in the locale)
 *   roi.hoursPerWeek (one decimal)  roi.hoursPerYear (whole hours)  roi.valuePerYear (formatted money)
 * The roi.* variables are computed from the campaign's ROI model × the account's seats (× 52 weeks;
 * × the hourly rate for the value); no model, no rate or no seats is no value.
 * Numbers are formatted for the locale. `account.name` falls back to the attribute `name` when the
 * account has no display name. A blank string is no value: it would leave the same hole in the
 * sentence as a missing one. There is no fallback syntax: `{{account.name | there}}` is not a
 * variable, so unknownVariables refuses it rather than letting it reach users as literal text.
 * The output is plain text: the widget renders it as text.
 */
import type { RoiModel } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { resolveField } from './filters.ts';
import type { AccountState } from './types.ts';

export interface TemplateData {
  state: AccountState;
  locale: string;
  product?: { name: string; description: string } | undefined;
  offer?: PricedOffer | undefined;
  roi?: RoiModel | undefined;
}

/** `literals[i]` comes before `variables[i]`; the last literal ends the text. */
export interface Template {
  literals: readonly string[];
  variables: readonly string[];
}

export interface Rendered {
  text: string;
  /** Variables that were unknown or had no value, each once, in order of appearance. */
  unresolved: string[];
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
/** Anything written as a placeholder, well-formed or not (for validation only). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

// Building Intl formatters costs ~100× formatting with one; decide prices every campaign per call,
// so canonical locales and currency formatters are memoised (bounded: locales and currencies are few).
const MEMO_LIMIT = 500;
const canonical = new Map<string, string>();
const moneyFormats = new Map<string, Intl.NumberFormat | null>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function safeLocale(locale: string): string {
  let hit = canonical.get(locale);
  if (hit === undefined) {
    try {
      hit = Intl.getCanonicalLocales(locale)[0] ?? 'en';
    } catch {
      hit = 'en';
    }
    if (canonical.size >= MEMO_LIMIT) canonical.clear();
    canonical.set(locale, hit);
  }
  return hit;
}

function moneyFormat(locale: string, currency: string): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(safeLocale(locale), { style: 'currency', currency });
    } catch {
      format = null;
    }
    if (moneyFormats.size >= MEMO_LIMIT) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  return format;
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  return moneyFormat(locale, currency)?.format(minor / 100) ?? `${(minor / 100).toFixed(2)} ${currency}`;
}

/** `toLocaleDateString` with options builds a formatter per call (~85 µs measured); this reuses one. */
function dateFormat(locale: string): Intl.DateTimeFormat {
  const key = safeLocale(locale);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(key, { dateStyle: 'medium' });
    if (dateFormats.size >= MEMO_LIMIT) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

function formatValue(value: unknown, locale: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? value.toLocaleString(safeLocale(locale)) : undefined;
  if (value instanceof Date) return dateFormat(locale).format(value);
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function usageValue(path: readonly string[], data: TemplateData): unknown {
  // Metric names may contain dots (`api.calls`): the last segment is the part, the rest the metric.
  const part = path.at(-1);
  const usage = path.length >= 2 ? data.state.usage[path.slice(0, -1).join('.')] : undefined;
  if (!usage) return undefined;
  if (part === 'value') return usage.value;
  if (part === 'limit') return usage.limit;
  if (part === 'percent' && usage.limit !== null && usage.limit > 0)
    return Math.round((usage.value / usage.limit) * 100);
  return undefined;
}

function offerValue(part: string | undefined, data: TemplateData): string | undefined {
  const o = data.offer;
  if (!o) return undefined;
  switch (part) {
    case 'price':
      return formatMoney(o.amount, o.currency, data.locale);
    case 'listPrice':
      return formatMoney(o.listAmount, o.currency, data.locale);
    case 'annualPrice':
      return o.annual && formatMoney(o.annual.amount, o.currency, data.locale);
    case 'interval':
      return o.interval;
    case 'expiresAt':
      return o.expiresAt && formatValue(new Date(o.expiresAt), data.locale);
    default:
      return undefined;
  }
}

const WEEKS_PER_YEAR = 52;

function roiValue(part: string | undefined, data: TemplateData): string | undefined {
  const { roi } = data;
  const seats = data.state.account.seats;
  // An account with no seats saves nothing: "0 hours" would be a pitch against the product.
  if (!roi || !(seats > 0)) return undefined;
  const perWeek = roi.hoursSavedPerSeatPerWeek * seats;
  switch (part) {
    case 'hoursPerWeek':
      return formatValue(Math.round(perWeek * 10) / 10, data.locale);
    case 'hoursPerYear':
      return formatValue(Math.round(perWeek * WEEKS_PER_YEAR), data.locale);
    case 'valuePerYear': {
      const rate = roi.hourlyRate;
      if (!rate) return undefined;
      return formatMoney(Math.round(perWeek * WEEKS_PER_YEAR * rate.amount), rate.currency, data.locale);
    }
    default:
      return undefined;
  }
}

function lookup(name: string, data: TemplateData): string | undefined {
  const [scope, head, ...rest] = name.split('.');
  if (head === undefined) return undefined;
  switch (scope) {
    case 'account':
      if (head === 'name')
        return formatValue(data.state.account.name || data.state.account.attributes.name, data.locale);
      return formatValue(resolveField(name, data.state), data.locale);
    case 'user':
      return formatValue(resolveField(name, data.state), data.locale);
    case 'usage':
      return formatValue(usageValue([head, ...rest], data), data.locale);
    case 'product':
      if (rest.length > 0 || !data.product || (head !== 'name' && head !== 'description')) return undefined;
      return formatValue(data.product[head], data.locale);
    case 'offer':
      return rest.length > 0 ? undefined : offerValue(head, data);
    case 'roi':
      return rest.length > 0 ? undefined : roiValue(head, data);
    default:
      return undefined;
  }
}

const KNOWN = [
  /^account\.[A-Za-z0-9_.-]+$/,
  /^user\.[A-Za-z0-9_.-]+$/,
  /^usage\.[A-Za-z0-9_.:-]+\.(value|limit|percent)$/,
  /^product\.(name|description)$/,
  /^offer\.(price|listPrice|annualPrice|interval|expiresAt)$/,
  /^roi\.(hoursPerWeek|hoursPerYear|valuePerYear)$/,
];

/** Names that are not variables at all (`{{ }}`, `{{a | b}}`) are listed too, trimmed. */
export function unknownVariables(text: string): string[] {
  const unknown: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? '').trim();
    if (!KNOWN.some((re) => re.test(name)) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

export function parseTemplate(text: string): Template {
  const literals: string[] = [];
  const variables: string[] = [];
  let from = 0;
  for (const match of text.matchAll(VARIABLE)) {
    literals.push(text.slice(from, match.index));
    variables.push(match[1] ?? '');
    from = match.index + match[0].length;
  }
  literals.push(text.slice(from));
  return { literals, variables };
}

export function renderTemplate(template: Template, data: TemplateData): Rendered {
  const unresolved: string[] = [];
  let text = template.literals[0] ?? '';
  template.variables.forEach((name, i) => {
    const value = lookup(name, data);
    if (value === undefined && !unresolved.includes(name)) unresolved.push(name);
    text += (value ?? '') + (template.literals[i + 1] ?? '');
  });
  return { text, unresolved };
}
