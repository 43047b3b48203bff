/** Styles of dialogs, tooltips and the trial panel; added to the shadow root by widget-extra.js. */
export const EXTRA_CSS = `
.tip{max-width:min(300px,calc(100vw - 24px))}
.bd{position:fixed;inset:0;background:#0009;z-index:2147483000;display:grid;place-items:center;padding:12px}
.dlg{width:min(440px,100%);max-width:none;max-height:calc(100vh - 24px);overflow:auto}
.price{font-size:22px;font-weight:700}
.ok{display:block;font-weight:600;padding:8px 0}
.panel{inset-block-end:16px;inset-inline-start:16px;width:min(340px,calc(100vw - 24px))}
.pill{border-radius:999px}
@media (max-width:480px){.panel{inset-block:12px auto}}
.bar{height:6px;border-radius:3px;background:var(--a-line);margin:8px 0;overflow:hidden}
.bar i{display:block;height:100%;background:var(--a-primary)}
.step{display:flex;gap:8px;align-items:baseline}
.done{text-decoration:line-through;color:var(--a-muted)}
h3{font-weight:650;font-size:13px;margin-block:8px 4px}
.warn{border-inline-start:4px solid var(--a-primary);padding-inline-start:8px;margin-block:8px}
`;
