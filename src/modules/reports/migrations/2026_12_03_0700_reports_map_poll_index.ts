import { sql } from 'kysely';
import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

// The public map's poll reads the reports changed since it last looked (report.map.service.ts),
// once a second on every instance. Only a report that was ever published can be on a map or have
// to leave one: published_at is set at the first publication and never cleared. A report waiting
// for moderation was read all the same, and under a stream of new reports each poll read the
// last three seconds of them again (thousands of rows at a time, all of them only to be skipped;
// the sends' p99 at 16 connections showed the stall). Holding only reports that were ever
// published, the index is also one fewer that a new report (pending) writes to.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('reports_updated_idx').execute();
  await db.schema.createIndex('reports_updated_idx').on('reports').columns(['kommun_id', 'updated_at', 'id']).where(sql.ref('published_at'), 'is not', null).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('reports_updated_idx').execute();
  await db.schema.createIndex('reports_updated_idx').on('reports').columns(['kommun_id', 'updated_at', 'id']).execute();
}
