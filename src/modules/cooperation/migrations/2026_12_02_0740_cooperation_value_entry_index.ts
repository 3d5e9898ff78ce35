import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

// A timeline shows the figures each entry reported (valuesOfEntries: entry_id in …). Without an
// index on entry_id both databases scanned every value of the kommun for each page: an activity
// page of the bench's volume (50,000 values) took ~200 ms instead of a few.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex('coop_indicator_values_entry_idx').on('coop_indicator_values').columns(['entry_id', 'kommun_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('coop_indicator_values_entry_idx').execute();
}
