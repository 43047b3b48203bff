const percentFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export const pct = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : percentFormat.format(value);
export const num = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : numberFormat.format(value);

const pointFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const signed = (value: number) => `${value < 0 ? '−' : ''}${pointFormat.format(Math.abs(value) * 100)}`;

/** A difference of two rates in percentage points, e.g. 0.145 → "+14.5 pts" (not a relative 14.5 %). */
export const points = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : `${value > 0 ? '+' : ''}${signed(value)} pts`;

/** An interval of rate differences: "−7.6 to 15.4 pts". */
export const pointRange = (low: number, high: number) => `${signed(low)} to ${signed(high)} pts`;

/** A typical range of rate differences, as benchmarks quote it: 0.2, 0.4 → "+20–40 pts". */
export const pointSpan = (low: number, high: number) =>
  `${low > 0 ? '+' : ''}${signed(low)}–${signed(high)} pts`;

/** Minor units to a currency string, e.g. 4900 USD → $49.00. */
export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency}`;
  }
}

/** Short money for chart axes: $4K, $1.2M (minor units in). */
export function compactMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, notation: 'compact' }).format(
      amount / 100,
    );
  } catch {
    return `${Math.round(amount / 100)} ${currency}`;
  }
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A day, for figures that are only accurate to a day ("last seen 6 Dec 2026"). */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { dateStyle: 'medium' });
}

/** `<input type="datetime-local">` speaks local time without a zone; the API speaks ISO UTC. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A recorded value in full: strings quoted, lists and objects as JSON, nothing as "—". */
export const valueText = (value: unknown): string =>
  value === undefined || value === null
    ? '—'
    : typeof value === 'string'
      ? `“${value}”`
      : JSON.stringify(value);

/** A recorded value as a short line (a change's before and after): `valueText` cut at 80 characters. */
export function shortValue(value: unknown): string {
  const text = valueText(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export const humanize = (code: string) => code.replaceAll('_', ' ').replace(/^\w/, (c) => c.toUpperCase());
