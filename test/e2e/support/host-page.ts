import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostRoute {
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

export interface HostSite {
  /** `http://127.0.0.1:<port>`: another origin than the Attach server, like a real customer. */
  origin: string;
  /** Adds or replaces a page or script. */
  set(path: string, route: HostRoute): void;
  close(): Promise<void>;
}

/** A stand-in for the customer's web app: static pages with whatever headers (CSP) a test needs. */
export async function startHostSite(): Promise<HostSite> {
  const routes = new Map<string, HostRoute>();
  const server: Server = createServer((req, res) => {
    const route = routes.get((req.url ?? '/').split('?')[0] ?? '/') ?? routes.get('*');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, route) => void routes.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A host page: the one-line install plus the host's own UI and script. `hostScript` is served as
 * /host.js (same origin) so pages work under a CSP without 'unsafe-inline'.
 */
export function hostPage(o: {
  server: string;
  key: string;
  token: string;
  api?: string;
  extraHead?: string;
  body?: string;
  /** More attributes for the widget's script tag, e.g. `data-color-scheme="light"`. */
  scriptAttrs?: string;
}) {
  const api = `${o.api ? ` data-api="${o.api}"` : ''}${o.scriptAttrs ? ` ${o.scriptAttrs}` : ''}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app</title>${o.extraHead ?? ''}
<script src="/host.js"></script>
<script src="${o.server}/widget.js" data-key="${o.key}" data-user-token="${o.token}"${api} async></script>
</head><body><main><h1>Acme dashboard</h1>
<button id="host-button" type="button">Host button</button> <output id="clicks">0</output>
<ul id="events"></ul>${o.body ?? ''}</main></body></html>`;
}

/** The host's own script: a working button, and listeners that log widget events into the page. */
export const HOST_SCRIPT = `
window.hostEvents = [];
document.addEventListener('DOMContentLoaded', function () {
  var n = 0;
  document.getElementById('host-button').addEventListener('click', function () {
    document.getElementById('clicks').textContent = String(++n);
  });
});
['shown', 'clicked', 'dismissed', 'trial_started', 'purchased', 'requested'].forEach(function (name) {
  window.addEventListener('attach:' + name, function (e) {
    window.hostEvents.push({ name: name, detail: e.detail });
    var li = document.createElement('li');
    li.textContent = name;
    var list = document.getElementById('events');
    if (list) list.appendChild(li);
  });
});
`;
