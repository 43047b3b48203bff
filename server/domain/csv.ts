/**
 * CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted, quotes
 * doubled, lines end in CRLF. Text that a spreadsheet would run as a formula (starting with = + - @,
 * a tab or a carriage return) is prefixed with an apostrophe: campaign names are typed by users, and
 * an export must never execute what one of them typed (OWASP "CSV injection"). Numbers are written
 * as numbers, a negative one included.
 *
 *   toCsv(['name', 'n'], [['=HYPERLINK("x")', -1]]) === 'name,n\r\n"\'=HYPERLINK(""x"")",-1\r\n'
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

/** Money for a spreadsheet: minor units (cents) as a decimal in major units, "1200.00". */
export const moneyCell = (minor: number) => (minor / 100).toFixed(2);
