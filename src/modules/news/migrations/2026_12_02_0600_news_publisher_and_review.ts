// Issue 6 (§5, staff pages): an item records which organisation publishes it (the kommun, or a
// police area serving it), and a kommun may require that the other party reviews an item before
// it is published. Status gains 'in_review'; the item keeps the reviewer's note to the author and
// who asked for the review. Every item written so far was the kommun's own.
//
// The publisher is NOT NULL on both databases. PostgreSQL adds the column, fills it and then sets
// NOT NULL. SQLite cannot add a NOT NULL column that references another table, nor add NOT NULL
// afterwards, so the table is rebuilt the way SQLite documents it (sqlite.org/lang_altertable.html,
// "other kinds of table schema changes"): foreign keys off, new table, copy, drop, rename, indexes
// again, foreign_key_check, all in one transaction. Frozen: never import app code here.
import { sql } from 'kysely';
import { columnTypes, isPostgres, type MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  if (!isPostgres(db)) {
    await rebuildOnSqlite(db, 'with review');
    return;
  }
  const t = columnTypes(db);
  await db.schema.alterTable('content_items').addColumn('publisher_organisation_id', t.id, (c) => c.references('organisations.id')).execute();
  await db.updateTable('content_items').set({ publisher_organisation_id: sql`kommun_id` }).execute();
  await db.schema.alterTable('content_items').alterColumn('publisher_organisation_id', (c) => c.setNotNull()).execute();
  await db.schema.alterTable('content_items').addColumn('review_note', t.text, (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('content_items').addColumn('review_requested_by', t.id, (c) => c.references('users.id').onDelete('set null')).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  // The old schema knows no review: an item waiting for one is a draft again.
  await db.updateTable('content_items').set({ status: 'draft' }).where('status', '=', 'in_review').execute();
  if (!isPostgres(db)) {
    await rebuildOnSqlite(db, 'without review');
    return;
  }
  for (const column of ['review_requested_by', 'review_note', 'publisher_organisation_id']) {
    await db.schema.alterTable('content_items').dropColumn(column).execute();
  }
}

type Shape = 'with review' | 'without review';

const oldColumns = [
  'id', 'kommun_id', 'kind', 'slug', 'title', 'summary', 'body_md', 'body_html', 'easy_body_md', 'easy_body_html', 'image_file_id', 'image_alt',
  'image_credit', 'status', 'published_at', 'content_updated_at', 'created_by', 'updated_by', 'created_at', 'updated_at',
] as const;

/** content_items as 2026_11_25_0100 created it, plus (with review) this migration's columns. */
async function createContentItems(db: MigrationDb, name: string, shape: Shape): Promise<void> {
  const t = columnTypes(db);
  let table = db.schema
    .createTable(name)
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('summary', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('easy_body_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('easy_body_html', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('image_file_id', t.id, (c) => c.references('files.id').onDelete('set null'))
    .addColumn('image_alt', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('image_credit', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('published_at', t.timestamp)
    .addColumn('content_updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull());
  if (shape === 'with review') {
    table = table
      .addColumn('publisher_organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
      .addColumn('review_note', t.text, (c) => c.notNull().defaultTo(''))
      .addColumn('review_requested_by', t.id, (c) => c.references('users.id').onDelete('set null'));
  }
  await table.addUniqueConstraint('content_items_slug_unique', ['kommun_id', 'kind', 'slug']).execute();
}

async function rebuildOnSqlite(db: MigrationDb, shape: Shape): Promise<void> {
  // SQLite ignores this pragma inside a transaction, and the migrator runs SQLite migrations
  // outside one: it is switched here, around the transaction that does the work. With foreign
  // keys on, dropping the old table would delete every translation and attachment (cascade).
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await createContentItems(trx, 'content_items_next', shape);
      const columns = sql.join(oldColumns.map((c) => sql.ref(c)));
      if (shape === 'with review') {
        await sql`insert into content_items_next (${columns}, publisher_organisation_id) select ${columns}, kommun_id from content_items`.execute(trx);
      } else {
        await sql`insert into content_items_next (${columns}) select ${columns} from content_items`.execute(trx);
      }
      await trx.schema.dropTable('content_items').execute();
      await trx.schema.alterTable('content_items_next').renameTo('content_items').execute();
      // As 2026_11_25_0100 made them (they went with the old table).
      await trx.schema.createIndex('content_items_public_idx').on('content_items').columns(['kommun_id', 'kind', 'status', 'published_at', 'id']).execute();
      await trx.schema.createIndex('content_items_staff_idx').on('content_items').columns(['kommun_id', 'kind', 'updated_at', 'id']).execute();
      const broken = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`content_items rebuild left broken references: ${JSON.stringify(broken.rows.slice(0, 5))}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
