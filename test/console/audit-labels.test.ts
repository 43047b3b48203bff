import { describe, expect, it } from 'vitest';
import { actorLabel } from '../../console/lib/audit-labels.ts';

describe('actorLabel', () => {
  it('names keys as keys and people by their email', () => {
    expect(actorLabel('api')).toBe('API (secret key)');
    expect(actorLabel('api:previous')).toBe('API (replaced secret key, in its overlap)');
    expect(actorLabel('key:billing-sync')).toBe('API key “billing-sync”');
    expect(actorLabel('operator')).toBe('Operator API');
    expect(actorLabel('pm@acme.test')).toBe('pm@acme.test');
  });
});
