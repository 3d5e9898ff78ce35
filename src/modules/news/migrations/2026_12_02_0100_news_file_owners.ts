// Security pass (issue 5): files now have owners (the kernel's 2026_12_02_0002_files_owners).
// News owns the main images of its items and their attachments; the files' owner is the item,
// and their kommun the item's. Files no item uses any more stay without an owner and are
// deleted by the files clean-up. Frozen: never import app code here.
import { sql } from 'kysely';
import type { MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  await db
    .updateTable('files')
    .set({
      owner_type: 'news.image',
      owner_id: sql`(select min(ci.id) from content_items ci where ci.image_file_id = files.id)`,
      kommun_id: sql`(select min(ci.kommun_id) from content_items ci where ci.image_file_id = files.id)`,
    })
    .where('id', 'in', db.selectFrom('content_items').select('image_file_id').where('image_file_id', 'is not', null))
    .execute();
  await db
    .updateTable('files')
    .set({
      owner_type: 'news.attachment',
      owner_id: sql`(select min(ca.content_id) from content_attachments ca where ca.file_id = files.id)`,
      kommun_id: sql`(select min(ci.kommun_id) from content_attachments ca join content_items ci on ci.id = ca.content_id where ca.file_id = files.id)`,
    })
    .where('id', 'in', db.selectFrom('content_attachments').select('file_id'))
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.updateTable('files').set({ owner_type: null, owner_id: null }).where('owner_type', 'in', ['news.image', 'news.attachment']).execute();
}
