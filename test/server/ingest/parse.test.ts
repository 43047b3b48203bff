import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsFast } from '../../../server/services/ingest-parse.ts';
import { EventBatch } from '../../../shared/events.ts';
import { makeBatch, makeEvent } from '../../bench/support/events.ts';

const uuidish = fc.oneof(
  fc.uuid({ version: [1, 4, 7] }),
  fc.uuid({ version: 4 }).map((u) => u.toUpperCase()),
  fc.uuid(),
  fc.string(),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant('12345678-1234-9234-8234-123456789012'),
);
const tsish = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-11-22T10:00:00+01:00',
    '2026-11-22T10:00:00.123456Z',
    '2026-11-22T10:00Z',
    '2026-02-30T10:00:00Z',
    '2026-11-22 10:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T10:00:00+24:00',
  ),
  fc.string(),
);
const nameish = fc.oneof(
  fc.constantFrom(
    'report.exported',
    'page.viewed',
    'a:b$c/d-e_f',
    '',
    'has space',
    'x'.repeat(100),
    'x'.repeat(101),
  ),
  fc.string({ maxLength: 120 }),
);
const propsish = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 110 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.constant({ big: 'x'.repeat(8_190) }),
  fc.constant({ big: 'x'.repeat(8_180) }),
  fc.anything(),
);
const mutations = fc.oneof(
  fc.constant({}),
  fc.record({ id: uuidish }),
  fc.record({ name: nameish }),
  fc.record({ ts: tsish }),
  fc.record({ props: propsish }),
  fc.record({ decisionId: fc.oneof(uuidish, fc.constant(null)) }),
  fc.record({ campaignId: uuidish }),
  fc.record({ extra: fc.anything() }),
);
/** A valid event with one field replaced (or none), so both outcomes are well represented. */
const eventish = fc.tuple(fc.uuid({ version: 4 }), mutations).map(([id, changes]) => ({
  id,
  name: 'report.exported',
  ts: '2026-11-22T10:00:00Z',
  props: {},
  ...changes,
}));

describe('parseEventsFast', () => {
  it('takes the fast path for well-formed batches', () => {
    expect(parseEventsFast({ events: makeBatch(500) }, 500)).toHaveLength(500);
    expect(parseEventsFast({ events: [makeEvent({ decisionId: crypto.randomUUID() })] }, 500)).toHaveLength(
      1,
    );
  });

  it('never accepts what the zod schema rejects, and returns exactly zod’s result when it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.record({ events: fc.array(eventish, { minLength: 0, maxLength: 4 }) }), fc.anything()),
        (raw) => {
          const fast = parseEventsFast(raw, 500);
          if (fast === null) return;
          accepted++;
          const zod = EventBatch.safeParse(raw);
          expect(zod.success).toBe(true);
          if (!zod.success) return;
          expect(fast.map(({ propsJson: _, ...event }) => event)).toEqual(zod.data.events);
          expect(fast.map((e) => e.propsJson)).toEqual(zod.data.events.map((e) => JSON.stringify(e.props)));
        },
      ),
      { numRuns: 3_000 },
    );
    // The comparison above must have run on a fair share of accepted batches. About 110 of the 3,000
    // random inputs are accepted (sd ≈ 10); 50 keeps that guarantee without flaking on the draw.
    expect(accepted).toBeGreaterThan(50);
  });

  it('falls back (null) on batches over the limit', () => {
    expect(parseEventsFast({ events: makeBatch(3) }, 2)).toBeNull();
    expect(parseEventsFast({ events: [] }, 2)).toBeNull();
  });
});
