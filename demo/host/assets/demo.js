// The demo product's client: SPA navigation, the persona switcher, and unlocking add-ons that the
// host backend fulfilled. It talks to Attach only through the documented `window.Attach` API.
(() => {
  const boot = JSON.parse(document.getElementById('demo-boot')?.textContent || '{}');
  let state = boot;
  const persona = boot.persona;

  /** Calls the widget, or queues the call until the async script tag has loaded. */
  const attach = (method, ...args) => {
    const api = window.Attach;
    if (api?.__attach) return api[method](...args);
    window.Attach = api || { q: [] };
    window.Attach.q = window.Attach.q || [];
    window.Attach.q.push([method, args]);
  };

  const money = (price) =>
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: price.currency,
      maximumFractionDigits: 0,
    }).format(price.amount / 100);

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  /** Bought or trialled in this tab: shown at once, until the backend's own state (via webhook) catches up. */
  const pending = new Map();
  const applyPending = () => {
    for (const p of state.products || []) {
      if (p.status !== 'locked') pending.delete(p.key);
      else if (pending.has(p.key)) p.status = pending.get(p.key);
    }
  };

  const owned = (key) => state.products?.some((p) => p.key === key && p.status !== 'locked');

  function renderUsage() {
    const list = document.getElementById('usage');
    if (!list) return;
    list.replaceChildren(
      ...(state.usage || []).map((u) => {
        const share = u.limit ? Math.min(1, u.value / u.limit) : 0;
        const item = el('li', `meter${share >= 0.85 ? ' meter-high' : ''}`);
        item.append(el('span', 'meter-label', u.metric.replace(/_/g, ' ')));
        const bar = el('progress', 'meter-bar');
        bar.max = 100;
        bar.value = Math.round(share * 100);
        item.append(bar, el('span', 'meter-value', `${u.value} / ${u.limit ?? '∞'}`));
        return item;
      }),
    );
  }

  function renderAddons() {
    const list = document.getElementById('addons');
    if (!list) return;
    const labels = {
      included: 'Included',
      unlocked: 'Unlocked via Attach',
      trial: 'On trial',
      locked: 'Locked',
    };
    list.replaceChildren(
      ...(state.products || [])
        // The anchor is the plan itself; a sunset product is only listed for accounts that still have it.
        .filter((p) => p.role !== 'anchor' && (p.role !== 'sunset' || p.status !== 'locked'))
        .map((p) => {
          const item = el('li', `addon addon-${p.status}`);
          item.dataset.product = p.key;
          const text = el('div');
          text.append(el('strong', '', p.name), el('p', 'muted', p.description));
          item.append(
            text,
            el('span', 'price', `${money(p.price)}/${p.price.interval}`),
            el('span', 'badge', labels[p.status]),
          );
          return item;
        }),
    );
    const plan = document.getElementById('plan-line');
    if (plan && state.account)
      plan.textContent = `${state.account.name} · ${state.account.plan} plan · signed in as ${state.user.name} (${state.user.role})`;
    const log = document.getElementById('fulfilments');
    if (log) {
      const rows = (state.fulfilments || []).map((f) =>
        el(
          'li',
          '',
          `${f.at.slice(0, 19).replace('T', ' ')} — ${f.kind} of ${f.productKey} (${f.messageId})${f.confirmedAt ? ', confirmed to Attach' : ''}`,
        ),
      );
      log.replaceChildren(...(rows.length ? rows : [el('li', 'muted', 'Nothing yet.')]));
    }
    for (const button of document.querySelectorAll('[data-feature]')) {
      const locked = !owned(button.dataset.feature);
      button.classList.toggle('is-locked', locked);
      // The padlock is drawn, so screen readers are told in words.
      if (locked) button.setAttribute('aria-label', `${button.textContent.trim()} (locked)`);
      else button.removeAttribute('aria-label');
    }
  }

  function toast(text) {
    const node = document.getElementById('toast');
    if (!node) return;
    node.textContent = text;
    node.hidden = false;
    setTimeout(() => {
      node.hidden = true;
    }, 4000);
  }

  async function refresh() {
    try {
      const res = await fetch(`/demo/api/state?persona=${encodeURIComponent(persona)}`, {
        credentials: 'same-origin',
      });
      if (res.ok) {
        const before = new Set((state.products || []).filter((p) => p.status !== 'locked').map((p) => p.key));
        state = await res.json();
        applyPending();
        for (const p of state.products)
          if (p.status !== 'locked' && !before.has(p.key)) toast(`${p.name} is now unlocked`);
        renderUsage();
        renderAddons();
      }
    } catch {
      // offline for a moment: the next poll catches up
    }
  }

  function showView(path) {
    const view = path.startsWith('/demo/settings')
      ? 'settings'
      : path.startsWith('/demo/reports')
        ? 'reports'
        : 'dashboards';
    for (const section of document.querySelectorAll('[data-view]'))
      section.hidden = section.dataset.view !== view;
    for (const link of document.querySelectorAll('.nav a')) {
      link.setAttribute('aria-current', new URL(link.href).pathname === path ? 'page' : 'false');
    }
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('a[data-route]');
    if (link && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      history.pushState({}, '', link.getAttribute('href'));
      showView(location.pathname);
      return;
    }
    const tracked = target?.closest('[data-track]');
    if (tracked) {
      attach('track', tracked.dataset.track, { source: 'demo' });
      toast(`Recorded ${tracked.dataset.track}`);
    }
    const feature = target?.closest('[data-feature]');
    if (feature && !owned(feature.dataset.feature)) {
      attach('track', 'feature.locked_clicked', { product: feature.dataset.feature });
      toast('This needs an add-on: see Settings & billing');
    } else if (feature?.dataset.ownedTrack) {
      // Using the add-on is what completes the guided trial's steps.
      attach('track', feature.dataset.ownedTrack, { source: 'demo' });
      toast(`Recorded ${feature.dataset.ownedTrack}`);
    }
  });

  window.addEventListener('popstate', () => showView(location.pathname));
  document.getElementById('persona')?.addEventListener('change', (event) => {
    location.assign(`${location.pathname}?persona=${encodeURIComponent(event.target.value)}`);
  });

  // Instant unlock: the widget says a purchase went through, so show it at once; the backend's
  // webhook lands moments later and the refreshes below show it in the fulfilment log.
  const unlockNow = (productKey, status) => {
    const product = state.products?.find((p) => p.key === productKey);
    if (product && product.status === 'locked') {
      pending.set(product.key, status);
      applyPending();
      renderAddons();
      toast(`${product.name} is now ${status === 'trial' ? 'on trial' : 'unlocked'}`);
    }
    for (const delay of [500, 1500, 3000, 6000]) setTimeout(refresh, delay);
  };
  window.addEventListener('attach:purchased', (event) => unlockNow(event.detail?.productKey, 'unlocked'));
  window.addEventListener('attach:trial_started', (event) => unlockNow(event.detail?.productKey, 'trial'));

  // Tokens live 15 minutes: fetch a fresh one from the host backend before this one runs out.
  setInterval(async () => {
    try {
      const res = await fetch(`/demo/api/session?persona=${encodeURIComponent(persona)}`, {
        credentials: 'same-origin',
      });
      if (res.ok) attach('identify', (await res.json()).token);
    } catch {
      // keep the old token; the next round tries again
    }
  }, 10 * 60_000);
  setInterval(refresh, 5000);

  showView(location.pathname);
  renderUsage();
  renderAddons();
})();
