import type { Kysely } from 'kysely';

// Mail to subscribers carries List-Unsubscribe headers, and its recipient is sealed rather than
// stored in to_address, so the outbox never shows staff a subscriber's address and holds none of
// them once the mail is sent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('headers_json', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('to_sealed', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('to_sealed').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('headers_json').execute();
}
