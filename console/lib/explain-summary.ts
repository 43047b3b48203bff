import type { ExplainResponse } from '../../shared/explain.ts';
import { money } from './format.ts';
import { motionLabel } from './labels.ts';

type Explained = ExplainResponse['campaigns'][number];

const CHANNEL_LABEL: Record<Explained['channel'], string> = {
  in_app: 'bought in the app',
  csm: 'routed to customer success',
  sales: 'routed to sales',
};

/**
 * The facts line under a campaign's verdict, in words: its status, motion, channel, what it offers
 * and the expected value it ranks by (the engine's `score`, minor units per month) as money.
 */
export function explainFacts(c: Explained): string {
  const facts: string[] = [c.status, motionLabel(c.motion), CHANNEL_LABEL[c.channel]];
  if (c.target) facts.push(`offers ${c.target.name}`);
  if (c.offer) facts.push(`expected value ${money(Math.round(c.score), c.offer.currency)} a month`);
  if (c.firedTriggers.length > 0) facts.push(`fired: ${c.firedTriggers.join(', ')}`);
  return facts.join(' · ');
}
