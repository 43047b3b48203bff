import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { QrCode } from '../../console/components/qr-code.tsx';

afterEach(cleanup);

const URI =
  'otpauth://totp/Attach%20(Acme):pm%40acme.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Attach%20(Acme)&algorithm=SHA1&digits=6&period=30';

/** The dark modules the SVG draws, as a size × size matrix read back from its path. */
function drawn(svg: SVGElement) {
  const size = Number(svg.getAttribute('viewBox')?.split(' ')[2]);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y] of svg
    .querySelector('path')
    ?.getAttribute('d')
    ?.matchAll(/M(\d+) (\d+)/g) ?? []) {
    const row = grid[Number(y)];
    if (row) row[Number(x)] = true;
  }
  return grid;
}

describe('QrCode', () => {
  it('draws a QR code of the value with its finder patterns and a quiet zone of four modules', () => {
    render(<QrCode value={URI} label="QR code of the key" />);
    const svg = screen.getByRole('img', { name: 'QR code of the key' }) as unknown as SVGElement;
    const grid = drawn(svg);
    const size = grid.length;
    // A QR symbol is 17 + 4 × version modules wide, here with 4 blank ones on each side.
    expect((size - 8 - 17) % 4).toBe(0);
    const blank = (cells: boolean[]) => cells.every((dark) => !dark);
    for (const i of [0, 1, 2, 3, size - 4, size - 1]) {
      expect(blank(grid[i] ?? [])).toBe(true);
      expect(blank(grid.map((row) => row[i] ?? true))).toBe(true);
    }
    // The three finder patterns: a dark 7 × 7 ring around a 3 × 3 dark core, at three corners.
    const finderAt = (top: number, left: number) =>
      Array.from({ length: 7 }, (_, y) =>
        Array.from({ length: 7 }, (_, x) => (grid[top + y]?.[left + x] ? '#' : '.')).join(''),
      );
    const finder = ['#######', '#.....#', '#.###.#', '#.###.#', '#.###.#', '#.....#', '#######'];
    expect(finderAt(4, 4)).toEqual(finder);
    expect(finderAt(4, size - 11)).toEqual(finder);
    expect(finderAt(size - 11, 4)).toEqual(finder);
    // Data, not just the fixed patterns: another value draws another code.
    render(<QrCode value={URI.replace('JBSW', 'KRUG')} label="Another" />);
    const other = drawn(screen.getByRole('img', { name: 'Another' }) as unknown as SVGElement);
    expect(other).not.toEqual(grid);
  });
});
