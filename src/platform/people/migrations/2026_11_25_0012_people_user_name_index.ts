import type { Kysely } from 'kysely';

// The people list is ordered and paged by name, then id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('users_name_idx').on('users').columns(['name', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_name_idx').execute();
}
