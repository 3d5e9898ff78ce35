// Column types that differ between SQLite and PostgreSQL, for migrations.
// Migrations are frozen in time: never change what an existing helper produces, add a new one.
import type { ColumnDataType, Expression, Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

export type MigrationDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function isPostgres(db: MigrationDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

type DataType = ColumnDataType | Expression<unknown>;

export function columnTypes(db: MigrationDb): {
  id: DataType;
  text: DataType;
  timestamp: DataType;
  flag: DataType;
  integer: DataType;
  bigint: DataType;
  real: DataType;
  blob: DataType;
} {
  const pgDialect = isPostgres(db);
  return {
    id: 'text',
    text: 'text',
    timestamp: pgDialect ? sql`timestamptz` : 'text',
    flag: pgDialect ? 'boolean' : 'integer',
    integer: 'integer',
    bigint: 'bigint',
    real: pgDialect ? 'double precision' : 'real',
    blob: pgDialect ? 'bytea' : 'blob',
  };
}

export function falseValue(db: MigrationDb) {
  return isPostgres(db) ? sql`false` : sql`0`;
}

/**
 * SQLite only (a no-op on PostgreSQL): rebuilds `table` as a WITHOUT ROWID table, keeping its
 * columns, rows and indexes. A rowid table with a text primary key is two B-trees, the rows by
 * rowid and the key's own index; without rowid the rows are stored in key order, one B-tree. For
 * a table written on a hot path (a row per report sent) that is one B-tree fewer to insert into,
 * to journal in the group commit's savepoint and to write to the log. The table must have a
 * primary key, and no other table may reference it (dropping it would delete through them).
 */
export async function rebuildWithoutRowId(db: MigrationDb, table: string): Promise<void> {
  if (isPostgres(db)) return;
  const { rows: tables } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const create = tables[0]?.sql;
  if (!create) throw new Error(`rebuildWithoutRowId: no table ${table}`);
  if (/\bwithout\s+rowid\s*$/i.test(create)) return;
  const { rows: referencing } = await sql<{ name: string }>`select m.name from sqlite_master m, pragma_foreign_key_list(m.name) f where m.type = 'table' and f."table" = ${table}`.execute(db);
  if (referencing.length > 0) throw new Error(`rebuildWithoutRowId: ${table} is referenced by ${referencing.map((r) => r.name).join(', ')}`);
  const { rows: indexes } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
  const rebuilt = `${table}_without_rowid`;
  const head = /^\s*create\s+table\s+("[^"]+"|\S+)/i.exec(create);
  if (!head) throw new Error(`rebuildWithoutRowId: cannot read the definition of ${table}`);
  await sql.raw(`create table "${rebuilt}"${create.slice(head[0].length)} without rowid`).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  for (const index of indexes) await sql.raw(index.sql).execute(db);
}
