/**
 * Turning a winning verdict into the wire `Message` the widget renders.
 *
 *   buildMessage(verdict, campaign, state, ctx, decisionId) → Message   (throws if the verdict has no target)
 *   pickLocale(available, requested?, userLocale?)           → the content locale to use
 *   purchasePolicy(state, ctx)                               → { canPurchase, purchaseBlockedReason? }
 *   messageActions(channel, canPurchase, trialOffered)       → MessageAction[]
 *   localisedCopy(content, ctx, state)                       → { locale, copy }
 *   fillCopy(copy, locale, target, offer, roi, state)        → FilledCopy (fields + variables with no value)
 *
 * Locale: the requested locale, then the user's, then `en`; each tried exactly, then by language
 * (`de-AT` → `de`). Copy (COPY_FIELDS: title, body, labels, ROI line) is filled by templates.ts from
 * server data. evaluate.ts fills it once per verdict and refuses the campaign when a variable has no
 * value; buildMessage serves that same filled copy, so the check and the message cannot disagree.
 * Purchase: only roles in `settings.buyerRoles` with a verified identity may buy; others ask their
 * admin. Actions: in_app + buyer → [trial (when offered), buy]; in_app + non-buyer → [ask_admin];
 * csm / sales → [contact]. A trial is offered when the campaign enables it, the target is a product
 * or tier with trial days > 0, and the account never trialled that product.
 */
import {
  type CampaignDefinition,
  type Channel,
  type Content,
  type Copy,
  honouredPosition,
  type RoiModel,
} from '../../shared/campaign.ts';
import { renderTheme } from '../../shared/contrast.ts';
import type { Message, MessageAction } from '../../shared/decide.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { parseTemplate, renderTemplate, type Template } from './templates.ts';
import type {
  AccountState,
  CampaignRecord,
  CopyField,
  DecideContext,
  FilledCopy,
  ResolvedTarget,
  Verdict,
} from './types.ts';

/** The fields of `Copy` that may hold `{{variables}}` (imageUrl is a URL, never filled). */
export const COPY_FIELDS: readonly CopyField[] = [
  'title',
  'body',
  'primaryLabel',
  'secondaryLabel',
  'imageAlt',
  'roiLine',
];

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

// Decide fills the copy of every candidate on every call, from campaign objects the engine config
// keeps between calls: parsing each text once per copy object keeps that to lookups and joins.
const parsedCopies = new WeakMap<Copy, ReadonlyArray<readonly [CopyField, Template]>>();

function parsedCopy(copy: Copy): ReadonlyArray<readonly [CopyField, Template]> {
  let parsed = parsedCopies.get(copy);
  if (!parsed) {
    parsed = COPY_FIELDS.flatMap((field) => {
      const text = copy[field];
      return text === undefined ? [] : [[field, parseTemplate(text)] as const];
    });
    parsedCopies.set(copy, parsed);
  }
  return parsed;
}

/** Fills every text field of `copy` for this account (templates.ts). */
export function fillCopy(
  copy: Copy,
  locale: string,
  target: ResolvedTarget,
  offer: PricedOffer | undefined,
  roi: RoiModel | undefined,
  state: AccountState,
): FilledCopy {
  const product = { name: target.name, description: target.description };
  const data = { state, locale, product, offer, roi };
  const filled: FilledCopy = {
    locale,
    title: '',
    body: '',
    ...(copy.imageUrl !== undefined ? { imageUrl: copy.imageUrl } : {}),
    missing: [],
  };
  for (const [field, template] of parsedCopy(copy)) {
    const out = renderTemplate(template, data);
    filled[field] = out.text;
    for (const variable of out.unresolved) {
      const known = filled.missing.find((m) => m.variable === variable);
      if (known) known.fields.push(field);
      else filled.missing.push({ variable, fields: [field] });
    }
  }
  return filled;
}

/** The copy (the original or the account's variant) in the locale the user gets (see pickLocale). */
export function localisedCopy(content: Content, ctx: DecideContext, state: AccountState) {
  const locale = pickLocale(Object.keys(content), ctx.locale, state.user.locale);
  return { locale, copy: content[locale] ?? content.en };
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
  const text = verdict.content;
  if (!text) throw new Error(`verdict for campaign ${campaign.id} has no filled copy`);
  const def = campaign.definition;
  const policy = purchasePolicy(state, ctx);
  const days = trialDays(def, target, state, ctx);
  const actions = messageActions(verdict.channel, policy.canPurchase, days > 0);
  const firstAction = actions[0] ?? 'buy';
  const { presentation } = def;
  const position = honouredPosition(presentation.format, presentation.position);
  return {
    decisionId,
    campaignId: campaign.id,
    campaignVersion: campaign.version,
    motion: def.motion,
    channel: verdict.channel,
    format: presentation.format,
    placement: presentation.placement,
    ...(presentation.anchor !== undefined ? { anchor: presentation.anchor } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(presentation.theme !== undefined ? { theme: renderTheme(presentation.theme) } : {}),
    locale: text.locale,
    ...(verdict.variant !== undefined ? { variant: verdict.variant } : {}),
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
      ...(text.imageUrl !== undefined ? { imageUrl: text.imageUrl } : {}),
      ...(text.imageUrl !== undefined && text.imageAlt ? { imageAlt: text.imageAlt } : {}),
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
