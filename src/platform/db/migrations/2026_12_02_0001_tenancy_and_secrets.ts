// Security pass (issue 5): roles must be accepted, police areas have their own administrator
// role, audit and outbox rows name the kommun they concern, secrets in mail are sealed apart from
// the body, and rate-limit keys are hashed. Frozen: never import app code here.
import { sql } from 'kysely';
import { columnTypes, type MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const t = columnTypes(db);

  // A role offered by another organisation counts only once the person accepts it; every role
  // that exists today was given before that rule and counts as accepted.
  await db.schema.alterTable('memberships').addColumn('accepted_at', t.timestamp).execute();
  await db.updateTable('memberships').set({ accepted_at: sql`created_at` }).execute();
  // An administrator role held in a police area used to reach every kommun the area covers. The
  // area's own administrators now hold police_administrator, which grants nothing in a kommun.
  await db
    .updateTable('memberships')
    .set({ role: 'police_administrator' })
    .where('role', '=', 'administrator')
    .where('organisation_id', 'in', db.selectFrom('organisations').select('id').where('kind', '=', 'lokalpolisomrade'))
    .execute();

  // Only the organisation whose invitation created an account may send it a password link.
  await db.schema.alterTable('users').addColumn('invited_by_organisation_id', t.id).execute();
  await db
    .updateTable('users')
    .set({ invited_by_organisation_id: sql`(select m.organisation_id from memberships m where m.user_id = users.id order by m.created_at, m.id limit 1)` })
    .where('status', '=', 'invited')
    .execute();

  for (const table of ['audit_log', 'mail_outbox'] as const) {
    await db.schema.alterTable(table).addColumn('kommun_id', t.id).execute();
    await db
      .updateTable(table)
      .set({ kommun_id: sql`organisation_id` })
      .where('organisation_id', 'in', db.selectFrom('organisations').select('id').where('kind', '=', 'kommun'))
      .execute();
    await db
      .updateTable(table)
      .set({ kommun_id: sql`(select o.kommun_id from organisations o where o.id = ${sql.ref(`${table}.organisation_id`)})` })
      .where('organisation_id', 'in', db.selectFrom('organisations').select('id').where('kind', '=', 'partner'))
      .execute();
  }
  await db.schema.createIndex('audit_log_kommun_at_idx').on('audit_log').columns(['kommun_id', 'at', 'id']).execute();
  await db.schema.createIndex('mail_outbox_kommun_idx').on('mail_outbox').columns(['kommun_id', 'id']).execute();

  // The link of a reset or invitation mail is sealed apart from the stored body and dropped once
  // sent. Links already stored in plain text are cut out; reset mail belongs to no kommun.
  await db.schema.alterTable('mail_outbox').addColumn('secret_sealed', t.text).execute();
  const withLinks = await db
    .selectFrom('mail_outbox')
    .select(['id', 'body_text'])
    .where((eb) => eb.or([eb('body_text', 'like', '%/aterstall/%'), eb('body_text', 'like', '%/inbjudan/%')]))
    .execute();
  for (const row of withLinks as { id: string; body_text: string }[]) {
    const isReset = row.body_text.includes('/aterstall/');
    await db
      .updateTable('mail_outbox')
      .set({
        body_text: row.body_text.replace(/\/(aterstall|inbjudan)\/[A-Za-z0-9_-]+/g, '/$1/[…]'),
        ...(isReset ? { organisation_id: null, kommun_id: null } : {}),
      })
      .where('id', '=', row.id)
      .execute();
  }
  await db.updateTable('audit_log').set({ organisation_id: null, kommun_id: null }).where('action', '=', 'password.reset_requested').execute();

  // Counters keyed by raw e-mail addresses and IP addresses; keys are hashed from now on.
  await db.deleteFrom('rate_limits').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('mail_outbox_kommun_idx').execute();
  await db.schema.dropIndex('audit_log_kommun_at_idx').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('secret_sealed').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('kommun_id').execute();
  await db.schema.alterTable('audit_log').dropColumn('kommun_id').execute();
  await db.schema.alterTable('users').dropColumn('invited_by_organisation_id').execute();
  await db.schema.alterTable('memberships').dropColumn('accepted_at').execute();
}
