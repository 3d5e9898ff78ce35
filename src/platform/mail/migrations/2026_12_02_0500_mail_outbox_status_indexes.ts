import type { Kysely } from 'kysely';

// Every view of the staff overview counts the failed mail of the kommun (or of a police area's
// own rows); the outbox keeps every mail ever sent, and without these the count read them all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('mail_outbox_kommun_status_idx').on('mail_outbox').columns(['kommun_id', 'status']).execute();
  await db.schema.createIndex('mail_outbox_org_status_idx').on('mail_outbox').columns(['organisation_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_org_status_idx').execute();
  await db.schema.dropIndex('mail_outbox_kommun_status_idx').execute();
}
