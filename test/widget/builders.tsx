import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import type { Message } from '../../shared/decide.ts';
import type { Trial } from '../../shared/money.ts';
import { fail, type Result } from '../../widget/core/result.ts';
import { addLocale, i18n } from '../../widget/i18n.ts';
import { ar, de, enExtra } from '../../widget/locales.ts';
import type { Ctrl, DialogState, View } from '../../widget/types.ts';
import { Layer } from '../../widget/ui/app.tsx';
import { Ui, useUi } from '../../widget/ui/context.ts';
import { MessageView } from '../../widget/ui/message.tsx';

// Tests render the extra components directly, so register what widget-extra.js would bring.
addLocale('en', enExtra);
addLocale('de', de);
addLocale('ar', ar);

export function message(overrides: Partial<Message> = {}): Message {
  return {
    decisionId: '11111111-1111-4111-8111-111111111111',
    campaignId: '22222222-2222-4222-8222-222222222222',
    campaignVersion: 1,
    motion: 'cross_sell_adjacent',
    channel: 'in_app',
    format: 'callout',
    placement: 'global',
    locale: 'en',
    content: {
      title: 'Try Reports Pro',
      body: 'Build **scheduled** reports.\n\n- Exports\n- Alerts',
      primaryLabel: 'Start free trial',
      secondaryLabel: 'Buy now',
      roiLine: 'Teams like yours save 4 hours a week',
    },
    target: { kind: 'product', key: 'reports', name: 'Reports Pro', description: 'Reporting add-on' },
    offer: {
      version: 'v1',
      kind: 'product',
      key: 'reports',
      name: 'Reports Pro',
      currency: 'USD',
      interval: 'month',
      listAmount: 4900,
      amount: 3920,
      discounts: [{ kind: 'intro', percent: 20, months: 3 }],
      expiresAt: '2030-01-31T00:00:00.000Z',
    },
    canPurchase: true,
    actions: ['trial', 'buy'],
    ...overrides,
  };
}

export function trial(overrides: Partial<Trial> = {}): Trial {
  const step = (id: string, title: string, done: boolean) => ({
    id,
    title,
    completedAt: done ? '2030-01-02T00:00:00.000Z' : null,
  });
  return {
    id: '33333333-3333-4333-8333-333333333333',
    productKey: 'reports',
    productName: 'Reports Pro',
    status: 'active',
    entitlementId: '44444444-4444-4444-8444-444444444444',
    startedAt: '2030-01-01T00:00:00.000Z',
    endsAt: '2030-01-15T00:00:00.000Z',
    daysLeft: 10,
    plan: { weeks: [], successCriteria: [] },
    weeks: [
      {
        week: 1,
        title: 'Set up',
        steps: [step('connect', 'Connect a source', true), step('build', 'Build a report', false)],
      },
      { week: 2, title: 'Share', steps: [step('share', 'Share with a teammate', false)] },
    ],
    successCriteria: [step('three', 'Three reports built', false), step('sched', 'One schedule', false)],
    progress: { completed: 1, total: 5 },
    decisionId: '55555555-5555-4555-8555-555555555555',
    offer: message().offer,
    ...overrides,
  };
}

/** A Ctrl that records calls; results can be scripted per method. */
export function fakeCtrl(results: Partial<Record<'act' | 'purchase' | 'request', Result<unknown>>> = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const dialogs: Array<DialogState | undefined> = [];
  const ok: Result<unknown> = { ok: true, value: {} };
  const ctrl: Ctrl = {
    seen: (m) => void calls.push(['seen', m.decisionId]),
    act: async (m, a) => {
      calls.push(['act', m.decisionId, a]);
      return results.act ?? ok;
    },
    dismiss: (m, snooze) => void calls.push(['dismiss', m.decisionId, !!snooze]),
    purchase: async (intent, billing) => {
      calls.push(['purchase', intent.productKey, billing]);
      return results.purchase ?? ok;
    },
    request: async (intent, kind) => {
      calls.push(['request', intent.productKey, kind]);
      return results.request ?? ok;
    },
    open: (d) => void dialogs.push(d),
    togglePanel: (open) => void calls.push(['panel', open]),
    seenRequests: (ids) => void calls.push(['seenRequests', ids]),
  };
  return { ctrl, calls, dialogs };
}

export const failure = (code: string, status = 409) => fail(status, code);

export function view(patch: Partial<View> = {}, locale = 'en'): View {
  return { messages: [], trials: [], panelOpen: true, i18n: i18n(locale), ...patch };
}

/** Renders inside a widget layer (context, theme, direction); `rerender` keeps the layer. */
export function renderIn(children: ComponentChildren, ctrl: Ctrl, locale = 'en') {
  const v = view({}, locale);
  const wrap = (c: ComponentChildren) => (
    <Ui.Provider value={{ ctrl, i18n: v.i18n }}>
      <Layer view={v}>{c}</Layer>
    </Ui.Provider>
  );
  const result = render(wrap(children));
  return { ...result, rerender: (c: ComponentChildren) => result.rerender(wrap(c)) };
}

/** A message card given the layer's controller and strings, as widget.js passes them (props). */
export const Card = ({ m }: { m: Message }) => <MessageView m={m} ui={useUi()} />;
