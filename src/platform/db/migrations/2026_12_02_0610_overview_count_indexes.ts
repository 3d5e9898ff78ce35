// The staff overview counts, on every view, the people of the reader's scope whose sign-in is
// paused now and the roles offered there but not yet answered. Both were read from every role
// in the scope; these let each count start from the few rows it is about.
import { sql } from 'kysely';
import type { MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex('sign_in_throttles_blocked_idx').on('sign_in_throttles').columns(['blocked_until', 'user_id']).execute();
  await db.schema.createIndex('memberships_pending_idx').on('memberships').column('organisation_id').where(sql.ref('accepted_at'), 'is', null).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('memberships_pending_idx').execute();
  await db.schema.dropIndex('sign_in_throttles_blocked_idx').execute();
}
