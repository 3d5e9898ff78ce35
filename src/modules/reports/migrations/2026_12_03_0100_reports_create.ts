import { columnTypes, falseValue, type MigrationDb } from '../../../platform/db/migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('reports')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('reference', t.text, (c) => c.notNull())
    .addColumn('category_code', t.text, (c) => c.notNull())
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('moderation', t.text, (c) => c.notNull())
    .addColumn('lat', t.real, (c) => c.notNull())
    .addColumn('lon', t.real, (c) => c.notNull())
    .addColumn('public_lat', t.real)
    .addColumn('public_lon', t.real)
    .addColumn('h3_cell', t.text, (c) => c.notNull())
    .addColumn('place_id', t.id, (c) => c.references('places.id').onDelete('set null'))
    .addColumn('location_text', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('when_parts', t.integer, (c) => c.notNull())
    .addColumn('when_days', t.integer, (c) => c.notNull())
    .addColumn('observed_on', t.text)
    .addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('public_description', t.text)
    .addColumn('answers_json', t.text, (c) => c.notNull().defaultTo('{}'))
    .addColumn('supporters', t.integer, (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_organisation_id', t.id, (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('duplicate_of_id', t.id)
    .addColumn('activity_id', t.id)
    .addColumn('source', t.text, (c) => c.notNull())
    .addColumn('open311_client_id', t.id)
    .addColumn('idempotency_key', t.text)
    .addColumn('client_hash', t.text)
    .addColumn('has_contact', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('locale', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('published_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('fixed_question_at', t.timestamp)
    .addColumn('contact_deleted_at', t.timestamp)
    .addColumn('version', t.integer, (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('reports_reference_unique').on('reports').column('reference').unique().execute();
  // A second POST of the same form (a double click) finds the first report instead of a twin.
  await db.schema.createIndex('reports_idempotency_unique').on('reports').columns(['kommun_id', 'idempotency_key']).unique().execute();
  // The public list and feed: published reports of a kommun, newest first, keyset-paged.
  await db.schema.createIndex('reports_public_idx').on('reports').columns(['kommun_id', 'moderation', 'created_at', 'id']).execute();
  // The staff queue's first filters, each walked newest first.
  await db.schema.createIndex('reports_queue_idx').on('reports').columns(['kommun_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_status_idx').on('reports').columns(['kommun_id', 'status', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_category_idx').on('reports').columns(['kommun_id', 'category_code', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_assigned_idx').on('reports').columns(['assigned_organisation_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_place_idx').on('reports').columns(['place_id', 'created_at', 'id']).execute();
  // Nearby reports of the same category while reporting (duplicates): a latitude band, then longitude.
  await db.schema.createIndex('reports_nearby_idx').on('reports').columns(['kommun_id', 'category_code', 'lat', 'lon']).execute();
  // Map boxes without clustering (GeoJSON with bbox, Open311 consumers).
  await db.schema.createIndex('reports_public_geo_idx').on('reports').columns(['kommun_id', 'public_lat', 'public_lon']).execute();
  // Jobs: contact retention after closing; "is it fixed?" after some weeks.
  await db.schema.createIndex('reports_closed_idx').on('reports').columns(['closed_at']).execute();
  await db.schema.createIndex('reports_updated_idx').on('reports').columns(['kommun_id', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('report_events')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('report_id', t.id, (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull())
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('is_public', t.flag, (c) => c.notNull())
    .addColumn('body', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation_id', t.id)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_events_report_idx').on('report_events').columns(['report_id', 'created_at', 'id']).execute();
  // Open311 servicerequestupdates and the public feed of changes: public events by time.
  await db.schema.createIndex('report_events_public_idx').on('report_events').columns(['kommun_id', 'is_public', 'created_at', 'id']).execute();

  await db.schema
    .createTable('report_supports')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('report_id', t.id, (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull())
    .addColumn('when_parts', t.integer, (c) => c.notNull())
    .addColumn('when_days', t.integer, (c) => c.notNull())
    .addColumn('client_hash', t.text)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_supports_report_idx').on('report_supports').columns(['report_id', 'created_at']).execute();

  await db.schema
    .createTable('report_photos')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('report_id', t.id, (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull())
    .addColumn('file_id', t.id, (c) => c.notNull())
    .addColumn('original_file_id', t.id)
    .addColumn('state', t.text, (c) => c.notNull())
    .addColumn('position', t.integer, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_photos_report_idx').on('report_photos').columns(['report_id', 'position']).execute();

  await db.schema
    .createTable('report_categories')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('code', t.text, (c) => c.notNull())
    .addColumn('name_sv', t.text, (c) => c.notNull())
    .addColumn('name_en', t.text, (c) => c.notNull())
    .addColumn('description_sv', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('notice_sv', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('notice_en', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('sensitive', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('publish_at_once', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('questions_json', t.text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', t.integer, (c) => c.notNull())
    .addColumn('active', t.flag, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('report_categories_code_unique', ['kommun_id', 'code'])
    .execute();

  await db.schema
    .createTable('report_templates')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('status', t.text)
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('body', t.text, (c) => c.notNull())
    .addColumn('position', t.integer, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_templates_kommun_idx').on('report_templates').columns(['kommun_id', 'position']).execute();

  await db.schema
    .createTable('open311_clients')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('key_hash', t.text, (c) => c.notNull())
    .addColumn('key_hint', t.text, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('last_used_at', t.timestamp)
    .execute();
  await db.schema.createIndex('open311_clients_key_unique').on('open311_clients').column('key_hash').unique().execute();
  await db.schema.createIndex('open311_clients_kommun_idx').on('open311_clients').columns(['kommun_id', 'created_at']).execute();

  await db.schema
    .createTable('report_blocked_clients')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('client_hash', t.text, (c) => c.notNull())
    .addColumn('reason', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('report_blocked_clients_unique', ['kommun_id', 'client_hash'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of ['report_blocked_clients', 'open311_clients', 'report_templates', 'report_categories', 'report_photos', 'report_supports', 'report_events', 'reports']) {
    await db.schema.dropTable(table).execute();
  }
}
