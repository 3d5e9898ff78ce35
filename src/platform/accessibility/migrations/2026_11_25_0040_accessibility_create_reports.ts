import { columnTypes, type MigrationDb } from '../../db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('accessibility_reports')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('page_url', t.text, (c) => c.notNull())
    .addColumn('description', t.text, (c) => c.notNull())
    .addColumn('reply_email', t.text)
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('handled_at', t.timestamp)
    .addColumn('handled_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // The staff list: one kommun, one status, newest first (ids are time-ordered UUIDv7).
  await db.schema.createIndex('accessibility_reports_list_idx').on('accessibility_reports').columns(['kommun_id', 'status', 'id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('accessibility_reports').execute();
}
