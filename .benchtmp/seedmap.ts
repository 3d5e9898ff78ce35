import pino from 'pino';
import { createAppContext } from '../src/app/context.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { collectMigrations, migrateToLatest } from '../src/platform/db/migrate.js';
import { allModules } from '../src/app/modules.js';
import { seedDemo } from '../src/platform/demo.js';
import { insertMapVolume } from '../src/modules/reports/report.map.bench.js';
import { rmSync } from 'node:fs';
rmSync('/tmp/seedmap.db', { force: true }); rmSync('/tmp/seedmap.db-wal', { force: true });
const url = 'sqlite:/tmp/seedmap.db';
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', WORKERS: 'false', DATABASE_URL: url });
const database = openDatabase(url, { poolSize: 4 });
const ctx = createAppContext(config, pino({ level: 'silent' }), database);
await migrateToLatest(ctx.db, collectMigrations(allModules));
const seed = await seedDemo(ctx);
for (const n of [50_000, 100_000]) {
  const s = performance.now();
  await insertMapVolume(ctx.db, seed.kommunId, n);
  console.log(n, ((performance.now() - s) / 1000).toFixed(1), 's');
}
await database.close();
