// Security pass (issue 5): every file belongs to an owner (a record of some module, in a
// kommun), which decides who may see it; files removed from their owner are deleted. The
// kernel fills in the kommun of every file and the owner of kommun logos; each module fills in
// its own owners in its own migration, and whatever stays without an owner is deleted by the
// files clean-up job. Frozen: never import app code here.
import { sql } from 'kysely';
import { columnTypes, type MigrationDb } from '../../db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('files').addColumn('kommun_id', t.id).execute();
  await db.schema.alterTable('files').addColumn('owner_type', t.text).execute();
  await db.schema.alterTable('files').addColumn('owner_id', t.id).execute();
  await db.schema.alterTable('files').addColumn('delete_after', t.timestamp).execute();

  // files.organisation_id has so far always been the kommun itself; a partner's file belongs to
  // the partner's kommun.
  await db
    .updateTable('files')
    .set({ kommun_id: sql`organisation_id` })
    .where('organisation_id', 'in', db.selectFrom('organisations').select('id').where('kind', '=', 'kommun'))
    .execute();
  await db
    .updateTable('files')
    .set({ kommun_id: sql`(select o.kommun_id from organisations o where o.id = files.organisation_id)` })
    .where('organisation_id', 'in', db.selectFrom('organisations').select('id').where('kind', '=', 'partner'))
    .execute();

  // The current logo of each kommun (settings JSON, parsed here rather than in SQL so both
  // dialects read it alike). Only a file of that same kommun can be its logo.
  const kommuner = (await db.selectFrom('organisations').select(['id', 'settings']).where('kind', '=', 'kommun').execute()) as { id: string; settings: string }[];
  for (const kommun of kommuner) {
    let logoFileId: unknown = null;
    try {
      logoFileId = (JSON.parse(kommun.settings) as { logoFileId?: unknown }).logoFileId;
    } catch {
      continue;
    }
    if (typeof logoFileId !== 'string') continue;
    await db
      .updateTable('files')
      .set({ owner_type: 'tenants.logo', owner_id: kommun.id })
      .where('id', '=', logoFileId)
      .where('kommun_id', '=', kommun.id)
      .execute();
  }

  // Who may see a file is asked of its owner on every request; the clean-up finds files that
  // are due (delete_after) or have no owner.
  await db.schema.createIndex('files_owner_idx').on('files').columns(['owner_type', 'owner_id']).execute();
  await db.schema.createIndex('files_delete_after_idx').on('files').column('delete_after').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('files_delete_after_idx').execute();
  await db.schema.dropIndex('files_owner_idx').execute();
  for (const column of ['delete_after', 'owner_id', 'owner_type', 'kommun_id']) {
    await db.schema.alterTable('files').dropColumn(column).execute();
  }
}
