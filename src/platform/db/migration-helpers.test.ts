import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestContext, dialects } from '../../../test/databases.js';
import { addKommun, addPerson } from '../../../test/factories.js';
import { kernelOnly, testModules } from '../../../test/modules.js';
import { newId } from './ids.js';
import { collectMigrations, migrateToLatest } from './migrate.js';
import { rebuildWithoutRowId } from './migration-helpers.js';
import type { Db } from './database.js';

// The tables written for every report sent (and every audited action) are stored WITHOUT ROWID on
// SQLite: one B-tree each instead of the rows plus their key's index.
const leanTables = ['audit_log', 'rate_limits', ...(kernelOnly ? [] : ['report_events', 'report_spent_challenges'])];
const leanMigration = '2026_12_04_0001_lean_write_tables';

async function definition(db: Db, type: 'table' | 'index', name: string): Promise<string | undefined> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = ${type} and name = ${name}`.execute(db);
  return rows[0]?.sql;
}

describe('rebuildWithoutRowId on SQLite', () => {
  it('keeps the columns, rows, constraints and indexes, stores the rows by key, and does it once', async () => {
    const ctx = await createTestContext('sqlite');
    try {
      const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await sql`create table probe_parent (id text primary key)`.execute(ctx.db);
      await sql`create table probe (id text primary key, parent_id text references probe_parent (id) on delete cascade, name text not null, n integer)`.execute(ctx.db);
      await sql`create unique index probe_name_idx on probe (name)`.execute(ctx.db);
      await sql`create index probe_n_idx on probe (n) where n is not null`.execute(ctx.db);
      await db.insertInto('probe_parent').values([{ id: 'p1' }, { id: 'p2' }]).execute();
      await db.insertInto('probe').values([{ id: 'b', parent_id: 'p1', name: 'bee', n: 2 }, { id: 'a', parent_id: 'p2', name: 'ay', n: null }]).execute();

      await rebuildWithoutRowId(ctx.db, 'probe');
      await rebuildWithoutRowId(ctx.db, 'probe');

      expect(await definition(ctx.db, 'table', 'probe')).toMatch(/\)\s*without rowid$/i);
      expect(await definition(ctx.db, 'table', 'probe_without_rowid')).toBeUndefined();
      expect(await definition(ctx.db, 'index', 'probe_name_idx')).toMatch(/unique index/i);
      expect(await definition(ctx.db, 'index', 'probe_n_idx')).toMatch(/where n is not null/i);
      expect(await db.selectFrom('probe').selectAll().orderBy('id').execute()).toEqual([
        { id: 'a', parent_id: 'p2', name: 'ay', n: null },
        { id: 'b', parent_id: 'p1', name: 'bee', n: 2 },
      ]);
      // The constraints came along: the unique name, the not null, the key and the foreign key.
      await expect(db.insertInto('probe').values({ id: 'c', parent_id: null, name: 'bee' }).execute()).rejects.toThrow(/UNIQUE/);
      await expect(db.insertInto('probe').values({ id: 'a', parent_id: null, name: 'other' }).execute()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect(db.insertInto('probe').values({ id: 'd', parent_id: 'nobody', name: 'dee' }).execute()).rejects.toThrow(/FOREIGN KEY/);
      await db.deleteFrom('probe_parent').where('id', '=', 'p1').execute();
      expect((await db.selectFrom('probe').select('id').execute()).map((r) => r.id)).toEqual(['a']);
    } finally {
      await ctx.destroy();
    }
  });

  it('refuses a table that another table references, and leaves it as it was', async () => {
    const ctx = await createTestContext('sqlite');
    try {
      await sql`create table probe (id text primary key)`.execute(ctx.db);
      await sql`create table probe_child (id text primary key, probe_id text references probe (id) on delete cascade)`.execute(ctx.db);
      await sql`insert into probe (id) values ('a')`.execute(ctx.db);
      await sql`insert into probe_child (id, probe_id) values ('c', 'a')`.execute(ctx.db);
      await expect(rebuildWithoutRowId(ctx.db, 'probe')).rejects.toThrow(/referenced by probe_child/);
      expect(await definition(ctx.db, 'table', 'probe')).not.toMatch(/without rowid/i);
      expect((await sql<{ n: number }>`select count(*) as n from probe_child`.execute(ctx.db)).rows[0]?.n).toBe(1);
    } finally {
      await ctx.destroy();
    }
  });
});

describe.each(dialects)('the lean write tables on %s', (dialect) => {
  it('keeps the audit rows and rate limits, finds a person’s actions by the partial index and drops the redundant one', async () => {
    const before = Object.fromEntries(Object.entries(collectMigrations(testModules)).filter(([name]) => name < leanMigration));
    const ctx = await createTestContext(dialect, {}, { migrations: before });
    try {
      const kommunId = await addKommun(ctx.db, { slug: 'lean', name: 'Lean kommun' });
      const userId = await addPerson(ctx.db, { email: 'lean@example.se', name: 'Lena Lean', organisationId: kommunId, role: 'coordinator' });
      const at = '2026-12-04T08:00:00.000Z';
      const audit = { at, organisation_id: kommunId, action: 'report.create', entity_type: 'report', entity_id: 'r1', before_json: null, after_json: null };
      const ids = [newId(), newId(), newId()].sort();
      await ctx.db
        .insertInto('audit_log')
        .values([
          { ...audit, id: ids[0]!, actor_user_id: userId },
          { ...audit, id: ids[1]!, actor_user_id: null },
          { ...audit, id: ids[2]!, actor_user_id: userId },
        ])
        .execute();
      await ctx.db.insertInto('rate_limits').values({ key: 'report:client', window_start: 1000, hits: 3 }).execute();

      await migrateToLatest(ctx.db, collectMigrations(testModules));

      expect((await ctx.db.selectFrom('audit_log').select(['id', 'actor_user_id']).orderBy('id').execute()).map((r) => r.actor_user_id)).toEqual([userId, null, userId]);
      expect(await ctx.db.selectFrom('rate_limits').select(['key', 'window_start', 'hits']).execute()).toEqual([{ key: 'report:client', window_start: 1000, hits: 3 }]);
      const byActor = ctx.db.selectFrom('audit_log').select('id').where('actor_user_id', '=', userId).orderBy('id');
      expect((await byActor.execute()).map((r) => r.id)).toEqual([ids[0], ids[2]]);

      if (dialect === 'sqlite') {
        for (const table of leanTables) expect(await definition(ctx.db, 'table', table), table).toMatch(/without rowid$/i);
        expect(await definition(ctx.db, 'index', 'audit_log_actor_idx')).toMatch(/where "actor_user_id" is not null/i);
        expect(await definition(ctx.db, 'index', 'audit_log_org_idx')).toBeUndefined();
        expect(await definition(ctx.db, 'index', 'audit_log_org_at_idx')).toBeDefined();
        const compiled = byActor.compile();
        const plan = await sql.raw<{ detail: string }>(`explain query plan ${compiled.sql.replace('?', `'${userId}'`)}`).execute(ctx.db);
        expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/audit_log_actor_idx/);
      } else {
        const { rows } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename = 'audit_log'`.execute(ctx.db);
        const defs = new Map(rows.map((r) => [r.indexname, r.indexdef]));
        expect(defs.get('audit_log_actor_idx')).toMatch(/WHERE \(actor_user_id IS NOT NULL\)/);
        expect(defs.has('audit_log_org_idx')).toBe(false);
        expect(defs.has('audit_log_org_at_idx')).toBe(true);
      }

      // Deleting the person still clears their name from the rows, through the rebuilt table's key.
      await ctx.db.deleteFrom('memberships').where('user_id', '=', userId).execute();
      await ctx.db.deleteFrom('users').where('id', '=', userId).execute();
      expect((await ctx.db.selectFrom('audit_log').select('actor_user_id').execute()).every((r) => r.actor_user_id === null)).toBe(true);
    } finally {
      await ctx.destroy();
    }
  });
});
