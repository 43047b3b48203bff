import { z } from 'zod';
import { Channel, Format, Motion, TrialPlan } from './campaign.ts';
import { PricedOffer } from './offer.ts';
import { RenderTheme } from './workspace.ts';

export const DecideRequest = z
  .object({
    /** Which placement is asking; `global` covers callouts, banners, modals and tooltips. */
    placement: z.string().min(1).max(64).default('global'),
    /** Inline slots present on the page (`data-attach-slot` names). */
    slots: z.array(z.string().min(1).max(64)).max(20).default([]),
    /** Where the user is. `url` is accepted from older widgets and ignored: page rules match the path. */
    page: z.object({ url: z.string().max(2000).optional(), path: z.string().max(1000) }).optional(),
    locale: z.string().min(2).max(20).optional(),
  })
  .meta({ id: 'DecideRequest' });
export type DecideRequest = z.infer<typeof DecideRequest>;

/** Localised, server-filled copy ready to render as text (body: safe markdown subset). */
export const MessageContent = z.object({
  title: z.string(),
  body: z.string(),
  primaryLabel: z.string(),
  secondaryLabel: z.string().optional(),
  imageUrl: z.string().optional(),
  imageAlt: z.string().optional(),
  roiLine: z.string().optional(),
});
export type MessageContent = z.infer<typeof MessageContent>;

export const MessageAction = z.enum(['trial', 'buy', 'ask_admin', 'contact']);
export type MessageAction = z.infer<typeof MessageAction>;

export const Message = z
  .object({
    decisionId: z.uuid(),
    campaignId: z.uuid(),
    campaignVersion: z.number().int(),
    motion: Motion,
    channel: Channel,
    format: Format,
    placement: z.string(),
    anchor: z.string().optional(),
    position: z.string().optional(),
    theme: RenderTheme.optional(),
    locale: z.string(),
    /** The copy experiment's variant this account gets (`original` or a variant key); absent when the
     * campaign tests no copy. */
    variant: z.string().optional(),
    content: MessageContent,
    target: z.object({
      kind: z.enum(['product', 'bundle', 'tier']),
      key: z.string(),
      name: z.string(),
      description: z.string(),
    }),
    offer: PricedOffer.optional(),
    trial: z.object({ days: z.number().int(), plan: TrialPlan }).optional(),
    /** False for roles outside the workspace's buyer roles or unverified identities. */
    canPurchase: z.boolean(),
    purchaseBlockedReason: z.enum(['role', 'unverified_identity']).optional(),
    /** What the primary/secondary controls do, in order of prominence. */
    actions: z.array(MessageAction),
    /** From a preview link (shared/preview-link.ts): shown to whoever opened it, nothing recorded. */
    preview: z.literal(true).optional(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

/** An admin's in-app notice that a member asked for a product. */
export const RequestNotice = z.object({
  id: z.uuid(),
  productKey: z.string(),
  productName: z.string(),
  requestedBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type RequestNotice = z.infer<typeof RequestNotice>;

export const DecideResponse = z
  .object({
    /** At most one per placement asked for, in the order asked (the placement, then the slots):
     * when the user's daily prompt cap has room for fewer, the earlier placements are served. */
    messages: z.array(Message),
    /** Open requests from members, shown to buyers only. */
    requests: z.array(RequestNotice).default([]),
    theme: RenderTheme.optional(),
  })
  .meta({ id: 'DecideResponse' });
export type DecideResponse = z.infer<typeof DecideResponse>;
