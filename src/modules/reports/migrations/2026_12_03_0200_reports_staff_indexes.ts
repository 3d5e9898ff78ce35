import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

// The staff queue beyond the first migration's indexes: sorted by "me too", in a map box or a
// named place's neighbourhood, and the moderation queue; and the "is it fixed?" job.
export async function up(db: MigrationDb): Promise<void> {
  // Queue sorted by most "me too" (keyset on supporters, created_at, id).
  await db.schema.createIndex('reports_supporters_idx').on('reports').columns(['kommun_id', 'supporters', 'created_at', 'id']).execute();
  // Queue filtered by an area (map box, or a named place's neighbourhood): a latitude band, then longitude.
  await db.schema.createIndex('reports_staff_geo_idx').on('reports').columns(['kommun_id', 'lat', 'lon']).execute();
  // Queue filtered by assigned organisation within the kommun, newest first (a partner's own queue).
  await db.schema.createIndex('reports_kommun_assigned_idx').on('reports').columns(['kommun_id', 'assigned_organisation_id', 'created_at', 'id']).execute();
  // "Is it fixed?": a kommun's fixed reports not yet asked, by how long they have been fixed.
  await db.schema.createIndex('reports_fixed_question_idx').on('reports').columns(['kommun_id', 'status', 'fixed_question_at', 'closed_at']).execute();
  // Contact retention: a kommun's closed reports whose contact details are still there, by closing time.
  await db.schema.createIndex('reports_contact_retention_idx').on('reports').columns(['kommun_id', 'contact_deleted_at', 'closed_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const name of ['reports_contact_retention_idx', 'reports_fixed_question_idx', 'reports_kommun_assigned_idx', 'reports_staff_geo_idx', 'reports_supporters_idx']) await db.schema.dropIndex(name).execute();
}
