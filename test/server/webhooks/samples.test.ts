import { describe, expect, it } from 'vitest';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/money.ts';
import { WEBHOOK_MESSAGES } from '../../../shared/webhook-payloads.ts';

describe('webhook samples', () => {
  it.each(
    WEBHOOK_EVENT_TYPES,
  )('%s › the sample is a valid message of its type, with no undeclared field', (type) => {
    const now = new Date('2025-03-01T12:00:00.000Z');
    const body = JSON.parse(
      JSON.stringify({ type, timestamp: now.toISOString(), test: true, data: webhookSample(type, now) }),
    );
    // parse() drops fields the schema does not declare: equality proves there were none.
    expect(WEBHOOK_MESSAGES[type].parse(body)).toEqual(body);
  });
});
