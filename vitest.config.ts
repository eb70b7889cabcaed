import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One real PostgreSQL and one real Temporal dev server for the whole run (see global-setup).
    globalSetup: ['testing/global-setup.ts'],
    // Log lines are kept per test and printed only for a test that fails.
    setupFiles: ['testing/log-capture.ts'],
    // Temporal's native bridge misbehaves in worker threads; forks give each file its own process.
    pool: 'forks',
    include: [
      'client/**/*.test.ts',
      'core/**/*.test.ts',
      'server/**/*.test.ts',
      'workflows-temporal/**/*.test.ts',
      'e2e/**/*.test.ts',
      'examples/**/*.test.ts',
      'seeders/**/*.test.ts',
      'testing/**/*.test.ts',
    ],
    reporters: ['default', './testing/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
