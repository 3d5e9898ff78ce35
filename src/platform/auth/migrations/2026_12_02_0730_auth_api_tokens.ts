// Personal API tokens: a staff person's key for the JSON API (Authorization: Bearer stg_…).
// Only the token's SHA-256 is stored, so the table hands out nothing if it leaks. A token dies
// with its person (on delete cascade); a revoked one keeps its row (revoked_at) for the list and
// the audit trail until the person is removed.
// Frozen: never import app code here.
import { columnTypes, type MigrationDb } from '../../db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('token_hash', t.text, (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  // The person's own list, newest first, and the count of their live tokens.
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').columns(['user_id', 'created_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
}
