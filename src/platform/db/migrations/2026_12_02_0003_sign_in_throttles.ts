// Security pass (issue 5), sign-in: exponential back-off replaces the hard lock on users
// (failed_sign_ins/locked_until stay, unused), and each TOTP time step is accepted at most once.
// Frozen: never import app code here. TOTP secrets stored in plain text are sealed by the auth
// clean-up job, because sealing needs the configured secret, which a migration must not read.
import { columnTypes, type MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  // One row per thing that failed: an account, an account on one client, a client address, an
  // account's second factor. The key is a keyed hash, so the table names no e-mail or IP address;
  // user_id is set when the key belongs to an existing account, for the people page.
  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('key', t.text, (c) => c.primaryKey())
    .addColumn('scope', t.text, (c) => c.notNull())
    .addColumn('user_id', t.id, (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('failures', t.integer, (c) => c.notNull())
    .addColumn('last_failure_at', t.timestamp, (c) => c.notNull())
    .addColumn('blocked_until', t.timestamp)
    .execute();
  await db.schema.createIndex('sign_in_throttles_user_idx').on('sign_in_throttles').columns(['user_id', 'blocked_until']).execute();
  await db.schema.createIndex('sign_in_throttles_last_failure_idx').on('sign_in_throttles').column('last_failure_at').execute();

  // The last TOTP time step (unix time / 30 s) accepted for the account; only a later one is.
  await db.schema.alterTable('users').addColumn('totp_last_step', t.integer).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
  await db.schema.dropTable('sign_in_throttles').execute();
}
