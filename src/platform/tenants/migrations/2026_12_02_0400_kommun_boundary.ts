import { columnTypes, type MigrationDb } from '../../db/migration-helpers.js';

// A kommun's boundary lives in its own columns, not in the settings JSON: it can hold thousands of
// positions, and the settings are read with the kommun on every request and copied whole into the
// audit row of every settings change. `boundary_summary` is the small part pages need (source
// note, bounding box, size) and is read with the kommun; `boundary` (GeoJSON) only when asked.
export async function up(db: MigrationDb): Promise<void> {
  const types = columnTypes(db);
  await db.schema.alterTable('organisations').addColumn('boundary', types.text).execute();
  await db.schema.alterTable('organisations').addColumn('boundary_summary', types.text).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('boundary_summary').execute();
  await db.schema.alterTable('organisations').dropColumn('boundary').execute();
}
