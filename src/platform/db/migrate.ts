import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';

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
