import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// CI sets TEST_REPORT_DIR to count passed and failed tests from a JSON report.
const reportDir = process.env.TEST_REPORT_DIR;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    reporters: reportDir ? ['default', ['json', { outputFile: join(reportDir, 'unit.json') }]] : ['default'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
