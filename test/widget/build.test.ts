import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm test` builds first (pretest); these assertions run against the shipped files. */
const dist = (name: string) => readFileSync(join(process.cwd(), 'dist', name), 'utf8');
const BUDGET = 12 * 1024;

interface AttachGlobal {
  track(name: string, props?: object): void;
  identify(token: string): void;
  page(): void;
  reset(): void;
  on(e: string, cb: () => void): void;
  off(e: string): void;
  show(id: string): void;
  isReady(): boolean;
  __attach?: true;
}
const w = window as unknown as { Attach?: unknown };

/** Boots the built widget.js the way a host page would: a script tag with its data attributes. */
function boot(code: string) {
  const tag = document.createElement('script');
  // Unreachable server: every API call fails, which the widget must absorb silently.
  tag.setAttribute('type', 'text/x-test');
  tag.setAttribute('src', 'http://127.0.0.1:9/widget.js');
  tag.dataset.key = 'pk_test';
  tag.dataset.userToken = 'a.eyJzdWIiOiJ1MSJ9.b';
  document.head.appendChild(tag);
  new Function(code)();
}

afterEach(() => {
  delete w.Attach;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('built widget.js', () => {
  it(`is at most ${BUDGET / 1024} KB gzipped, Preact included`, () => {
    const size = gzipSync(dist('widget.js'), { level: 9 }).length;
    console.log(`widget.js: ${(size / 1024).toFixed(2)} KB gzipped`);
    expect(size).toBeLessThanOrEqual(BUDGET);
  });

  it('contains no leftover build placeholders, eval or string-to-code', () => {
    for (const name of ['widget.js', 'widget-extra.js']) {
      const code = dist(name);
      // Matches are reported by name, not by dumping a minified bundle into the log.
      expect(code.match(/process\.env|import\.meta\.env|__VITE_|__DEV__|%[A-Z_]+%|jsxDEV/g)).toBeNull();
      // (Preact itself mentions innerHTML for dangerouslySetInnerHTML, which the widget never passes.)
      expect(code.match(/\beval\(|new Function\(|insertAdjacentHTML|document\.write/g)).toBeNull();
    }
  });

  it('boots in a DOM, replays stub-queued calls and never throws into the host', async () => {
    const calls: unknown[][] = [
      ['track', ['early.event', {}]],
      ['on', ['purchased', () => {}]],
    ];
    w.Attach = { q: calls };
    boot(dist('widget.js'));
    const api = w.Attach as AttachGlobal;
    expect(api.__attach).toBe(true);
    expect(() => {
      api.track('report.exported', { rows: 3 });
      api.page();
      api.show('nope');
      api.identify('another.token.value');
      api.off('purchased');
      api.reset();
      // Bad input from the host is absorbed too.
      (api.track as (n: unknown) => void)(undefined);
      (api.on as (e: string, cb: unknown) => void)('shown', 'not a function');
    }).not.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(api.isReady()).toBe(true);
    expect(document.querySelector('attach-root')?.shadowRoot).toBeTruthy();
  });

  it('loading the script twice is harmless', () => {
    boot(dist('widget.js'));
    const first = w.Attach;
    boot(dist('widget.js'));
    expect(w.Attach).toBe(first);
    expect(document.querySelectorAll('attach-root').length).toBeLessThanOrEqual(1);
  });

  it('boots with a localStorage that throws', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      boot(dist('widget.js'));
      const api = w.Attach as AttachGlobal;
      expect(() => api.track('x')).not.toThrow();
      await new Promise((r) => setTimeout(r, 300));
      expect(api.isReady()).toBe(true);
    } finally {
      if (original) Object.defineProperty(window, 'localStorage', original);
    }
  });
});

describe('widget source', () => {
  it('never renders HTML strings or string styles (strict CSP, XSS)', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(process.cwd(), 'widget'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.tsx?$/.test(f),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const code = readFileSync(join(process.cwd(), 'widget', file), 'utf8');
      expect([
        file,
        code.match(/dangerouslySetInnerHTML|innerHTML|style=["'`]|style=\{["'`]|cssText|eval\(/g),
      ]).toEqual([file, null]);
    }
  });
});
