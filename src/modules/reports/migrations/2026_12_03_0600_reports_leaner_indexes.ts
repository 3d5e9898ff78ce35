import { sql } from 'kysely';
import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

// Every report sent wrote to eighteen indexes, and the send is the module's hot path (issue 8:
// ≥ 2,000 a second on SQLite). Each index below was checked against the queries that use it:
//
// - reports_closed_idx (closed_at alone): no query reads it; the two jobs that look at closed_at
//   name the kommun first and have their own indexes (below).
// - reports_public_geo_idx: no query looks up public positions by range; the map reads its cluster
//   index, and the public list and Open311 page by creation time.
// - reports_nearby_idx (kommun, category, lat, lon): the reports offered while reporting ask for a
//   box a few hundred metres wide; reports_staff_geo_idx (kommun, lat, lon) finds the box's rows
//   as well, and the category is checked on those few.
//
// Two more only ever look at rows a new report does not have, so they hold only those rows: the
// "is it fixed?" and contact-retention jobs read closed reports (closed_at <= / < cutoff, which
// both databases know implies closed_at is not null). reports_assigned_idx stays whole: made
// partial, SQLite's planner preferred it to reports_kommun_assigned_idx for a partner's queue and
// sorted the partner's every report.
export async function up(db: MigrationDb): Promise<void> {
  for (const name of ['reports_closed_idx', 'reports_public_geo_idx', 'reports_nearby_idx', 'reports_fixed_question_idx', 'reports_contact_retention_idx']) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.createIndex('reports_fixed_question_idx').on('reports').columns(['kommun_id', 'status', 'fixed_question_at', 'closed_at']).where(sql.ref('closed_at'), 'is not', null).execute();
  await db.schema.createIndex('reports_contact_retention_idx').on('reports').columns(['kommun_id', 'contact_deleted_at', 'closed_at']).where(sql.ref('closed_at'), 'is not', null).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const name of ['reports_fixed_question_idx', 'reports_contact_retention_idx']) await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('reports_nearby_idx').on('reports').columns(['kommun_id', 'category_code', 'lat', 'lon']).execute();
  await db.schema.createIndex('reports_public_geo_idx').on('reports').columns(['kommun_id', 'public_lat', 'public_lon']).execute();
  await db.schema.createIndex('reports_closed_idx').on('reports').columns(['closed_at']).execute();
  await db.schema.createIndex('reports_fixed_question_idx').on('reports').columns(['kommun_id', 'status', 'fixed_question_at', 'closed_at']).execute();
  await db.schema.createIndex('reports_contact_retention_idx').on('reports').columns(['kommun_id', 'contact_deleted_at', 'closed_at']).execute();
}
