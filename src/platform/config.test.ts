import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration from environment variables', () => {
  it('starts with no variables at all: SQLite under ./data, port 3000, demo mode on', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('sqlite:./data/samtrygg.sqlite');
    expect(config.port).toBe(3000);
    expect(config.demo).toBe(true);
    expect(config.runWorkers).toBe(true);
  });

  it('names PORT when it is not a port number', () => {
    expect(problemsOf({ PORT: 'eighty' }).join('\n')).toMatch(/^PORT: /m);
    expect(problemsOf({ PORT: '70000' }).join('\n')).toMatch(/^PORT: /m);
  });

  it('names DATABASE_URL when it is neither sqlite: nor postgres://', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://localhost/samtrygg' }).join('\n')).toMatch(/^DATABASE_URL: .*sqlite:/m);
  });

  it('refuses production without SESSION_SECRET and names the variable', () => {
    expect(problemsOf({ NODE_ENV: 'production', SAMTRYGG_DEMO: 'false' }).join('\n')).toMatch(/^SESSION_SECRET: /m);
  });

  it('refuses demo mode in production and names SAMTRYGG_DEMO', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SAMTRYGG_DEMO: 'true' });
    expect(problems.join('\n')).toMatch(/^SAMTRYGG_DEMO: /m);
  });

  it('turns demo mode off by default in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://trygghet.example.se' });
    expect(config.demo).toBe(false);
    expect(config.sessionSecret).toBe('x'.repeat(40));
  });

  it('lists every bad variable at once, each by name', () => {
    const problems = problemsOf({ PORT: '-1', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe', PG_POOL_SIZE: '0' });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL', 'TRUST_PROXY', 'PG_POOL_SIZE']));
  });

  it('caps uploads per file, per request and per instance, with defaults that fit a small machine', () => {
    const defaults = loadConfig({});
    expect(defaults.uploadMaxBytes).toBe(10 * 1024 * 1024);
    expect(defaults.uploadMaxRequestBytes).toBe(25 * 1024 * 1024);
    expect(defaults.uploadConcurrency).toBe(4);
    expect(defaults.uploadSlotWaitMs).toBe(2000);
    const names = problemsOf({ UPLOAD_MAX_REQUEST_BYTES: '10', UPLOAD_CONCURRENCY: '0', UPLOAD_SLOT_WAIT_MS: '-1' }).map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['UPLOAD_MAX_REQUEST_BYTES', 'UPLOAD_CONCURRENCY', 'UPLOAD_SLOT_WAIT_MS']));
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '' }).port).toBe(3000);
  });
});
