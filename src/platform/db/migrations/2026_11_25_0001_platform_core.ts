import { columnTypes, falseValue, type MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('organisations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('slug', t.text, (c) => c.unique())
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('kommun_id', t.id, (c) => c.references('organisations.id'))
    .addColumn('partner_type', t.text)
    .addColumn('settings', t.text, (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_kommun_idx').on('organisations').columns(['kommun_id', 'kind']).execute();

  await db.schema
    .createTable('police_area_kommuner')
    .addColumn('police_area_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('police_area_kommuner_pk', ['police_area_id', 'kommun_id'])
    .execute();
  await db.schema.createIndex('police_area_kommuner_kommun_idx').on('police_area_kommuner').column('kommun_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('email', t.text, (c) => c.notNull().unique())
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('password_hash', t.text)
    .addColumn('totp_secret', t.text)
    .addColumn('totp_enabled_at', t.timestamp)
    .addColumn('is_platform_admin', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('is_demo', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('failed_sign_ins', t.integer, (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.timestamp)
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('role', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('memberships_unique', ['user_id', 'organisation_id', 'role'])
    .execute();
  await db.schema.createIndex('memberships_org_idx').on('memberships').columns(['organisation_id', 'role']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', t.text, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_secret', t.text, (c) => c.notNull())
    .addColumn('second_factor_done', t.flag, (c) => c.notNull().defaultTo(falseValue(db)))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('user_tokens')
    .addColumn('token_hash', t.text, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', t.text, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_tokens_user_idx').on('user_tokens').columns(['user_id', 'purpose']).execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', t.text, (c) => c.notNull())
    .addColumn('window_start', t.bigint, (c) => c.notNull())
    .addColumn('hits', t.integer, (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation_id', t.id, (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('action', t.text, (c) => c.notNull())
    .addColumn('entity_type', t.text, (c) => c.notNull())
    .addColumn('entity_id', t.text)
    .addColumn('before_json', t.text)
    .addColumn('after_json', t.text)
    .execute();
  await db.schema.createIndex('audit_log_org_idx').on('audit_log').columns(['organisation_id', 'id']).execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_user_id', 'id']).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('organisation_id', t.id, (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('to_address', t.text, (c) => c.notNull())
    .addColumn('subject', t.text, (c) => c.notNull())
    .addColumn('body_text', t.text, (c) => c.notNull())
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('attempts', t.integer, (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', t.text)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .execute();
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('filename', t.text, (c) => c.notNull())
    .addColumn('content_type', t.text, (c) => c.notNull())
    .addColumn('size_bytes', t.integer, (c) => c.notNull())
    .addColumn('sha256', t.text, (c) => c.notNull())
    .addColumn('width', t.integer)
    .addColumn('height', t.integer)
    .addColumn('data', t.blob, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_org_idx').on('files').column('organisation_id').execute();

  await db.schema
    .createTable('places')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('description', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('geometry_type', t.text, (c) => c.notNull())
    .addColumn('lat', t.real, (c) => c.notNull())
    .addColumn('lon', t.real, (c) => c.notNull())
    .addColumn('geojson', t.text, (c) => c.notNull())
    .addColumn('min_lat', t.real, (c) => c.notNull())
    .addColumn('min_lon', t.real, (c) => c.notNull())
    .addColumn('max_lat', t.real, (c) => c.notNull())
    .addColumn('max_lon', t.real, (c) => c.notNull())
    .addColumn('h3_cell', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('places_kommun_slug_unique', ['kommun_id', 'slug'])
    .execute();
  await db.schema.createIndex('places_kommun_name_idx').on('places').columns(['kommun_id', 'name', 'id']).execute();
  await db.schema.createIndex('places_kommun_latlon_idx').on('places').columns(['kommun_id', 'lat', 'lon']).execute();

  await db.schema
    .createTable('job_locks')
    .addColumn('name', t.text, (c) => c.primaryKey())
    .addColumn('locked_until', t.timestamp, (c) => c.notNull())
    .addColumn('holder', t.text, (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    'job_locks',
    'places',
    'files',
    'mail_outbox',
    'audit_log',
    'rate_limits',
    'user_tokens',
    'sessions',
    'memberships',
    'users',
    'police_area_kommuner',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
