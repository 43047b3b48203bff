import { useEffect, useState } from 'preact/hooks';
import { deepActive } from './dialog.tsx';

/** How long after their last key a person in a field counts as done typing. */
const QUIET_MS = 2000;

/** Controls that take typing; a button, checkbox or slider does not. */
function isEditable(el: HTMLElement | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test(el.type);
  }
  return el.isContentEditable;
}

/**
 * False while the person may be typing in a field of the host page: a modal opening then would
 * take their focus mid-word, and the keys after it. It turns true when they leave the field for
 * something else, or after two seconds without a key (a field merely focused, by autofocus say,
 * waits those two seconds); true at once when no field has focus. `active` false: true throughout.
 */
export function useQuietMoment(active: boolean): boolean {
  const [quiet, setQuiet] = useState(() => !active || !isEditable(deepActive()));
  useEffect(() => {
    if (quiet) return;
    let timer = 0;
    const done = () => setQuiet(true);
    const wait = () => {
      clearTimeout(timer);
      timer = window.setTimeout(done, QUIET_MS);
    };
    // Focus moves in two steps (out, then in): look once the new element has it.
    const left = () => window.setTimeout(() => isEditable(deepActive()) || done());
    wait();
    document.addEventListener('keydown', wait, true);
    document.addEventListener('focusout', left, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', wait, true);
      document.removeEventListener('focusout', left, true);
    };
  }, [quiet]);
  return quiet;
}
