/** The host page's element that last had focus: where focus goes back when a widget surface closes. */
let outside: HTMLElement | undefined;

/** Remembers focus moves on the host page (a move into the widget is seen as its shadow host). */
export function watchFocus(): void {
  addEventListener(
    'focusin',
    (e) => {
      const el = e.target as HTMLElement;
      if (!el.localName?.startsWith('attach-')) outside = el;
    },
    true,
  );
}

/**
 * Runs `close` (which removes a surface); if focus was inside the widget, it goes back to where it
 * was on the page instead of falling onto <body>.
 */
export function closing(close: () => void): void {
  const inside = document.activeElement?.localName.startsWith('attach-');
  close();
  if (inside && outside?.isConnected) outside.focus();
}
