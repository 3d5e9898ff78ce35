import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Tables } from './tables.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Only for SQLite: the raw handle, used by the online backup. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolSize?: number;
}

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** Opens the database named by DATABASE_URL: `sqlite:<path>` or `postgres://…`. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (dialectOf(url) === 'sqlite') return openSqlite(url.slice('sqlite:'.length));
  return openPostgres(url, options.poolSize ?? 10);
}

/**
 * The database holds personal data and password hashes: a new file (and the folder made for it)
 * is readable by the service account only. SQLite gives its -wal and -shm files the mode of the
 * database file, so they follow.
 */
export function createPrivateFile(path: string): void {
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) return;
  closeSync(openSync(path, 'wx', 0o600));
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') createPrivateFile(path);
  const sqlite = new SQLite(path);
  // WAL lets readers proceed while one writer commits; NORMAL is durable across process crashes
  // (only an OS crash can lose the last transactions), the usual trade-off for WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) as unknown as SQLite.Database }),
  });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew; preparing is a tenth of a simple page's cost in SQLite. The
 * app builds a bounded set of SQL strings (values are parameters), so cache statements by text.
 * better-sqlite3 also refuses JS booleans: bind them as 0/1, as SQLite itself stores them. Doing
 * that here, on the parameter array, is far cheaper than a Kysely plugin walking every query tree.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string): CachedStatement {
      let statement = cache.get(source);
      if (!statement) {
        statement = bindingBooleans(sqlite.prepare(source));
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(source, statement);
      }
      return statement;
    },
  };
}

type CachedStatement = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

function toSqliteValues(parameters: readonly unknown[]): unknown[] {
  return parameters.some((p) => typeof p === 'boolean') ? parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) : (parameters as unknown[]);
}

function bindingBooleans(statement: SQLite.Statement): CachedStatement {
  return {
    reader: statement.reader,
    all: (parameters: unknown[]) => statement.all(toSqliteValues(parameters)),
    run: (parameters: unknown[]) => statement.run(toSqliteValues(parameters)),
    iterate: (parameters: unknown[]) => statement.iterate(toSqliteValues(parameters)),
  } as CachedStatement;
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        // Both dialects hand timestamps and counts to the app in one shape: ISO text and numbers.
        if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
      },
    } as pg.CustomTypesConfig,
  });
  // An idle connection that the server ends (restart, failover, a dropped test database) makes the
  // pool emit 'error'; without a listener that is an uncaught exception that kills the process.
  // pg has already discarded the broken client, and the next checkout opens a fresh one.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Reads a flag column written by either dialect. */
export function toBool(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}

export function nowIso(): string {
  return new Date().toISOString();
}
