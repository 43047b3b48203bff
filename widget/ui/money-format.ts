/** Formats minor units in the offer's currency, with the currency's own number of decimals. */
export function money(amount: number, currency: string, locale: string): string {
  try {
    const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    return f.format(amount / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency}`;
  }
}

export function day(iso: string, locale: string): string {
  try {
    return new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium' });
  } catch {
    return iso.slice(0, 10);
  }
}
