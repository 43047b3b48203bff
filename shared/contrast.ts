import type { RenderTheme, ThemeOverride } from './workspace.ts';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

// Decide renders the workspace's theme on every call and a campaign's on every message it serves;
// both objects live in caches (workspace settings, campaign config), so each is worked out once.
const rendered = new WeakMap<ThemeOverride, RenderTheme>();

/** Adds the text colour that reads on the theme's primary colour, if it sets one. */
export function renderTheme(theme: ThemeOverride): RenderTheme {
  const { primaryColor } = theme;
  if (!primaryColor) return theme;
  let done = rendered.get(theme);
  if (!done) {
    const onPrimaryColor =
      contrast(primaryColor, '#ffffff') >= contrast(primaryColor, '#000000') ? '#ffffff' : '#000000';
    done = { ...theme, onPrimaryColor };
    rendered.set(theme, done);
  }
  return done;
}
