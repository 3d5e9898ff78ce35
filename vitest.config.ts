import { availableParallelism } from 'node:os';
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
    // Two files at a time on two cores (vitest's default is one fewer than the cores, so one on
    // CI's two): one file alone left a third of the CPU idle while it waited on PostgreSQL and
    // on its child processes. At most four, so a big machine stays inside PostgreSQL's 100
    // connections (each file opens pools of its own).
    maxWorkers: Math.min(4, Math.max(2, availableParallelism())),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
