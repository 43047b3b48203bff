import { z } from 'zod';
import { DecideRequest } from './decide.ts';

/**
 * A preview link shows a saved campaign (a draft too) on the host's own pages, to whoever opens it
 * there signed in: the product manager sees it in place before launch. The widget finds the token
 * in the page's address under this parameter, keeps it for the tab, and asks `POST /v1/preview`
 * instead of `/v1/decide`: only that campaign, always shown, nothing recorded.
 */
export { PREVIEW_PARAM } from './preview-param.ts';

/** How long a preview link works. */
export const PREVIEW_LINK_TTL_MS = 4 * 3_600_000;

/** `POST /v1/admin/campaigns/preview-link`: every console role may make one (nothing is stored). */
export const PreviewLinkRequest = z.object({ campaignId: z.uuid() }).meta({ id: 'PreviewLinkRequest' });

export const PreviewLink = z
  .object({
    /** Add it to a page address as `?attach_preview=<token>`. */
    token: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'PreviewLink' });
export type PreviewLink = z.infer<typeof PreviewLink>;

/** What the widget sends in preview mode: a decision's request and the token (placement and slots
 * are taken and unused: the previewed campaign names its own). */
export const PreviewRequest = DecideRequest.extend({ token: z.string().min(1).max(1000) }).meta({
  id: 'PreviewRequest',
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;
