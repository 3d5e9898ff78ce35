// A report sent writes its first history entry and spends its proof of work in its transaction.
// On SQLite both tables were rowid tables with a separate index for their primary key: one
// B-tree more each to write, to journal in the group commit's savepoint and to append to the log
// (profiled under `npm run bench`). They are rebuilt WITHOUT ROWID, stored in key order; on
// PostgreSQL nothing changes. Frozen: never import app code here.
import { rebuildWithoutRowId, type MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  await rebuildWithoutRowId(db, 'report_events');
  await rebuildWithoutRowId(db, 'report_spent_challenges');
}

export async function down(): Promise<void> {
  // The tables stay WITHOUT ROWID: they hold the same rows and answer the same queries.
}
