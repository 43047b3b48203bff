import { useEffect, useState } from 'preact/hooks';
import { deepActive } from './dialog.tsx';

/** How long after their last key a person in a field counts as done typing. */
const QUIET_MS = 2000;
/** How often a waiting modal looks again: soon enough to feel immediate, cheap enough to forget. */
const LOOK_EVERY_MS = 250;

/** Controls that take typing; a button, checkbox or slider does not. */
function isEditable(el: HTMLElement | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test(el.type);
  }
  return el.isContentEditable;
}

/** `:modal` (a `<dialog>` opened with showModal) is newer than some browsers we support. */
function hostModals(): NodeListOf<HTMLElement> {
  try {
    return document.querySelectorAll<HTMLElement>(':modal, [aria-modal="true"]');
  } catch {
    return document.querySelectorAll<HTMLElement>('[aria-modal="true"]');
  }
}

/**
 * The host page's own modal is on screen (its checkout, its confirmation): one of ours on top would
 * bury the task the person is in the middle of. Ours live in a shadow root, out of this query.
 */
const hostModalOpen = () =>
  Array.from(hostModals()).some((el) => (el.checkVisibility ? el.checkVisibility() : true));

/**
 * False while the person is busy on the host page: typing in a field (a modal opening then would
 * take their focus mid-word, and the keys after it) or in the page's own modal dialog. Typing ends
 * when focus leaves for something other than a field, or two seconds after the last key (a field
 * merely focused, by autofocus say, waits those two seconds). True at once when neither holds.
 * `active` false: true throughout.
 */
export function useQuietMoment(active: boolean): boolean {
  const [quiet, setQuiet] = useState(() => !active || (!isEditable(deepActive()) && !hostModalOpen()));
  useEffect(() => {
    if (quiet) return;
    let lastKeyAt = Date.now();
    const keyed = () => {
      lastKeyAt = Date.now();
    };
    const look = window.setInterval(() => {
      const typing = isEditable(deepActive()) && Date.now() - lastKeyAt < QUIET_MS;
      if (!typing && !hostModalOpen()) setQuiet(true);
    }, LOOK_EVERY_MS);
    document.addEventListener('keydown', keyed, true);
    return () => {
      clearInterval(look);
      document.removeEventListener('keydown', keyed, true);
    };
  }, [quiet]);
  return quiet;
}
