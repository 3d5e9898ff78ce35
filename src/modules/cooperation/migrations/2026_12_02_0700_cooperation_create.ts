import { columnTypes, type MigrationDb } from '../../../platform/db/migration-helpers.js';

// The cooperation module's tables. Dates of the plan world (periods, when something happened,
// when a value was measured) are calendar dates as 'YYYY-MM-DD' text, which sort and compare the
// same in both databases; moments (created, updated, published) are timestamps.
export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);

  // ---- samverkansöverenskommelse: a head row and its versions ---------------------------------
  await db.schema
    .createTable('coop_agreements')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('latest_version_no', t.integer, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_agreements_slug_unique', ['kommun_id', 'slug'])
    .execute();
  await db.schema
    .createTable('coop_agreement_versions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('agreement_id', t.id, (c) => c.notNull().references('coop_agreements.id').onDelete('cascade'))
    .addColumn('version_no', t.integer, (c) => c.notNull())
    /** draft → decided → in_force → ended; an older decided version becomes superseded. */
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('period_start', t.text, (c) => c.notNull())
    .addColumn('period_end', t.text, (c) => c.notNull())
    /** Everything else of the version (purpose, goals, groups, signatories, annexes, parties) as JSON checked by its zod schema. */
    .addColumn('content_json', t.text, (c) => c.notNull())
    .addColumn('decided_by_body', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('decided_on', t.text)
    .addColumn('diarienummer', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('change_note', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('lock_version', t.integer, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_agreement_versions_unique', ['agreement_id', 'version_no'])
    .execute();

  // ---- åtgärdsplan ---------------------------------------------------------------------------
  await db.schema
    .createTable('coop_plans')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('summary_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('summary_html', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('period_start', t.text, (c) => c.notNull())
    .addColumn('period_end', t.text, (c) => c.notNull())
    /** draft → decided → in_force → ended. Public from decided on. */
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('agreement_id', t.id, (c) => c.references('coop_agreements.id').onDelete('set null'))
    .addColumn('decided_by_body', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('decided_on', t.text)
    .addColumn('lock_version', t.integer, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_plans_slug_unique', ['kommun_id', 'slug'])
    .execute();
  await db.schema.createIndex('coop_plans_kommun_idx').on('coop_plans').columns(['kommun_id', 'period_start', 'id']).execute();

  await db.schema
    .createTable('coop_activities')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('plan_id', t.id, (c) => c.notNull().references('coop_plans.id').onDelete('cascade'))
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('position', t.integer, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('problem', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('cause', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('description_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('description_html', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('operational_goal', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('starts_on', t.text, (c) => c.notNull())
    .addColumn('ends_on', t.text)
    .addColumn('follow_up_method', t.text, (c) => c.notNull().defaultTo(''))
    /** kommun, police, partner or joint; with responsible_organisation_id naming the organisation. */
    .addColumn('responsible_party', t.text, (c) => c.notNull())
    .addColumn('responsible_organisation_id', t.id, (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('responsible_role', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('activity_type', t.text, (c) => c.notNull())
    .addColumn('theme', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('assessment', t.text)
    .addColumn('assessment_text', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('progress', t.integer, (c) => c.notNull())
    /** The latest public follow-up's date, kept here so the overview needs no join to show it. */
    .addColumn('last_public_update_on', t.text)
    .addColumn('lock_version', t.integer, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_activities_slug_unique', ['plan_id', 'slug'])
    .execute();
  // The plan overview: a plan's activities in order, with the filters applied to these rows.
  await db.schema.createIndex('coop_activities_plan_idx').on('coop_activities').columns(['kommun_id', 'plan_id', 'position', 'id']).execute();

  await db.schema
    .createTable('coop_activity_places')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('coop_activities.id').onDelete('cascade'))
    .addColumn('place_id', t.id, (c) => c.notNull().references('places.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('coop_activity_places_pk', ['activity_id', 'place_id'])
    .execute();
  await db.schema.createIndex('coop_activity_places_place_idx').on('coop_activity_places').columns(['place_id', 'activity_id']).execute();

  // ---- indicators --------------------------------------------------------------------------
  await db.schema
    .createTable('coop_indicators')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('activity_id', t.id, (c) => c.notNull().references('coop_activities.id').onDelete('cascade'))
    .addColumn('position', t.integer, (c) => c.notNull())
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('unit', t.text, (c) => c.notNull())
    .addColumn('baseline', t.real)
    .addColumn('baseline_on', t.text)
    .addColumn('target', t.real)
    /** increase, decrease or maintain: which way is better. */
    .addColumn('direction', t.text, (c) => c.notNull())
    .addColumn('lock_version', t.integer, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coop_indicators_activity_idx').on('coop_indicators').columns(['activity_id', 'position']).execute();

  await db.schema
    .createTable('coop_indicator_values')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('indicator_id', t.id, (c) => c.notNull().references('coop_indicators.id').onDelete('cascade'))
    .addColumn('measured_on', t.text, (c) => c.notNull())
    .addColumn('value', t.real, (c) => c.notNull())
    /** The follow-up entry that reported the value, when one did; its visibility is the value's. */
    .addColumn('entry_id', t.id)
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coop_indicator_values_idx').on('coop_indicator_values').columns(['indicator_id', 'measured_on', 'id']).execute();
  await db.schema.createIndex('coop_indicator_values_export_idx').on('coop_indicator_values').columns(['kommun_id', 'id']).execute();

  // ---- medborgarlöften: a head row and its versions; links kept as rows for the reverse lookup
  await db.schema
    .createTable('coop_promises')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('slug', t.text, (c) => c.notNull())
    .addColumn('latest_version_no', t.integer, (c) => c.notNull())
    /** The version residents see (published, or ended); null until the first is published. */
    .addColumn('public_version_no', t.integer)
    .addColumn('period_start', t.text, (c) => c.notNull())
    .addColumn('period_end', t.text, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_promises_slug_unique', ['kommun_id', 'slug'])
    .execute();
  await db.schema.createIndex('coop_promises_kommun_idx').on('coop_promises').columns(['kommun_id', 'period_start', 'id']).execute();
  await db.schema
    .createTable('coop_promise_versions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('promise_id', t.id, (c) => c.notNull().references('coop_promises.id').onDelete('cascade'))
    .addColumn('version_no', t.integer, (c) => c.notNull())
    /** draft → published → ended; an older published version becomes superseded. */
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('period_start', t.text, (c) => c.notNull())
    .addColumn('period_end', t.text, (c) => c.notNull())
    /** Situation today, the promises with their linked activities, expected effect, follow-up, signatories. */
    .addColumn('content_json', t.text, (c) => c.notNull())
    .addColumn('published_at', t.timestamp)
    .addColumn('change_note', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('lock_version', t.integer, (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('coop_promise_versions_unique', ['promise_id', 'version_no'])
    .execute();
  await db.schema
    .createTable('coop_promise_activities')
    .addColumn('promise_id', t.id, (c) => c.notNull().references('coop_promises.id').onDelete('cascade'))
    .addColumn('version_no', t.integer, (c) => c.notNull())
    .addColumn('item_position', t.integer, (c) => c.notNull())
    .addColumn('activity_id', t.id, (c) => c.notNull().references('coop_activities.id').onDelete('cascade'))
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('coop_promise_activities_pk', ['promise_id', 'version_no', 'item_position', 'activity_id'])
    .execute();
  await db.schema.createIndex('coop_promise_activities_activity_idx').on('coop_promise_activities').columns(['activity_id', 'promise_id']).execute();

  // ---- follow-up entries -------------------------------------------------------------------
  await db.schema
    .createTable('coop_entries')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    /** One of activity_id or promise_id is set. */
    .addColumn('activity_id', t.id, (c) => c.references('coop_activities.id').onDelete('cascade'))
    .addColumn('promise_id', t.id, (c) => c.references('coop_promises.id').onDelete('cascade'))
    .addColumn('plan_id', t.id, (c) => c.references('coop_plans.id').onDelete('cascade'))
    .addColumn('happened_on', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull())
    .addColumn('body_md', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', t.text, (c) => c.notNull().defaultTo(''))
    /** public or internal (the cooperation's kommun and police only). */
    .addColumn('visibility', t.text, (c) => c.notNull())
    .addColumn('author_organisation_id', t.id, (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('author_role', t.text, (c) => c.notNull().defaultTo(''))
    /** What the entry changed on its activity, so the timeline is the history. */
    .addColumn('status_from', t.text)
    .addColumn('status_to', t.text)
    .addColumn('progress_from', t.integer)
    .addColumn('progress_to', t.integer)
    .addColumn('assessment_to', t.text)
    .addColumn('assessment_text', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', t.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coop_entries_activity_idx').on('coop_entries').columns(['activity_id', 'happened_on', 'id']).execute();
  await db.schema.createIndex('coop_entries_promise_idx').on('coop_entries').columns(['promise_id', 'happened_on', 'id']).execute();
  // The Atom feed and the export walk a kommun's entries by creation, newest or oldest first.
  await db.schema.createIndex('coop_entries_feed_idx').on('coop_entries').columns(['kommun_id', 'visibility', 'created_at', 'id']).execute();
  await db.schema.createIndex('coop_entries_export_idx').on('coop_entries').columns(['kommun_id', 'id']).execute();

  await db.schema
    .createTable('coop_entry_files')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kommun_id', t.id, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('entry_id', t.id, (c) => c.notNull().references('coop_entries.id').onDelete('cascade'))
    .addColumn('file_id', t.id, (c) => c.notNull().references('files.id').onDelete('cascade'))
    /** image (shown, with alt text) or document (linked by title). */
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('title', t.text, (c) => c.notNull().defaultTo(''))
    .addColumn('position', t.integer, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coop_entry_files_entry_idx').on('coop_entry_files').columns(['entry_id', 'position']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    'coop_entry_files',
    'coop_entries',
    'coop_promise_activities',
    'coop_promise_versions',
    'coop_promises',
    'coop_indicator_values',
    'coop_indicators',
    'coop_activity_places',
    'coop_activities',
    'coop_plans',
    'coop_agreement_versions',
    'coop_agreements',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
