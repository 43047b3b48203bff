import {
  type CampaignDefinitionInput,
  type Copy,
  type Format,
  honouredPosition,
  ORIGINAL_VARIANT,
  type TrialPlan,
} from '../../../shared/campaign.ts';
import { renderTheme } from '../../../shared/contrast.ts';
import type { Message, MessageAction } from '../../../shared/decide.ts';
import type { PricedOffer } from '../../../shared/offer.ts';
import type { CatalogState } from './catalog-context.ts';

/** What the editor holds: the definition as typed so far (possibly invalid), plus its status. */
export type CampaignDraft = Partial<CampaignDefinitionInput> & { status?: string };

const PREVIEW_DECISION = '00000000-0000-4000-8000-000000000000';

interface Priced {
  kind: 'product' | 'bundle' | 'tier';
  key: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
  interval: 'month' | 'year';
  bundlePercent?: number;
  trialDays: number;
}

/** Resolves the draft's target against the catalogue, as the server would when deciding. */
function resolveTarget(draft: CampaignDraft, catalog: CatalogState): Priced | undefined {
  const t = draft.target;
  const product = (key: string | undefined) => catalog.products.find((p) => p.key === key);
  const fromProduct = (kind: 'product' | 'tier', key: string | undefined): Priced | undefined => {
    const p = product(key);
    return (
      p && { kind, key: p.key, name: p.name, description: p.description, ...p.price, trialDays: p.trialDays }
    );
  };
  if (!t) return undefined;
  if (t.kind === 'product') return fromProduct('product', t.productKey);
  if (t.kind === 'tier') return fromProduct('tier', t.productKey);
  if (t.kind === 'next_best') {
    const key = t.candidates?.[0] ?? catalog.products.find((p) => p.role === 'attach')?.key;
    return fromProduct('product', key);
  }
  const bundle = catalog.bundles.find((b) => b.key === t.bundleKey);
  if (!bundle) return undefined;
  const items = bundle.productKeys.map(product).filter((p) => p !== undefined);
  const first = items[0];
  return {
    kind: 'bundle',
    key: bundle.key,
    name: bundle.name,
    description: bundle.description,
    amount: items.reduce((sum, p) => sum + p.price.amount, 0),
    currency: first?.price.currency ?? 'USD',
    interval: first?.price.interval ?? 'month',
    bundlePercent: bundle.discountPercent ?? 20,
    trialDays: Math.min(...items.map((p) => p.trialDays), 14),
  };
}

/** An approximation of server pricing for the preview only; the real offer is priced per account. */
function priceOffer(target: Priced, draft: CampaignDraft): PricedOffer {
  const discounts: PricedOffer['discounts'] = [];
  let amount = target.amount;
  if (target.bundlePercent) {
    discounts.push({ kind: 'bundle', percent: target.bundlePercent });
    amount = Math.round(amount * (1 - target.bundlePercent / 100));
  }
  const intro = draft.offer?.intro;
  if (intro?.percent) {
    discounts.push({ kind: 'intro', percent: intro.percent, months: intro.months });
    amount = Math.round(amount * (1 - intro.percent / 100));
  }
  const annualPct = draft.offer?.annualPercentOff;
  const monthly = target.interval === 'month' ? target.amount : target.amount / 12;
  return {
    version: 'preview',
    kind: target.kind,
    key: target.key,
    name: target.name,
    currency: target.currency,
    interval: target.interval,
    listAmount: target.amount,
    amount,
    discounts,
    ...(annualPct
      ? { annual: { amount: Math.round(monthly * 12 * (1 - annualPct / 100)), percentOff: annualPct } }
      : {}),
    ...(draft.offer?.expiresAt ? { expiresAt: draft.offer.expiresAt } : {}),
  };
}

/** The copy a variant (or, for any other key, the original) has in `locale`, else in `en`. */
function copyFor(draft: CampaignDraft, locale: string, variant: string): Partial<Copy> {
  const content = draft.variants?.find((v) => v.key === variant)?.content ?? draft.content ?? {};
  return content[locale] ?? content.en ?? {};
}

/**
 * The message /v1/decide would return for this draft, so the widget's own components can render it;
 * `variant` picks which copy of a copy experiment (the original unless said).
 * Unfilled `{{variables}}` stay visible on purpose: the server fills them per account.
 */
export function previewMessage(
  draft: CampaignDraft,
  catalog: CatalogState,
  options: {
    format: Format;
    locale: string;
    campaignId?: string | undefined;
    version?: number | undefined;
    variant?: string | undefined;
  },
): Message {
  const target = resolveTarget(draft, catalog);
  const variant = options.variant ?? ORIGINAL_VARIANT;
  const copy = copyFor(draft, options.locale, variant);
  const variantTerms = draft.variants?.find((v) => v.key === variant)?.offer;
  const trialOn = draft.trial && draft.trial.enabled !== false && draft.trial.plan;
  const actions: MessageAction[] = trialOn ? ['trial', 'buy'] : ['buy'];
  const presentation = draft.presentation ?? {};
  const position = honouredPosition(options.format, presentation.position);
  return {
    decisionId: PREVIEW_DECISION,
    campaignId: options.campaignId ?? PREVIEW_DECISION,
    campaignVersion: options.version ?? 0,
    motion: draft.motion ?? 'upsell_addon',
    channel: 'in_app',
    format: options.format,
    placement: presentation.placement ?? 'global',
    ...(position ? { position } : {}),
    ...(presentation.theme ? { theme: renderTheme(presentation.theme) } : {}),
    locale: options.locale,
    ...(draft.variants?.length ? { variant } : {}),
    content: {
      title: copy.title || 'Untitled message',
      body: copy.body ?? '',
      primaryLabel: copy.primaryLabel || (trialOn ? 'Start free trial' : 'Buy now'),
      ...(copy.secondaryLabel ? { secondaryLabel: copy.secondaryLabel } : {}),
      ...(copy.imageUrl ? { imageUrl: copy.imageUrl } : {}),
      ...(copy.imageUrl && copy.imageAlt ? { imageAlt: copy.imageAlt } : {}),
      ...(copy.roiLine ? { roiLine: copy.roiLine } : {}),
    },
    target: target
      ? { kind: target.kind, key: target.key, name: target.name, description: target.description }
      : { kind: 'product', key: 'product', name: 'Choose a target', description: '' },
    // A variant testing its own offer is previewed with it, as decide prices it.
    ...(target ? { offer: priceOffer(target, { ...draft, offer: variantTerms ?? draft.offer }) } : {}),
    ...(trialOn && draft.trial
      ? { trial: { days: draft.trial.days ?? target?.trialDays ?? 14, plan: draft.trial.plan as TrialPlan } }
      : {}),
    canPurchase: true,
    actions,
  };
}
