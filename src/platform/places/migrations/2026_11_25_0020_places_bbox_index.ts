import type { MigrationDb } from '../../db/migration-helpers.js';

// The map asks for the places whose bounding box overlaps the visible area. A covering index on
// the box lets the database answer that from the index alone within one kommun, instead of
// reading every row of the table.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex('places_kommun_bbox_idx').on('places').columns(['kommun_id', 'max_lat', 'min_lat', 'max_lon', 'min_lon']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('places_kommun_bbox_idx').execute();
}
