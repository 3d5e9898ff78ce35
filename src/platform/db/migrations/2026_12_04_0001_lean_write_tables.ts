// Every report sent, and every other audited action, writes an audit row and counts a rate limit
// in its transaction. On SQLite both tables were rowid tables with a separate index for their
// primary key: one B-tree more each to write, to journal in the group commit's savepoint and to
// append to the log (profiled under `npm run bench`, where B-tree pages and their copies were most
// of a send's database time). They are rebuilt WITHOUT ROWID, stored in key order.
//
// The audit rows of anonymous actions (a resident's report, a sign-in attempt) have no actor, and
// the index by actor served only "this person's actions" and a deleted account's rows
// (actor_user_id = ?): it now holds only rows with an actor, on both databases. The index by
// organisation and id was the first of two by organisation: the audit pages read
// audit_log_org_at_idx (organisation, time, id), which also finds an organisation's rows when it
// is deleted. It goes, on both databases.
// Frozen: never import app code here.
import { sql } from 'kysely';
import { rebuildWithoutRowId, type MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  await rebuildWithoutRowId(db, 'audit_log');
  await rebuildWithoutRowId(db, 'rate_limits');
  await db.schema.dropIndex('audit_log_actor_idx').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_user_id', 'id']).where(sql.ref('actor_user_id'), 'is not', null).execute();
  await db.schema.dropIndex('audit_log_org_idx').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  // The tables stay WITHOUT ROWID: they hold the same rows and answer the same queries.
  await db.schema.dropIndex('audit_log_actor_idx').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_user_id', 'id']).execute();
  await db.schema.createIndex('audit_log_org_idx').on('audit_log').columns(['organisation_id', 'id']).execute();
}
