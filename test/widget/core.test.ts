import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contrast, renderTheme } from '../../shared/contrast.ts';
import type { EventInput } from '../../shared/events.ts';
import type { Api } from '../../widget/core/api.ts';
import { createBreaker } from '../../widget/core/breaker.ts';
import { createEventQueue } from '../../widget/core/event-queue.ts';
import { fail, type Result } from '../../widget/core/result.ts';
import { load, remove, save } from '../../widget/core/storage.ts';
import { claims } from '../../widget/core/token.ts';
import { uuid } from '../../widget/core/uuid.ts';
import { i18n } from '../../widget/i18n.ts';
import { themeVars } from '../../widget/theme.ts';
import './builders.tsx';

/** A transport that records batches and answers from a script (the queue's only dependency). */
function transport(answers: Array<Result<unknown>>) {
  const batches: EventInput[][] = [];
  const api = {
    base: 'http://attach.test',
    key: 'pk_test',
    token: () => 'token',
    request: async (_m: string, _p: string, req: { body?: unknown } = {}) => {
      batches.push((req.body as { events: EventInput[] }).events);
      return answers.shift() ?? { ok: true as const, value: {} };
    },
  } as unknown as Api;
  return { api, batches };
}

const event = (n: number): EventInput => ({
  id: uuid(),
  name: `e${n}`,
  ts: new Date().toISOString(),
  props: {},
});

describe('event queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    localStorage.clear();
  });

  it('batches on a timer and forgets events once acknowledged', async () => {
    const { api, batches } = transport([]);
    const q = createEventQueue(
      api,
      () => 'q1',
      () => {},
    );
    q.push(event(1));
    q.push(event(2));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(batches.map((b) => b.map((e) => e.name))).toEqual([['e1', 'e2']]);
    expect(q.size()).toBe(0);
    expect(load('q1')).toEqual([]);
  });

  it('retries with backoff after failures, resending the same ids (server dedupes)', async () => {
    const { api, batches } = transport([fail(0, 'network'), fail(503, 'service_unavailable')]);
    const delivered = vi.fn();
    const q = createEventQueue(api, () => 'q2', delivered);
    q.push(event(1));
    await vi.advanceTimersByTimeAsync(2_100);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(batches.length).toBe(2);
    await vi.advanceTimersByTimeAsync(4_100);
    expect(batches.length).toBe(3);
    expect(new Set(batches.map((b) => b[0]?.id)).size).toBe(1);
    expect(delivered).toHaveBeenCalledTimes(1);
    expect(q.size()).toBe(0);
  });

  it('persists across reloads and stays bounded', () => {
    const { api } = transport([]);
    const q = createEventQueue(
      api,
      () => 'q3',
      () => {},
    );
    for (let i = 0; i < 250; i++) q.push(event(i));
    const again = createEventQueue(
      api,
      () => 'q3',
      () => {},
    );
    expect(again.size()).toBe(200);
    expect(load<EventInput[]>('q3')?.[0]?.name).toBe('e50');
  });

  it('drops a batch the server rejects as invalid instead of looping on it', async () => {
    const { api, batches } = transport([fail(400, 'validation_failed')]);
    const q = createEventQueue(
      api,
      () => 'q4',
      () => {},
    );
    q.push(event(1));
    await vi.advanceTimersByTimeAsync(2_100);
    expect(batches.length).toBe(1);
    expect(q.size()).toBe(0);
  });

  it('on a 400 naming some events, drops only those and sends the rest again', async () => {
    const rejected = fail(400, 'validation_failed', 'bad ts', {
      target: 'body',
      issues: [{ path: ['events', 1, 'ts'], message: 'out of range', code: 'ts_out_of_range' }],
    });
    const { api, batches } = transport([rejected]);
    const q = createEventQueue(
      api,
      () => 'q5',
      () => {},
    );
    for (const n of [1, 2, 3]) q.push(event(n));
    await vi.advanceTimersByTimeAsync(2_100);
    expect(batches.map((b) => b.map((e) => e.name))).toEqual([
      ['e1', 'e2', 'e3'],
      ['e1', 'e3'],
    ]);
    expect(q.size()).toBe(0);
  });

  it('never sends events older than the server accepts, so one stale event cannot fail a batch', async () => {
    const stale = { ...event(0), ts: new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString() };
    save('q6', [stale]);
    const { api, batches } = transport([]);
    const q = createEventQueue(
      api,
      () => 'q6',
      () => {},
    );
    q.push(event(1));
    await vi.advanceTimersByTimeAsync(2_100);
    expect(batches.map((b) => b.map((e) => e.name))).toEqual([['e1']]);
    expect(q.size()).toBe(0);
    expect(load<EventInput[]>('q6')).toEqual([]);
  });

  it('on page hide sends a text/plain beacon carrying key and token, keeping the events queued', () => {
    const { api } = transport([]);
    const sent: Array<[string, unknown]> = [];
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, body: unknown) => {
        sent.push([url, body]);
        return true;
      },
    });
    const q = createEventQueue(
      api,
      () => 'q5',
      () => {},
    );
    q.push(event(1));
    q.beacon();
    expect(sent[0]?.[0]).toBe('http://attach.test/v1/events');
    expect(typeof sent[0]?.[1]).toBe('string');
    expect(JSON.parse(sent[0]?.[1] as string)).toMatchObject({
      key: 'pk_test',
      token: 'token',
      events: [{ name: 'e1' }],
    });
    expect(q.size()).toBe(1);
  });
});

