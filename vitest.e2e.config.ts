import { defineConfig } from 'vitest/config';

// Browser journeys: real Chromium driven by playwright-core against a real server on SQLite
// and PostgreSQL. One file at a time keeps two cores from thrashing.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts', 'e2e/**/*.spec.tsx'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
