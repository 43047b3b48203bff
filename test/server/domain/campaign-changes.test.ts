import { describe, expect, it } from 'vitest';
import { changesInPeriod, type RevisionFacts } from '../../../server/domain/campaign-changes.ts';

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));
const revision = (
  version: number,
  action: RevisionFacts['action'],
  d: number,
  definition: Record<string, unknown>,
): RevisionFacts => ({ version, action, actor: 'pm@acme.test', definition, createdAt: day(d) });

const v1 = { name: 'Capacity', holdout: { percent: 10 }, content: { en: { title: 'More room' } } };
const v2 = { ...v1, content: { en: { title: 'Running out of room?' } } };
const v3 = { ...v2, holdout: { percent: 20 } };

describe('changesInPeriod', () => {
  const history = [
    revision(1, 'created', 1, v1),
    revision(1, 'activated', 2, v1),
    revision(2, 'updated', 10, v2),
    revision(3, 'updated', 20, v3),
    revision(3, 'paused', 25, v3),
  ];

  it('keeps the changes inside [from, to), each with the fields it set differently from the one before', () => {
    expect(changesInPeriod(history, day(5), day(25))).toEqual([
      {
        at: day(10).toISOString(),
        version: 2,
        action: 'updated',
        actor: 'pm@acme.test',
        fields: ['content.en.title'],
      },
      {
        at: day(20).toISOString(),
        version: 3,
        action: 'updated',
        actor: 'pm@acme.test',
        fields: ['holdout.percent'],
      },
    ]);
  });

  it('lists no fields for a status change or for the first revision', () => {
    const changes = changesInPeriod(history, day(1), day(30));
    expect(changes.map((c) => [c.action, c.fields])).toEqual([
      ['created', []],
      ['activated', []],
      ['updated', ['content.en.title']],
      ['updated', ['holdout.percent']],
      ['paused', []],
    ]);
  });

  it('is empty for a period without changes', () => {
    expect(changesInPeriod(history, day(11), day(19))).toEqual([]);
    expect(changesInPeriod([], day(1), day(30))).toEqual([]);
  });
});
