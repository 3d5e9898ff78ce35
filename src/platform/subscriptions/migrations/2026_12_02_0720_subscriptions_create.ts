import { columnTypes, type MigrationDb } from '../../db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('email_subscriptions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('topic', t.text, (c) => c.notNull())
    .addColumn('topic_title', t.text, (c) => c.notNull())
    .addColumn('topic_path', t.text, (c) => c.notNull())
    .addColumn('email_sealed', t.text, (c) => c.notNull())
    .addColumn('email_hash', t.text, (c) => c.notNull())
    .addColumn('locale', t.text, (c) => c.notNull())
    .addColumn('confirm_token_hash', t.text)
    .addColumn('requested_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('confirmed_at', t.timestamp)
    .execute();
  // One row per address and topic: a second request refreshes the unconfirmed row.
  await db.schema.createIndex('email_subscriptions_address_idx').on('email_subscriptions').columns(['kommun_id', 'topic', 'email_hash']).unique().execute();
  // Notifying walks a topic's subscribers in id order, a batch at a time.
  await db.schema.createIndex('email_subscriptions_topic_idx').on('email_subscriptions').columns(['kommun_id', 'topic', 'id']).execute();
  // The confirmation link finds its row (NULLs, once confirmed, do not collide in either database).
  await db.schema.createIndex('email_subscriptions_confirm_idx').on('email_subscriptions').column('confirm_token_hash').unique().execute();
  // The cleanup job deletes unconfirmed rows whose link has expired.
  await db.schema.createIndex('email_subscriptions_unconfirmed_idx').on('email_subscriptions').columns(['confirmed_at', 'requested_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('email_subscriptions').execute();
}
