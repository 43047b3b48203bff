/**
 * Turning a winning verdict into the wire `Message` the widget renders.
 *
 *   buildMessage(verdict, campaign, state, ctx, decisionId) → Message   (throws if the verdict has no target)
 *   pickLocale(available, requested?, userLocale?)           → the content locale to use
 *   purchasePolicy(state, ctx)                               → { canPurchase, purchaseBlockedReason? }
 *   messageActions(channel, canPurchase, trialOffered)       → MessageAction[]
 *   localisedCopy(definition, ctx, state)                    → { locale, copy }
 *   fillCopy(copy, verdict, target, state, locale)           → filled fields + unresolved variables
 *
 * Locale: the requested locale, then the user's, then `en`; each tried exactly, then by language
 * (`de-AT` → `de`). Copy (title, body, labels, ROI line) is filled by templates.ts from server data.
 * Purchase: only roles in `settings.buyerRoles` with a verified identity may buy; others ask their
 * admin. Actions: in_app + buyer → [trial (when offered), buy]; in_app + non-buyer → [ask_admin];
 * csm / sales → [contact]. A trial is offered when the campaign enables it, the target is a product
 * or tier with trial days > 0, and the account never trialled that product.
 */
import type { CampaignDefinition, Channel, Copy } from '../../shared/campaign.ts';
import type { Message, MessageAction } from '../../shared/decide.ts';
import { renderTemplate } from './templates.ts';
import type { AccountState, CampaignRecord, DecideContext, ResolvedTarget, Verdict } from './types.ts';

const DEFAULT_LABELS: Record<MessageAction, string> = {
  trial: 'Start free trial',
  buy: 'Buy now',
  ask_admin: 'Ask your admin',
  contact: 'Talk to us',
};

export function pickLocale(available: readonly string[], requested?: string, userLocale?: string): string {
  const lower = available.map((l) => l.toLowerCase());
  for (const wanted of [requested, userLocale]) {
    if (!wanted) continue;
    const exact = lower.indexOf(wanted.toLowerCase());
    if (exact >= 0) return available[exact] as string;
    const language = lower.indexOf(wanted.toLowerCase().split(/[-_]/)[0] ?? '');
    if (language >= 0) return available[language] as string;
  }
  return 'en';
}

export function purchasePolicy(
  state: AccountState,
  ctx: DecideContext,
): { canPurchase: boolean; purchaseBlockedReason?: 'role' | 'unverified_identity' } {
  if (!ctx.settings.buyerRoles.includes(state.user.role))
    return { canPurchase: false, purchaseBlockedReason: 'role' };
  if (ctx.identityVerified !== true)
    return { canPurchase: false, purchaseBlockedReason: 'unverified_identity' };
  return { canPurchase: true };
}

export function messageActions(
  channel: Channel,
  canPurchase: boolean,
  trialOffered: boolean,
): MessageAction[] {
  if (channel !== 'in_app') return ['contact'];
  if (!canPurchase) return ['ask_admin'];
  return trialOffered ? ['trial', 'buy'] : ['buy'];
}

function trialDays(def: CampaignDefinition, target: ResolvedTarget, state: AccountState, ctx: DecideContext) {
  if (!def.trial?.enabled || target.kind === 'bundle') return 0;
  if (state.trials.some((t) => t.productKey === target.key)) return 0;
  return def.trial.days ?? ctx.catalog.products.get(target.key)?.trialDays ?? 0;
}

export interface FilledCopy {
  title: string;
  body: string;
  primaryLabel?: string | undefined;
  secondaryLabel?: string | undefined;
  roiLine?: string | undefined;
  /** Variables without a value for this account, across all fields. */
  unresolved: string[];
}

/** Fills every text field of `copy` for this account (templates.ts). */
export function fillCopy(
  copy: Copy,
  verdict: Verdict,
  target: ResolvedTarget,
  state: AccountState,
  locale: string,
): FilledCopy {
  const data = {
    state,
    locale,
    product: { name: target.name, description: target.description },
    offer: verdict.offer,
  };
  const unresolved: string[] = [];
  const render = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const out = renderTemplate(text, data);
    for (const name of out.unresolved) if (!unresolved.includes(name)) unresolved.push(name);
    return out.text;
  };
  return {
    title: render(copy.title) ?? '',
    body: render(copy.body) ?? '',
    primaryLabel: render(copy.primaryLabel),
    secondaryLabel: render(copy.secondaryLabel),
    roiLine: render(copy.roiLine),
    unresolved,
  };
}

/** The copy in the locale the user gets (see pickLocale). */
export function localisedCopy(def: CampaignDefinition, ctx: DecideContext, state: AccountState) {
  const locale = pickLocale(Object.keys(def.content), ctx.locale, state.user.locale);
  return { locale, copy: def.content[locale] ?? def.content.en };
}

export function buildMessage(
  verdict: Verdict,
  campaign: CampaignRecord,
  state: AccountState,
  ctx: DecideContext,
  decisionId: string,
): Message {
  const target = verdict.target;
  if (!target) throw new Error(`verdict for campaign ${campaign.id} has no target`);
  const def = campaign.definition;
  const { locale, copy } = localisedCopy(def, ctx, state);
  if (!copy) throw new Error(`campaign ${campaign.id} has no "en" content`);
  const policy = purchasePolicy(state, ctx);
  const days = trialDays(def, target, state, ctx);
  const actions = messageActions(verdict.channel, policy.canPurchase, days > 0);
  const text = fillCopy(copy, verdict, target, state, locale);
  const firstAction = actions[0] ?? 'buy';
  const { presentation } = def;
  return {
    decisionId,
    campaignId: campaign.id,
    campaignVersion: campaign.version,
    motion: def.motion,
    channel: verdict.channel,
    format: presentation.format,
    placement: presentation.placement,
    ...(presentation.anchor !== undefined ? { anchor: presentation.anchor } : {}),
    ...(presentation.position !== undefined ? { position: presentation.position } : {}),
    ...(presentation.theme !== undefined ? { theme: presentation.theme } : {}),
    locale,
    content: {
      title: text.title,
      body: text.body,
      // The campaign's label is written for its in-app action (trial / buy); a member's "ask your
      // admin" or a routed "talk to us" button must say what it does instead.
      primaryLabel:
        (firstAction === 'trial' || firstAction === 'buy') && text.primaryLabel
          ? text.primaryLabel
          : DEFAULT_LABELS[firstAction],
      ...(text.secondaryLabel ? { secondaryLabel: text.secondaryLabel } : {}),
      ...(copy.imageUrl !== undefined ? { imageUrl: copy.imageUrl } : {}),
      ...(text.roiLine ? { roiLine: text.roiLine } : {}),
    },
    target: { kind: target.kind, key: target.key, name: target.name, description: target.description },
    ...(verdict.offer ? { offer: verdict.offer } : {}),
    ...(actions.includes('trial') && def.trial ? { trial: { days, plan: def.trial.plan } } : {}),
    canPurchase: policy.canPurchase,
    ...(policy.purchaseBlockedReason ? { purchaseBlockedReason: policy.purchaseBlockedReason } : {}),
    actions,
  };
}
