import { z } from 'zod';

/**
 * An offer as priced by the server for one account at decision time. The client shows it and sends
 * `version` back with a purchase; the server re-prices and refuses a changed price (409).
 */
export const PricedOffer = z
  .object({
    /** Hash of every priced field: identical offers share it, any change alters it. */
    version: z.string(),
    kind: z.enum(['product', 'bundle', 'tier']),
    /** The product (or bundle / tier product) key that a purchase of this offer buys. */
    key: z.string(),
    name: z.string(),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
    /** List price per interval, minor units. */
    listAmount: z.number().int(),
    /** What the first period costs after every discount, minor units. */
    amount: z.number().int(),
    discounts: z.array(
      z.object({
        kind: z.enum(['bundle', 'intro', 'annual']),
        percent: z.number(),
        /** For intro discounts: how many months it lasts. */
        months: z.number().int().optional(),
      }),
    ),
    /**
     * A tier upgrade from a plan the catalogue prices: the current plan's product and its price per
     * `interval`, already taken off `amount` (and `annual`). The purchase replaces that plan.
     */
    credit: z
      .object({ key: z.string(), name: z.string(), plan: z.string(), amount: z.number().int() })
      .optional(),
    /** The annual alternative, when the campaign offers one. */
    annual: z.object({ amount: z.number().int(), percentOff: z.number() }).optional(),
    expiresAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'PricedOffer' });
export type PricedOffer = z.infer<typeof PricedOffer>;
