/**
 * A notice for the page shown next, when the page that did something went away with it (a deleted
 * draft cannot confirm its own deletion). Module state: it only has to cross one in-app navigation.
 */
let pending = '';

export function flash(message: string): void {
  pending = message;
}

/** The pending notice, handed out once (a later visit to the same page shows none). */
export function takeFlash(): string {
  const message = pending;
  pending = '';
  return message;
}
