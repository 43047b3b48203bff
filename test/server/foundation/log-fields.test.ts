import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { errorFields } from '../../../server/http/logger.ts';

describe('errorFields', () => {
  it('logs a failed query’s SQL and the database’s reason, never its parameters', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    const err = new DrizzleQueryError('insert into users (email) values ($1)', ['jane@acme.com'], cause);
    const fields = errorFields(err);
    expect(fields).toMatchObject({
      error: 'duplicate key value violates unique constraint',
      query: 'insert into users (email) values ($1)',
    });
    expect(JSON.stringify(fields)).not.toContain('jane@acme.com');
  });

  it('logs any other error’s message and stack, and a thrown non-error as text', () => {
    expect(errorFields(new Error('boom'))).toMatchObject({
      error: 'boom',
      stack: expect.stringContaining('boom'),
    });
    expect(errorFields('plain')).toEqual({ error: 'plain' });
  });
});
