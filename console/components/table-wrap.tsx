import type { ComponentChildren } from 'preact';

/**
 * A horizontally scrollable table container that keyboard users can focus and scroll (WCAG 2.1.1).
 * It is a region landmark, so its label names the table and never repeats the name of a labelled
 * section around it: two landmarks with one name cannot be told apart in a screen reader's list.
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
    <section class="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
