import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../server/domain/csv.ts';

describe('toCsv', () => {
  it('writes a header and rows, CRLF-terminated, numbers and booleans as they are', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          [1, 0.25, true],
          [-3, null, undefined],
        ],
      ),
    ).toBe('a,b,c\r\n1,0.25,true\r\n-3,,\r\n');
  });

  it('quotes fields holding a comma, a quote or a line break, doubling quotes', () => {
    expect(toCsv(['name'], [['Acme, Inc.'], ['say "hi"'], ['two\nlines'], ['plain']])).toBe(
      'name\r\n"Acme, Inc."\r\n"say ""hi"""\r\n"two\nlines"\r\nplain\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula, and only text', () => {
    const rows = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\rCR', 'a=b'].map((t) => [t]);
    expect(toCsv(['t'], rows).split('\r\n').slice(1, -1)).toEqual([
      "'=1+1",
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\tTAB",
      `"'\rCR"`,
      'a=b',
    ]);
    expect(toCsv(['t'], [['=HYPERLINK("http://x","y")']])).toBe(`t\r\n"'=HYPERLINK(""http://x"",""y"")"\r\n`);
  });

  it('leaves a cell empty for a number that is not finite', () => {
    expect(toCsv(['n'], [[Number.NaN], [Number.POSITIVE_INFINITY]])).toBe('n\r\n\r\n\r\n');
  });
});
