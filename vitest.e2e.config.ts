import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// CI sets TEST_REPORT_DIR to count passed and failed tests from a JSON report.
const reportDir = process.env.TEST_REPORT_DIR;

// Browser journeys: real Chromium driven by playwright-core against a real server on SQLite
// and PostgreSQL. One file at a time: two at a time on two cores made each file 1.7 times
// slower and the whole tier only 8 % faster (961 s against 1,042 s), with every locator's
// time limit closer.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts', 'e2e/**/*.spec.tsx', 'src/modules/*/e2e/**/*.spec.ts'],
    environment: 'node',
    reporters: reportDir ? ['default', ['json', { outputFile: join(reportDir, 'e2e.json') }]] : ['default'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
