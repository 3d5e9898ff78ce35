import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, SqliteQueryCompiler, ValueNode, type Driver, type LimitNode, type OffsetNode, type QueryCompiler, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import { registerPostgresUrl, registerSqliteFile } from './thread-reader.js';
import { GroupCommit, isPragma, statementKind, type StatementKind } from './group-commit.js';
import { isoFromPostgresTimestamp } from './dates.js';
import type { Tables } from './tables.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Only for SQLite: the raw handle, used by the online backup. */
  sqlite?: SQLite.Database;
  /**
   * PostgreSQL: calls `listener` after each statement this process runs that writes to one of
   * `tables` (insert, update or delete, as Kysely writes them), once the database has answered.
   * The session cache forgets what it holds before the writer's next request can ask.
   */
  onWrite?(tables: readonly string[], listener: (table: string, statement: string) => void): void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolSize?: number;
  /** SQLite: hears a failure of the background checkpoints (checkpointer.ts); SQLite's own take over. */
  onCheckpointError?: (error: unknown) => void;
  /** SQLite: how long a growing group of writes may wait for more before its commit (group-commit.ts). */
  groupCommitWaitMs?: number;
}

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** Opens the database named by DATABASE_URL: `sqlite:<path>` or `postgres://…`. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (dialectOf(url) === 'sqlite') return openSqlite(url.slice('sqlite:'.length), options);
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

function openSqlite(path: string, options: DatabaseOptions): Database {
  if (path !== ':memory:') createPrivateFile(path);
  const sqlite = new SQLite(path);
  // WAL lets readers proceed while one writer commits; NORMAL is durable across process crashes
  // (only an OS crash can lose the last transactions), the usual trade-off for WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Each transaction of a group commit is a savepoint, and SQLite keeps the pages a savepoint
  // changes in a statement journal that spills to a temporary file past 64 KiB. A report with its
  // history and audit row changes more, so every send wrote ~160 kB to a file it then threw away
  // (a quarter of the send's CPU time went to that kernel work); with this, the journal stays in
  // memory. Temporary tables and sorts stay in memory too: the app's lists are keyset-paged on indexes
  // and its exports streamed, so a sort holds at most a page of rows (SQLite keeps only the
  // LIMIT's rows when it sorts for one).
  sqlite.pragma('temp_store = MEMORY');
  // A file's log is checkpointed in a thread of its own (an in-memory database has no log).
  const checkpointer = sqlite.memory ? undefined : startCheckpointer(path, sqlite, { onError: options.onCheckpointError });
  let group: GroupCommit | undefined;
  const dialect = new GroupCommitSqliteDialect({ database: withStatementCache(sqlite, () => group) as unknown as SQLite.Database }, (withConnection) => {
    group = new GroupCommit(sqlite, withConnection, options.groupCommitWaitMs);
    if (checkpointer) group.afterCommit = () => checkpointer.committed();
    return group;
  });
  const db = new Kysely<Tables>({ dialect });
  groupCommits.set(db.getExecutor().adapter, () => group);
  registerSqliteFile(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; preparing is a tenth of a simple page's cost in SQLite. The
 * app builds a bounded set of SQL strings (values are parameters), so cache statements by text.
 * better-sqlite3 also refuses JS booleans: bind them as 0/1, as SQLite itself stores them. Doing
 * that here, on the parameter array, is far cheaper than a Kysely plugin walking every query tree.
 */
function withStatementCache(sqlite: SQLite.Database, groupOf: () => GroupCommit | undefined, max = 500) {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string): CachedStatement {
      const group = groupOf();
      if (group && isPragma(source)) {
        group.beforeStatement('other');
        return cachedStatement(sqlite.prepare(source));
      }
      let statement = cache.get(source);
      if (!statement) {
        statement = cachedStatement(sqlite.prepare(source));
        const kind = group ? statementKind(source, statement.reader) : 'read';
        if (group && kind !== 'read') statement = inGroup(statement, kind, group);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(source, statement);
      }
      return statement;
    },
  };
}

type CachedStatement = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/** A statement that writes or changes the schema runs in the group commit's terms (group-commit.ts). */
function inGroup(statement: CachedStatement, kind: Exclude<StatementKind, 'read'>, group: GroupCommit): CachedStatement {
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      group.beforeStatement(kind);
      let failed = true;
      try {
        const result = call(...args);
        failed = false;
        return result;
      } finally {
        group.afterStatement(kind, failed);
      }
    };
  return { reader: statement.reader, all: guarded(statement.all.bind(statement)), run: guarded(statement.run.bind(statement)), iterate: statement.iterate.bind(statement) } as CachedStatement;
}

const groupCommits = new WeakMap<object, () => GroupCommit | undefined>();

/**
 * Resolves when everything this process wrote so far is committed; undefined when nothing waits
 * for a commit (always on PostgreSQL, whose commits are not grouped here). Anything that tells
 * someone their data is stored waits for it first: inTransaction, and every HTTP reply.
 */
export function whenDurable(db: Db): Promise<void> | undefined {
  return groupCommits.get(db.getExecutor().adapter)?.()?.durable();
}

type MakeGroup = (withConnection: (fn: () => void) => Promise<void>) => GroupCommit;

/** SQLite's driver with group commit: transactions become savepoints in a group (group-commit.ts). */
class GroupCommitSqliteDriver extends SqliteDriver {
  private readonly group: GroupCommit;

  constructor(config: SqliteDialectConfig, makeGroup: MakeGroup) {
    super(config);
    this.group = makeGroup(async (fn) => {
      await this.acquireConnection();
      try {
        fn();
      } finally {
        await this.releaseConnection();
      }
    });
  }

