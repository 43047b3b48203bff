/**
 * The widget's only CSS, adopted by each shadow root (constructable stylesheet: allowed by a strict
 * CSP). `:host{all:initial!important}` stops the host's inherited styles at the boundary: the
 * page's rules reach the shadow host element itself (`* {white-space:nowrap}`) and outrank a normal
 * :host rule, but not an important one. Nothing here can reach the host page. Colours meet 4.5:1 in
 * light and dark.
 */
/**
 * The dark palette: the OS's choice (`prefers-color-scheme`) unless the host set its own scheme
 * (`colorScheme`: class `l` forces light, `d` dark), so a light app on a dark OS gets light prompts.
 */
const DARK =
  '--a-fg:#eef0f5;--a-muted:#c3c7d2;--a-bg:#1d2130;--a-line:#3a4052;--a-primary:#a5b4fc;--a-on-primary:#111;--a-ring:#a5b4fc;--a-err:#fda29b';

export const CSS = `
:host{all:initial!important}
.r{--a-primary:#4f46e5;--a-on-primary:#fff;--a-fg:#1f2330;--a-muted:#4b5163;--a-bg:#fff;--a-line:#d6d9e0;--a-radius:10px;--a-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font:14px/1.45 var(--a-font);color:var(--a-fg);overflow-wrap:anywhere}
*{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.c{background:var(--a-bg);color:var(--a-fg);border:1px solid var(--a-line);border-radius:var(--a-radius);box-shadow:0 8px 28px #0003;padding:16px;position:relative;max-width:min(380px,calc(100vw - 24px))}
.fx{position:fixed;z-index:2147483000;max-height:calc(100% - 32px);overflow:auto}
.callout{inset-block-end:16px;inset-inline-end:16px}
.banner{inset:0 0 auto;max-width:none;border-radius:0;display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 16px;padding-inline-end:48px}
.banner .b{flex:1 1 240px}
@media (min-width:481px){.callout[class*=top]{inset-block:16px auto}.callout[class*=left]{inset-inline:16px auto}}.banner.bottom{inset:auto 0 0}
.inline,.inbox,:host(attach-slot) .fx{position:relative;z-index:auto;max-width:none;max-height:none;box-shadow:none}
h2{font-weight:650;font-size:16px;margin-block-end:6px;padding-inline-end:28px}
p,ul,ol{margin-block-end:8px}
ul,ol{padding-inline-start:20px}
strong{font-weight:700}em{font-style:italic}
a{color:inherit;text-decoration:underline}
img{display:block;max-width:100%;border-radius:calc(var(--a-radius) - 4px);margin-block-end:8px}
.roi,.m{color:var(--a-muted);font-size:13px}
.act{display:flex;gap:8px;flex-wrap:wrap;margin-block-start:12px;align-items:center}
button{cursor:pointer;border-radius:calc(var(--a-radius) - 2px);border:1px solid var(--a-line);background:var(--a-bg);color:var(--a-fg);padding:8px 14px;font-weight:600;min-height:36px}
button.p{background:var(--a-primary);border-color:var(--a-primary);color:var(--a-on-primary)}
button.t{border:0;background:none;padding:6px 8px;text-decoration:underline;font-weight:500;color:var(--a-muted)}
button.x{position:absolute;inset-block-start:8px;inset-inline-end:8px;border:0;background:none;min-height:0;padding:4px 8px;font-size:18px;line-height:1}
button:disabled{opacity:.6;cursor:default}
:focus-visible{outline:3px solid var(--a-ring,var(--a-primary));outline-offset:2px}
.err{color:var(--a-err,#b42318);font-weight:600}
@media (prefers-color-scheme:dark){.r:not(.l){${DARK}}}
.r.d{${DARK}}
@media (prefers-reduced-motion:no-preference){.c{animation:in .2s ease-out}@keyframes in{from{opacity:0;transform:translateY(6px)}}}
@media (max-width:480px){.callout,.panel{inset-inline:12px;max-width:none;width:auto}}
`;

/**
 * Adds a stylesheet to a shadow root (a constructed sheet passes a strict CSP's style-src); where
 * constructable stylesheets are missing (Safari < 16.4: the constructor throws) a <style> element.
 */
export function adoptStyles(root: ShadowRoot, css = CSS): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.prepend(style);
  }
}
