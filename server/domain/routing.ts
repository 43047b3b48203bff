/**
 * Channel routing: the same decision, a different channel (domain.md "Who owns the motion").
 *
 *   routeChannel(routing, account) → { channel, reason }
 *
 * Rules are tried in order; the first whose conditions all hold wins (empty segments = any segment;
 * absent minMrr / minSeats = no bound). No match → `in_app` (product-led).
 */
import type { Channel, Routing } from '../../shared/campaign.ts';
import { pass } from './reasons.ts';
import type { AccountFacts, Reason } from './types.ts';

export function routeChannel(routing: Routing, account: AccountFacts): { channel: Channel; reason: Reason } {
  for (const [index, rule] of routing.rules.entries()) {
    const segmentOk =
      rule.segments.length === 0 || (account.segment !== null && rule.segments.includes(account.segment));
    const mrrOk = rule.minMrr === undefined || account.mrr >= rule.minMrr;
    const seatsOk = rule.minSeats === undefined || account.seats >= rule.minSeats;
    if (segmentOk && mrrOk && seatsOk) {
      return {
        channel: rule.channel,
        reason: pass(`routing.${rule.channel}`, `Routed to ${rule.channel} by rule ${index + 1}.`),
      };
    }
  }
  return { channel: 'in_app', reason: pass('routing.in_app', 'Product-led: no routing rule matched.') };
}
