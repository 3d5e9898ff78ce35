// PostgreSQL only: every committed change to what a signed-in request is checked against (its
// session, its account, its roles, the organisations and which kommuner a police area serves)
// sends a notification on `samtrygg_auth`, so that each instance's session cache forgets it
// (platform/auth/session-cache-listener.ts). NOTIFY is delivered at commit and never for a
// rolled-back change; identical payloads in one transaction are sent once. A session's
// last-seen time and expiry moving later (each busy session, every five minutes) is left out:
// each instance checks the times it holds, so an instance holding the earlier expiry asks again.
import { sql } from 'kysely';
import { isPostgres, type MigrationDb } from '../migration-helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create function samtrygg_auth_changed() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'sessions' then
        perform pg_notify('samtrygg_auth', 'session:' || old.id_hash);
      elsif tg_table_name = 'users' then
        perform pg_notify('samtrygg_auth', 'user:' || old.id);
      elsif tg_table_name = 'memberships' then
        if tg_op <> 'INSERT' then perform pg_notify('samtrygg_auth', 'user:' || old.user_id); end if;
        if tg_op <> 'DELETE' then perform pg_notify('samtrygg_auth', 'user:' || new.user_id); end if;
      else
        perform pg_notify('samtrygg_auth', 'all');
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger sessions_auth_deleted after delete on sessions for each row execute function samtrygg_auth_changed()`.execute(db);
  await sql`
    create trigger sessions_auth_changed after update on sessions for each row
    when ((old.id_hash, old.user_id, old.csrf_secret, old.second_factor_done, old.created_at) is distinct from (new.id_hash, new.user_id, new.csrf_secret, new.second_factor_done, new.created_at)
          or new.expires_at < old.expires_at)
    execute function samtrygg_auth_changed()`.execute(db);
  await sql`create trigger users_auth_changed after update or delete on users for each row execute function samtrygg_auth_changed()`.execute(db);
  await sql`create trigger memberships_auth_changed after insert or update or delete on memberships for each row execute function samtrygg_auth_changed()`.execute(db);
  await sql`create trigger organisations_auth_changed after update or delete on organisations for each statement execute function samtrygg_auth_changed()`.execute(db);
  await sql`create trigger police_area_kommuner_auth_changed after insert or update or delete on police_area_kommuner for each statement execute function samtrygg_auth_changed()`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger if exists sessions_auth_deleted on sessions`.execute(db);
  for (const table of ['police_area_kommuner', 'organisations', 'memberships', 'users', 'sessions']) {
    await sql`drop trigger if exists ${sql.raw(`${table}_auth_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists samtrygg_auth_changed()`.execute(db);
}
