import type { Kysely } from 'kysely';

// The outbox page lists one kommun's organisations' mail newest first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('mail_outbox_org_idx').on('mail_outbox').columns(['organisation_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_org_idx').execute();
}
