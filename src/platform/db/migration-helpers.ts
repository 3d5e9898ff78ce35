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
