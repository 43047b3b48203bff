import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: real server, real Chromium (`npm run test:e2e`). One file at a time: each
 * starts its own server and browser, and the machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
