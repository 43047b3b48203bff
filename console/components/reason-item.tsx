import type { ExplainReason } from '../../shared/explain.ts';

const MARKS = {
  blocking: ['✗', 'Blocks: '],
  passing: ['✓', 'Passes: '],
  detail: ['·', 'Detail: '],
} as const;

/**
 * One reason of the engine's verdict. A leaf trigger that did not fire is a detail, neither a pass
 * nor a block: whether the trigger group holds the campaign back is its own line
 * (`triggers.not_fired`), and a ✓ beside "Trigger not fired" reads as the opposite of what happened.
 */
export function ReasonItem({ reason }: { reason: ExplainReason }) {
  const kind = reason.blocking ? 'blocking' : reason.code.endsWith('.not_fired') ? 'detail' : 'passing';
  const [mark, label] = MARKS[kind];
  return (
    <li class={kind}>
      <span class="sr-only">{label}</span>
      <span aria-hidden="true">{mark}</span> {reason.message} <code>{reason.code}</code>
    </li>
  );
}
