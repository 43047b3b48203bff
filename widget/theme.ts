import type { Theme } from '../shared/workspace.ts';

type Vars = Record<string, string>;

/**
 * Theme → CSS custom properties, set as object styles (style.setProperty: allowed under a strict
 * CSP, unlike style strings). Text on the primary colour is white or near-black, whichever reaches
 * the higher contrast, so buttons keep ≥ 4.5:1 whatever brand colour a workspace picks.
 */
export function themeVars(theme: Partial<Theme> | undefined): Vars {
  const vars: Vars = {};
  if (!theme) return vars;
  if (theme.primaryColor) {
    vars['--a-primary'] = theme.primaryColor;
    vars['--a-on-primary'] =
      contrast(theme.primaryColor, '#ffffff') >= contrast(theme.primaryColor, '#111111')
        ? '#ffffff'
        : '#111111';
  }
  if (theme.textColor) vars['--a-fg'] = theme.textColor;
  if (theme.backgroundColor) vars['--a-bg'] = theme.backgroundColor;
  if (theme.radius !== undefined) vars['--a-radius'] = `${theme.radius}px`;
  if (theme.fontFamily) vars['--a-font'] = theme.fontFamily;
  return vars;
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
