import type { RenderTheme } from '../shared/workspace.ts';

type Vars = Record<string, string>;

/**
 * Theme → CSS custom properties, set as object styles (style.setProperty: allowed under a strict
 * CSP, unlike style strings). The text colour on the primary colour comes worked out by the server
 * (shared/contrast.ts), so buttons keep ≥ 4.5:1 whatever brand colour a workspace picks.
 */
export function themeVars(theme: RenderTheme | undefined): Vars {
  const vars: Vars = {};
  if (!theme) return vars;
  if (theme.primaryColor) vars['--a-primary'] = theme.primaryColor;
  if (theme.onPrimaryColor) vars['--a-on-primary'] = theme.onPrimaryColor;
  if (theme.textColor) vars['--a-fg'] = theme.textColor;
  if (theme.backgroundColor) vars['--a-bg'] = theme.backgroundColor;
  if (theme.radius !== undefined) vars['--a-radius'] = `${theme.radius}px`;
  if (theme.fontFamily) vars['--a-font'] = theme.fontFamily;
  return vars;
}
