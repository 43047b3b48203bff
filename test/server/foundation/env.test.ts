import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../server/env.ts';

describe('environment', () => {
  it('a variable set but empty (PORT=) is unset, not zero', () => {
    expect(loadEnv({ PORT: '', HOST: '' })).toMatchObject({ PORT: 3000, HOST: '0.0.0.0' });
  });

  it('the demo is on by default, and off by default in production', () => {
    expect(loadEnv({}).ATTACH_DEMO).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production' }).ATTACH_DEMO).toBe(false);
    expect(loadEnv({ NODE_ENV: 'production', ATTACH_DEMO: 'true' }).ATTACH_DEMO).toBe(true);
    expect(loadEnv({ ATTACH_DEMO: '0' }).ATTACH_DEMO).toBe(false);
  });
});
