// Fresh, migrated databases for tests: an in-memory SQLite and a throw-away PostgreSQL database
// (samtrygg_test_<random>) per call, dropped afterwards.
import { randomBytes } from 'node:crypto';
import type { Migration } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../src/platform/config.js';
import { createAppContext } from '../src/app/context.js';
import type { ModuleManifest } from '../src/platform/module.js';
import { testModules } from './modules.js';
import { collectMigrations } from '../src/platform/db/migrate.js';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase, type Database, type Dialect } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';

export const dialects: readonly Dialect[] = ['sqlite', 'postgres'];

export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface TestContext extends AppContext {
  database: Database;
  databaseUrl: string;
  destroy(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  // The page cache is off in tests (each test asserts fresh output); page-cache.test.ts turns it on.
  return loadConfig({ NODE_ENV: 'test', SAMTRYGG_DEMO: 'true', LOG_LEVEL: 'silent', WORKERS: 'false', PAGE_CACHE_SECONDS: '0', ...overrides });
}

/**
 * A migrated, empty database of the given dialect with an AppContext around it. `migrations`
 * stops short of the latest schema, for tests of a migration on the data before it.
 */
export async function createTestContext(
  dialect: Dialect,
  configOverrides: Record<string, string> = {},
  options: { migrations?: Record<string, Migration>; modules?: readonly ModuleManifest[] } = {},
): Promise<TestContext> {
  const modules = options.modules ?? testModules;
  let url: string;
  let drop: () => Promise<void> = async () => undefined;
  if (dialect === 'sqlite') {
    url = 'sqlite::memory:';
  } else {
    const name = `samtrygg_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    url = withDatabase(postgresAdminUrl(), name);
    drop = async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const config = testConfig({ DATABASE_URL: url, ...configOverrides });
  const database = openDatabase(url, { poolSize: 4 });
  const ctx = createAppContext(config, pino({ level: 'silent' }), database, modules);
  await migrateToLatest(ctx.db, options.migrations ?? collectMigrations(modules));
  return {
    ...ctx,
    databaseUrl: url,
    async destroy() {
      await database.close();
      await drop();
    },
  };
}
