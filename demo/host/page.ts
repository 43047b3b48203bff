import type { Persona } from '../seed/personas.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/** JSON inside a <script type="application/json"> block: `<` escaped so no `</script>` can close it. */
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export interface PageInput {
  persona: Persona;
  personas: readonly Persona[];
  publishableKey: string;
  userToken: string;
  /** Everything the client renders first (user, account, products, usage); refreshed by polling. */
  boot: Record<string, unknown>;
}

function personaOptions(current: Persona, personas: readonly Persona[]): string {
  return personas
    .map(
      (p) =>
        `<option value="${escapeHtml(p.key)}"${p.key === current.key ? ' selected' : ''}>${escapeHtml(p.label)}</option>`,
    )
    .join('');
}

const dashboardsView = `
<section class="view" data-view="dashboards" aria-labelledby="dashboards-title">
  <div class="view-head">
    <h1 id="dashboards-title">Revenue overview</h1>
    <div class="actions">
      <button type="button" class="button" data-track="dashboard.created">New dashboard</button>
      <button type="button" class="button" data-track="report.exported">Export CSV</button>
      <button type="button" class="button" data-feature="automation" data-owned-track="alert.created">Add alert</button>
      <button type="button" class="button button-accent" id="ai-insights-button" data-feature="ai-insights" data-owned-track="insights.explained">Explain this change</button>
    </div>
  </div>
  <div class="kpis">
    <article class="kpi"><h2>MRR</h2><p class="kpi-value">$412.8k</p><p class="kpi-delta up">+4.2% vs last month</p></article>
    <article class="kpi"><h2>Active users</h2><p class="kpi-value">18,204</p><p class="kpi-delta up">+1.1%</p></article>
    <article class="kpi"><h2>Churned accounts</h2><p class="kpi-value">37</p><p class="kpi-delta down">+9 vs last month</p></article>
  </div>
  <div class="chart" role="img" aria-label="Weekly revenue, trending up">
    <span class="bar b1"></span><span class="bar b2"></span><span class="bar b3"></span><span class="bar b4"></span>
    <span class="bar b5"></span><span class="bar b6"></span><span class="bar b7"></span><span class="bar b8"></span>
  </div>
  <h2 class="section-title">Usage</h2>
  <ul class="meters" id="usage"></ul>
</section>`;

const reportsView = `
<section class="view" data-view="reports" aria-labelledby="reports-title" hidden>
  <div class="view-head"><h1 id="reports-title">Reports</h1></div>
  <table class="table">
    <thead><tr><th scope="col">Report</th><th scope="col">Last run</th><th scope="col">Delivery</th></tr></thead>
    <tbody>
      <tr><td>Weekly revenue</td><td>Today, 08:00</td><td><button type="button" class="link" data-feature="automation" data-owned-track="report.scheduled">Schedule</button></td></tr>
      <tr><td>Pipeline by region</td><td>Yesterday</td><td><button type="button" class="link" data-feature="automation" data-owned-track="report.scheduled">Schedule</button></td></tr>
      <tr><td>Churn cohorts</td><td>3 days ago</td><td><button type="button" class="link" data-track="report.exported">Export CSV</button></td></tr>
    </tbody>
  </table>
</section>`;

const settingsView = `
<section class="view" data-view="settings" aria-labelledby="settings-title" hidden>
  <div class="view-head"><h1 id="settings-title">Settings &amp; billing</h1></div>
  <p class="muted" id="plan-line"></p>
  <div data-attach-slot="billing" class="slot"></div>
  <h2 class="section-title">Add-ons</h2>
  <ul class="addons" id="addons"></ul>
  <h2 class="section-title">Fulfilment log</h2>
  <p class="muted">What this product's backend received from Attach by signed webhook.</p>
  <ul class="log" id="fulfilments"></ul>
</section>`;

/** The demo product's one HTML page: every route renders it and the client shows the matching view. */
export function renderPage(input: PageInput): string {
  const { persona, personas, publishableKey, userToken, boot } = input;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lumen Analytics · Attach demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/assets/demo.css">
<script src="/demo/assets/demo.js" defer></script>
<script src="/widget.js" data-key="${escapeHtml(publishableKey)}" data-user-token="${escapeHtml(userToken)}" async></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="/demo" data-route>◐ Lumen</a>
  <nav class="nav" aria-label="Main">
    <a href="/demo" data-route>Dashboards</a>
    <a href="/demo/reports" data-route>Reports</a>
    <a href="/demo/settings" data-route>Settings &amp; billing</a>
  </nav>
  <div class="switcher">
    <label for="persona">Viewing as</label>
    <select id="persona">${personaOptions(persona, personas)}</select>
    <a class="console-link" href="/console">Attach console →</a>
  </div>
</header>
<aside class="persona-note" id="persona-note" aria-label="About this persona"><strong>${escapeHtml(persona.label)}:</strong> ${escapeHtml(persona.expectation)}</aside>
<div data-attach-slot="top"></div>
<main class="main">${dashboardsView}${reportsView}${settingsView}</main>
<div class="toast" id="toast" role="status" aria-live="polite" hidden></div>
<script type="application/json" id="demo-boot">${safeJson(boot)}</script>
</body>
</html>`;
}
