// Photos edited by staff (blurred, cropped) keep their original for the retention time, counted
// from the edit; proof-of-work answers and fallback confirmations are spent once, remembered
// until they expire. Frozen: never import app code here.
import { columnTypes, type MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('report_photos').addColumn('edited_at', t.timestamp).execute();
  // The retention job walks originals by edit time.
  await db.schema.createIndex('report_photos_edited_idx').on('report_photos').columns(['edited_at']).execute();
  await db.schema
    .createTable('report_spent_challenges')
    .addColumn('key', t.text, (c) => c.primaryKey())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_spent_challenges_expires_idx').on('report_spent_challenges').column('expires_at').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('report_spent_challenges_expires_idx').execute();
  await db.schema.dropTable('report_spent_challenges').execute();
  await db.schema.dropIndex('report_photos_edited_idx').execute();
  await db.schema.alterTable('report_photos').dropColumn('edited_at').execute();
}
