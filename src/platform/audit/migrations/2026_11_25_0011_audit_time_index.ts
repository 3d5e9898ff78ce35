import type { Kysely } from 'kysely';

// The log browser lists an organisation's rows newest first by the time of the change.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_org_at_idx').on('audit_log').columns(['organisation_id', 'at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_org_at_idx').execute();
}