  override async beginTransaction(): Promise<void> {
    this.group.beginTransaction();
  }

  override async commitTransaction(): Promise<void> {
    this.group.commitTransaction();
  }

  override async rollbackTransaction(): Promise<void> {
    this.group.rollbackTransaction();
  }

  override async destroy(): Promise<void> {
    // Called with no transaction open: what was written is committed before the file is closed.
    this.group.commitNow();
    await super.destroy();
  }
}

/**
 * SQLite plans with the value bound to `limit ?` (and `offset ?`), so a statement with a bound
 * limit is prepared again on every run: a tenth of a public page's cost (profiled with perf under
 * `npm run bench`). Whole-number limits and offsets are written into the SQL instead; the
 * statement cache keeps one statement per page size.
 */
class LiteralLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    if (ValueNode.is(node.limit) && Number.isSafeInteger(node.limit.value)) this.append(`limit ${String(node.limit.value)}`);
    else super.visitLimit(node);
  }

  protected override visitOffset(node: OffsetNode): void {
    if (ValueNode.is(node.offset) && Number.isSafeInteger(node.offset.value)) this.append(`offset ${String(node.offset.value)}`);
    else super.visitOffset(node);
  }
}

class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly driverConfig: SqliteDialectConfig,
    private readonly makeGroup: MakeGroup,
  ) {
    super(driverConfig);
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.driverConfig, this.makeGroup);
  }

  override createQueryCompiler(): QueryCompiler {
    return new LiteralLimitCompiler();
  }
}

function toSqliteValues(parameters: readonly unknown[]): unknown[] {
  return parameters.some((p) => typeof p === 'boolean') ? parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) : (parameters as unknown[]);
}

function cachedStatement(statement: SQLite.Statement): CachedStatement {
  if (!statement.reader) {
    return {
      reader: false,
      all: (parameters: unknown[]) => statement.all(toSqliteValues(parameters)),
      run: (parameters: unknown[]) => statement.run(toSqliteValues(parameters)),
      iterate: (parameters: unknown[]) => statement.iterate(toSqliteValues(parameters)),
    } as CachedStatement;
  }
  // Rows come as arrays and become objects here: for rows as objects, better-sqlite3 looks every
  // column's name up in V8's string table again for every row, which made reading a list of
  // 21 rows half as costly again (54 µs against 37 µs, measured here).
  const names = statement.columns().map((column) => column.name);
  const toObject = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) row[names[i]!] = values[i];
    return row;
  };
  statement.raw(true);
  return {
    reader: true,
    all: (parameters: unknown[]) => (statement.all(toSqliteValues(parameters)) as unknown[][]).map(toObject),
    run: (parameters: unknown[]) => statement.run(toSqliteValues(parameters)),
    iterate: function* (parameters: unknown[]) {
      for (const values of statement.iterate(toSqliteValues(parameters)) as Iterable<unknown[]>) yield toObject(values);
    },
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
        if (oid === TIMESTAMPTZ_OID) return isoFromPostgresTimestamp;
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
      },
    } as pg.CustomTypesConfig,
  });
  // An idle connection that the server ends (restart, failover, a dropped test database) makes the
  // pool emit 'error'; without a listener that is an uncaught exception that kills the process.
  // pg has already discarded the broken client, and the next checkout opens a fresh one.
  pool.on('error', () => undefined);
  const watchers: { tables: ReadonlySet<string>; listener: (table: string, statement: string) => void }[] = [];
  const written = (table: string, statement: string) => {
    for (const watcher of watchers) if (watcher.tables.has(table)) watcher.listener(table, statement);
  };
  pool.on('connect', (client) => nameStatements(client, written));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  registerPostgresUrl(db, url);
  return {
    db,
    dialect: 'postgres',
    onWrite: (tables, listener) => void watchers.push({ tables: new Set(tables), listener }),
    close: () => db.destroy(),
  };
}

const maxNamedStatements = 1000;

/**
 * PostgreSQL parses and plans an unnamed statement anew on every run: for the session lookup that
 * was three quarters of its time (933 µs against 240 µs named, measured here). Each connection
 * names every statement with parameters after its text, so it is parsed once per connection and
 * PostgreSQL keeps its plans (replanning after schema changes, and choosing a generic plan only
 * where it costs no more than custom ones). The app builds a bounded set of SQL texts, values
 * being parameters; a connection runs statements past the first thousand texts unnamed.
 */
function nameStatements(client: pg.PoolClient, written: (table: string, statement: string) => void): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const run = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0) {
      let name = names.get(text);
      if (name === undefined && names.size < maxNamedStatements) {
        name = `samtrygg_${names.size + 1}`;
        names.set(text, name);
      }
      if (name !== undefined) return query({ name, text, values });
    }
    return query(text, values, ...rest);
  };
  client.query = ((text: unknown, ...rest: unknown[]) => {
    const result = run(text, ...rest);
    const table = typeof text === 'string' ? writtenTable(text) : undefined;
    if (table === undefined || !(result instanceof Promise)) return result;
    return result.then((answer: unknown) => (written(table, text as string), answer));
  }) as typeof client.query;
}

const writeStatement = /^(?:insert into|update|delete from) "([a-z_]+)"/;

/** The table a statement as Kysely writes it inserts into, updates or deletes from. */
function writtenTable(text: string): string | undefined {
  return writeStatement.exec(text)?.[1];
}

/** Reads a flag column written by either dialect. */
export function toBool(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}

export function nowIso(): string {
  return new Date().toISOString();
}
