import { describe, expect, it } from 'vitest';
import { evaluateCampaign } from '../../../server/domain/evaluate.ts';
import { buildMessage, messageActions, pickLocale, purchasePolicy } from '../../../server/domain/message.ts';
import type { Presentation } from '../../../shared/campaign.ts';
import { Message } from '../../../shared/decide.ts';
import { counter, makeCampaign, makeCtx, makeState, type StateInput } from './fixtures.ts';

const DECISION = '11111111-1111-4111-8111-111111111111';
const TRIAL_PLAN = {
  weeks: [
    {
      week: 1,
      title: 'Set up',
      steps: [{ id: 'connect', title: 'Connect a source', event: 'source.connected' }],
    },
  ],
  successCriteria: [
    { id: 'first', title: 'First scheduled report', event: 'report.scheduled' },
    { id: 'share', title: 'Share a report', event: 'report.shared' },
  ],
};
const campaign = makeCampaign({
  content: {
    en: {
      title: '{{account.name}}: you used {{usage.exports.percent}}% of your exports',
      body: 'Add {{product.name}} for {{offer.price}} a month.',
      roiLine: '{{account.seats}} seats save ~5 h/week.',
    },
    de: { title: '{{usage.exports.percent}}% Ihrer Exporte genutzt', primaryLabel: 'Jetzt kaufen' },
  },
  presentation: { format: 'tooltip', anchor: '#export', position: 'bottom' },
  trial: { enabled: true, plan: TRIAL_PLAN },
});

function build(input: StateInput = {}, ctxOverrides: Parameters<typeof makeCtx>[0] = {}, c = campaign) {
  const state = makeState({
    usage: { exports: { value: 85, limit: 100 } },
    counters: [counter('x', 1, 1)],
    ...input,
  });
  const ctx = makeCtx(ctxOverrides);
  const verdict = evaluateCampaign(c, state, ctx);
  return buildMessage(verdict, c, state, ctx, DECISION);
}

