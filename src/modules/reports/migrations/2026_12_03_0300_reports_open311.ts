import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

// Open311 GET requests with a service_code: published reports of one category, newest first,
// walked in order (reports_category_idx would visit unpublished rows too, and at 1M reports a
// category's pending and rejected ones are many).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex('reports_open311_category_idx').on('reports').columns(['kommun_id', 'moderation', 'category_code', 'created_at', 'id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('reports_open311_category_idx').execute();
}
