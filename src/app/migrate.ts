// `npm run migrate`: applies every pending migration of the kernel and the modules, then exits.
// `npm start` does the same on each start; this is for deployments that migrate as a separate step.
import { resolve } from 'node:path';
import { loadConfigOrExit } from '../platform/config.js';
import { collectMigrations } from '../platform/db/migrate.js';
import { allModules } from './modules.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const database = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    const result = await migrateToLatest(database.db, collectMigrations(allModules));
    const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    process.stdout.write(applied.length === 0 ? 'The database is up to date.\n' : `Applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}\n`).join('')}`);
    return 0;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