describe('buildMessage', () => {
  it('builds a valid wire message with filled copy, offer and trial for a buyer', () => {
    const m = build();
    expect(Message.parse(m)).toEqual(m);
    expect(m).toMatchObject({
      decisionId: DECISION,
      campaignId: campaign.id,
      campaignVersion: 1,
      motion: 'upsell_addon',
      channel: 'in_app',
      format: 'tooltip',
      anchor: '#export',
      position: 'bottom',
      locale: 'en',
      content: {
        title: 'Acme: you used 85% of your exports',
        body: 'Add Reports for $200.00 a month.',
        primaryLabel: 'Start free trial',
        roiLine: '12 seats save ~5 h/week.',
      },
      target: { kind: 'product', key: 'reports', name: 'Reports' },
      offer: { key: 'reports', amount: 20_000 },
      trial: { days: 14, plan: TRIAL_PLAN },
      canPurchase: true,
      actions: ['trial', 'buy'],
    });
    expect(m.purchaseBlockedReason).toBeUndefined();
  });

  it('keeps a position only where its format honours it, so what the console shows is what is drawn', () => {
    const at = (format: 'callout' | 'banner' | 'tooltip', position: Presentation['position']) =>
      build({}, {}, makeCampaign({ presentation: { format, anchor: '#export', position } })).position;
    expect(at('callout', 'top-left')).toBe('top-left');
    // A tooltip's side left behind on a callout, or the trial checklist's corner: the default corner.
    expect(at('callout', 'left')).toBeUndefined();
    expect(at('callout', 'bottom-left')).toBeUndefined();
    expect(at('banner', 'bottom')).toBe('bottom');
    expect(at('banner', 'bottom-right')).toBeUndefined();
    expect(at('tooltip', 'left')).toBe('left');
    expect(at('tooltip', 'top-left')).toBeUndefined();
  });

  it('gives a member "ask your admin" and no trial or buy', () => {
    const m = build({ user: { role: 'member' } });
    expect(m).toMatchObject({ canPurchase: false, purchaseBlockedReason: 'role', actions: ['ask_admin'] });
    expect(m.content.primaryLabel).toBe('Ask your admin');
    expect(m.trial).toBeUndefined();
  });

  it("never puts the campaign's buy label on a member's ask-your-admin button", () => {
    const buyer = build({ user: { locale: 'de' } });
    expect(buyer.content.primaryLabel).toBe('Jetzt kaufen');
    const member = build({ user: { role: 'member', locale: 'de' } });
    expect(member.actions).toEqual(['ask_admin']);
    expect(member.content.primaryLabel).toBe('Ask your admin');
  });

  it('refuses purchases for unverified identities, and treats unknown verification as unverified', () => {
    expect(build({}, { identityVerified: false })).toMatchObject({
      canPurchase: false,
      purchaseBlockedReason: 'unverified_identity',
    });
    expect(build({}, { identityVerified: undefined }).canPurchase).toBe(false);
  });

  it('offers "contact" for CSM and sales routes', () => {
    const routed = makeCampaign({
      ...campaign.definition,
      routing: { rules: [{ channel: 'sales', segments: [] }] },
    });
    const m = build({}, {}, routed);
    expect(m).toMatchObject({ channel: 'sales', actions: ['contact'] });
    expect(m.content.primaryLabel).toBe('Talk to us');
  });

  it('offers no trial to an account that already trialled the product', () => {
    const m = build({
      trials: [{ productKey: 'reports', status: 'expired', startedAt: new Date('2026-01-01') }],
    });
    expect(m.actions).toEqual(['buy']);
    expect(m.content.primaryLabel).toBe('Buy now');
  });

  it("localises: requested locale, then the user's, then en", () => {
    expect(build({}, { locale: 'de-AT' })).toMatchObject({
      locale: 'de',
      content: { title: '85% Ihrer Exporte genutzt', primaryLabel: 'Jetzt kaufen', body: '' },
    });
    expect(build({ user: { locale: 'de' } }).locale).toBe('de');
    expect(build({ user: { locale: 'fr' } }, { locale: 'es' }).locale).toBe('en');
  });

  it('serves the copy exactly as the evaluation filled and checked it', () => {
    const state = makeState({ usage: { exports: { value: 85, limit: 100 } } });
    const ctx = makeCtx();
    const verdict = evaluateCampaign(campaign, state, ctx, { mode: 'decide' });
    expect(verdict.content?.title).toBe('Acme: you used 85% of your exports');
    // The account changed after the check: the message must not show values the check never saw.
    const renamed = makeState({ account: { name: 'Renamed' }, usage: {} });
    const m = buildMessage(verdict, campaign, renamed, ctx, DECISION);
    expect(m.content).toMatchObject({
      title: 'Acme: you used 85% of your exports',
      roiLine: '12 seats save ~5 h/week.',
    });
  });

  it('serves an image with its description (filled like the rest of the copy), and no description without an image', () => {
    const withImage = makeCampaign({
      content: {
        en: {
          title: 'Automate exports',
          imageUrl: 'https://cdn.example.com/exports.png',
          imageAlt: 'Chart: {{account.name}} exports every day',
        },
      },
    });
    expect(build({}, {}, withImage).content).toMatchObject({
      imageUrl: 'https://cdn.example.com/exports.png',
      imageAlt: 'Chart: Acme exports every day',
    });
    const altOnly = makeCampaign({
      content: { en: { title: 'No picture', imageAlt: 'Nothing to describe' } },
    });
    expect(build({}, {}, altOnly).content.imageAlt).toBeUndefined();
  });

  it("fills the ROI line from the campaign's ROI model and the account's seats", () => {
    const withRoi = makeCampaign({
      content: {
        en: {
          title: 'Automate your reports',
          roiLine: 'Teams like yours save {{roi.hoursPerYear}} hours a year — about {{roi.valuePerYear}}',
        },
      },
      roi: { hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7_500, currency: 'USD' } },
    });
    expect(build({ account: { seats: 12 } }, {}, withRoi).content.roiLine).toBe(
      'Teams like yours save 3,120 hours a year — about $234,000.00',
    );
  });

  it('refuses to build a message from a verdict whose copy was never filled', () => {
    const state = makeState({ usage: { exports: { value: 85, limit: 100 } } });
    const ctx = makeCtx();
    const verdict = { ...evaluateCampaign(campaign, state, ctx), content: undefined };
    expect(() => buildMessage(verdict, campaign, state, ctx, DECISION)).toThrow(/no filled copy/);
  });

  it('refuses to build a message without a target', () => {
    const state = makeState();
    const ctx = makeCtx();
    const verdict = { ...evaluateCampaign(campaign, state, ctx), target: undefined };
    expect(() => buildMessage(verdict, campaign, state, ctx, DECISION)).toThrow(/no target/);
  });
});

describe('message helpers', () => {
  it('pickLocale matches exactly, then by language, case-insensitively', () => {
    expect(pickLocale(['en', 'pt-BR', 'pt'], 'pt-br')).toBe('pt-BR');
    expect(pickLocale(['en', 'pt'], 'pt-PT')).toBe('pt');
    expect(pickLocale(['en', 'fr'], undefined, 'fr_CA')).toBe('fr');
    expect(pickLocale(['en'], 'ja', 'ko')).toBe('en');
  });

  it('purchasePolicy follows the workspace buyer roles', () => {
    const ctx = makeCtx();
    expect(purchasePolicy(makeState({ user: { role: 'billing' } }), ctx)).toEqual({ canPurchase: true });
    expect(purchasePolicy(makeState({ user: { role: 'viewer' } }), ctx)).toEqual({
      canPurchase: false,
      purchaseBlockedReason: 'role',
    });
  });

  it('messageActions covers every channel and role', () => {
    expect(messageActions('in_app', true, true)).toEqual(['trial', 'buy']);
    expect(messageActions('in_app', true, false)).toEqual(['buy']);
    expect(messageActions('in_app', false, true)).toEqual(['ask_admin']);
    expect(messageActions('csm', true, true)).toEqual(['contact']);
    expect(messageActions('sales', false, false)).toEqual(['contact']);
  });
});
