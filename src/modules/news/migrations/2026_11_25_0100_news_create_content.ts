import { columnTypes, type MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('content_items')
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
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('content_items_slug_unique', ['kommun_id', 'kind', 'slug'])
    .execute();
  // Serves the public list (published, newest first) with keyset pagination at any depth.
  await db.schema
    .createIndex('content_items_public_idx')
    .on('content_items')
    .columns(['kommun_id', 'kind', 'status', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('content_items_staff_idx').on('content_items').columns(['kommun_id', 'kind', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('content_translations')
    .addColumn('content_id', t.id, (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('locale', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('summary', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('content_translations_pk', ['content_id', 'locale'])
    .execute();

  await db.schema
    .createTable('content_attachments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('content_id', t.id, (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('file_id', t.id, (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('position', t.integer, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_attachments_content_idx').on('content_attachments').columns(['content_id', 'position']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('content_attachments').execute();
  await db.schema.dropTable('content_translations').execute();
  await db.schema.dropTable('content_items').execute();
}
