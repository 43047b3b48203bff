import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts', 'test/demo/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Writes the response does not wait for (failed calls, vocabulary) land within moments, but a
          // loaded CI machine can take longer than the default second to run them.
          expect: { poll: { timeout: 5_000 } },
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'widget',
          include: ['test/widget/**/*.test.{ts,tsx}', 'test/console/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
    ],
  },
});
