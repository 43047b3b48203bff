import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consoleMessage } from '../../console/lib/messages.ts';
import { reasonLabel } from '../../console/lib/reasons.ts';
import { Theme } from '../../shared/workspace.ts';

const message = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value, { error: consoleMessage }).error?.issues[0]?.message;

describe('console validation messages', () => {
  it('say what to do in plain words', () => {
    expect(message(z.string().min(1), '')).toBe('Required');
    expect(message(z.object({ name: z.string() }), {})).toBe('Required');
    expect(message(z.string().min(3), 'ab')).toBe('Use at least 3 characters');
    expect(message(z.number().max(1), 2)).toBe('Must be 1 or less');
    expect(message(z.number().min(0), -1)).toBe('Must be 0 or more');
    expect(message(z.number().int(), 1.5)).toBe('Enter a whole number');
    expect(message(z.array(z.string()).min(1), [])).toBe('Choose at least one');
    expect(message(z.enum(['a', 'b']), 'c')).toBe('Choose one of: a, b');
    expect(message(z.enum(['a', 'b', 'c', 'd', 'e']), 'x')).toBe('Choose one of the options');
    expect(message(z.url(), 'nope')).toBe('Enter a full address starting with https://');
  });

  it('tell a PM how to write a colour', () => {
    const primary = Theme.shape.primaryColor;
    expect(message(primary, 'teal')).toBe('Use a hex colour such as #4f46e5');
  });
});

describe('blocking reason labels', () => {
  it('name a code, or its nearest known parent, in plain words', () => {
    expect(reasonLabel('audience.stage.excluded')).toBe('Lifecycle stage not allowed');
    expect(reasonLabel('target.owned')).toBe('Already owns the product');
    expect(reasonLabel('frequency.user_daily_cap')).toBe('Daily prompt limit per user reached');
    expect(reasonLabel('something.new_here')).toBe('Something new here');
  });
});