describe('storage', () => {
  it('keeps working in memory when localStorage throws', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      save('k', { a: 1 });
      expect(load('k')).toEqual({ a: 1 });
      remove('k');
      expect(load('k')).toBeUndefined();
    } finally {
      if (original) Object.defineProperty(window, 'localStorage', original);
    }
  });
});

describe('circuit breaker', () => {
  it('opens after three failures, half-opens after the cool-down, closes on success', () => {
    let now = 0;
    const b = createBreaker(3, 30_000, () => now);
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.allow()).toBe(false);
    now = 30_000;
    expect(b.allow()).toBe(true);
    b.success();
    expect(b.allow()).toBe(true);
  });
});

describe('i18n, theme and token', () => {
  it('picks the first supported locale, falls back to English, and marks Arabic RTL', () => {
    expect(i18n('fr-FR', 'de-DE').t('later')).toBe('Später');
    expect(i18n('fr').locale).toBe('en');
    const ar = i18n('ar-EG');
    expect(ar.dir).toBe('rtl');
    expect(ar.t('daysLeft', { d: 3 })).toContain('3');
  });

  it('button text on the brand colour keeps 4.5:1, as the server works it out', () => {
    for (const color of ['#4f46e5', '#ffcc00', '#00ff00', '#222222', '#e11d48', '#777777', '#797979']) {
      const vars = themeVars(renderTheme({ primaryColor: color }));
      expect(vars['--a-primary']).toBe(color);
      expect(contrast(color, vars['--a-on-primary'] ?? '')).toBeGreaterThanOrEqual(4.5);
    }
    expect(renderTheme({ radius: 4 })).toEqual({ radius: 4 });
    expect(themeVars({ radius: 4 })).toEqual({ '--a-radius': '4px' });
  });

  it('reads token claims without verifying, and survives garbage', () => {
    const payload = btoa(JSON.stringify({ sub: 'u1', locale: 'de' })).replace(/=+$/, '');
    expect(claims(`x.${payload}.y`)).toEqual({ sub: 'u1', locale: 'de' });
    expect(claims('not a jwt')).toEqual({});
    expect(claims(undefined)).toEqual({});
  });

  it('reads UTF-8 claims of a base64url payload (a user id in any script)', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'jürgen-東京-🙂', locale: 'ja' })).toString(
      'base64url',
    );
    expect(claims(`x.${payload}.y`)).toEqual({ sub: 'jürgen-東京-🙂', locale: 'ja' });
  });
});
