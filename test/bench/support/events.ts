import { randomUUID } from 'node:crypto';
import type { EventInput } from '../../../shared/events.ts';

/** A valid widget event; `at` defaults to now. Shared by the ingest tests and the benches. */
export function makeEvent(overrides: Partial<EventInput> = {}, at: Date = new Date()): EventInput {
  return { id: randomUUID(), name: 'report.exported', ts: at.toISOString(), props: {}, ...overrides };
}

const NAMES = ['report.exported', 'dashboard.viewed', 'query.run', 'alert.created', 'page.viewed'];
const PATHS = ['/dashboard', '/reports', '/pricing', '/settings/billing', '/alerts'];

/** `size` varied events as a widget would send them (page views carry a path). */
export function makeBatch(size: number, at: Date = new Date()): EventInput[] {
  const events: EventInput[] = [];
  for (let i = 0; i < size; i++) {
    const name = NAMES[i % NAMES.length] ?? 'report.exported';
    const props: Record<string, unknown> =
      name === 'page.viewed' ? { path: PATHS[Math.floor(i / NAMES.length) % PATHS.length] } : { rows: i };
    events.push(makeEvent({ name, props }, at));
  }
  return events;
}
