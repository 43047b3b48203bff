/**
 * The page-address parameter that carries a preview link's token (shared/preview-link.ts). On its
 * own, without zod, because widget.js reads it and must stay within its size budget.
 */
export const PREVIEW_PARAM = 'attach_preview';
