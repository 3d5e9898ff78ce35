import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import type { ModuleManifest } from '../module.js';

/**
 * Runs every pending migration of the kernel and the modules. Names start with a date, so they
 * sort into the order they were written; modules added later may slot in before migrations that
 * already ran, hence allowUnorderedMigrations.
 */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

/** The migrations of the features and modules an app runs; a name defined twice is a programming error. */
export function collectMigrations(modules: readonly Pick<ModuleManifest, 'migrations'>[]): Record<string, Migration> {
  const migrations: Record<string, Migration> = {};
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (migrations[name]) throw new Error(`Migration ${name} is defined twice`);
      migrations[name] = migration;
    }
  }
  return migrations;
}
