// A large read in a worker thread (thread-reader.ts), on a real SQLite file and on PostgreSQL:
// every kind of column arrives as written, across chunks; an in-memory database is not offered;
// a failing query rejects with the database's message; and a reader stopped early leaves no
// thread reading (and, on PostgreSQL, no connection open).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestContext, dialects } from '../../../test/databases.js';
import { openDatabase, whenDurable, type Database, type Dialect } from './database.js';
import { canReadInThread, readInThread, type ColumnChunk } from './thread-reader.js';

interface ProbeTables {
  probe: { id: number; amount: number | null; at: string | null; kind: string; note: string | null };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A database of the dialect that a thread can read (a SQLite file; PostgreSQL) with `rows` probes. */
async function probeDatabase(dialect: Dialect, rows: number): Promise<{ database: Database; db: Kysely<ProbeTables> }> {
  let database: Database;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'samtrygg-thread-'));
    database = openDatabase(`sqlite:${join(dir, 'db.sqlite')}`);
    cleanups.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
  } else {
    const ctx = await createTestContext('postgres', {}, { modules: [] });
    database = ctx.database;
    cleanups.push(() => ctx.destroy());
  }
  const db = database.db as unknown as Kysely<ProbeTables>;
  // On PostgreSQL a bigint (pg gives it as text), double precision and timestamptz.
  if (dialect === 'sqlite') await sql`create table probe (id integer primary key, amount real, at text, kind text not null, note text)`.execute(db);
  else await sql`create table probe (id bigint primary key, amount double precision, at timestamptz, kind text not null, note text)`.execute(db);
  const kinds = ['belysning', 'klotter', 'trafik'];
  // Times with and without milliseconds (PostgreSQL writes '.07' for 70 ms, and none for 0), one before 1970.
  const fixed: Record<number, string> = { 2: '1969-07-20T20:17:40.500Z', 3: '2026-03-01T12:00:00.000Z', 4: '2026-03-01T12:00:00.070Z' };
  const at = (id: number) => (id % 7 === 0 ? null : (fixed[id] ?? new Date(Date.UTC(2026, 0, 1) + id * 61_230).toISOString()));
  for (let id = 1; id <= rows; id += 1) {
    await db
      .insertInto('probe')
      .values({ id, amount: id % 5 === 0 ? null : id / 4, at: at(id), kind: kinds[id % 3]!, note: id % 2 === 0 ? `anteckning ${id} – "å"` : null })
      .execute();
  }
  await whenDurable(database.db);
  return { database, db };
}

async function readAll(iteration: AsyncGenerator<ColumnChunk>) {
  const chunks: ColumnChunk[] = [];
  for await (const chunk of iteration) chunks.push(chunk);
  return chunks;
}

// This process's threads (Linux): a worker is one, gone once it has stopped.
const threads = () => readdirSync('/proc/self/task').length;

describe.each(dialects)('reading in a thread (%s)', (dialect) => {
  it('hands every row over in chunks, each column as it was written', async () => {
    const { database, db } = await probeDatabase(dialect, 50);
    expect(canReadInThread(database.db)).toBe(true);
    const query = db.selectFrom('probe').select(['id', 'amount', 'at', 'kind', 'note']).where('id', '>', 3).orderBy('id').compile();
    // Chunks of 7 rows: the word list of `kind` grows across chunks, and the last chunk is short.
    const chunks = await readAll(readInThread(database.db, query, ['number', 'number', 'time', 'code', 'text'], 7));
    expect(chunks.map((c) => c.rows)).toEqual([7, 7, 7, 7, 7, 7, 5]);
    const expected = await db.selectFrom('probe').selectAll().where('id', '>', 3).orderBy('id').execute();
    const got = chunks.flatMap((chunk) => {
      const [id, amount, at, kind, note] = chunk.columns as [Float64Array, Float64Array, Float64Array, string[], (string | null)[]];
      return Array.from({ length: chunk.rows }, (_, i) => ({ id: id[i], amount: Number.isNaN(amount[i]) ? null : amount[i], at: Number.isNaN(at[i]) ? null : new Date(at[i]!).toISOString(), kind: kind[i], note: note[i] }));
    });
    expect(got).toEqual(expected);
  });

  it('reads times before 1970 and whole seconds as the app stores them', async () => {
    const { database, db } = await probeDatabase(dialect, 14);
    const query = db.selectFrom('probe').select(['at']).where('at', 'is not', null).orderBy('id').compile();
    const [chunk] = await readAll(readInThread(database.db, query, ['time']));
    const expected = await db.selectFrom('probe').select(['at']).where('at', 'is not', null).orderBy('id').execute();
    expect(Array.from((chunk!.columns[0] as Float64Array).subarray(0, chunk!.rows))).toEqual(expected.map((row) => Date.parse(row.at!)));
    expect(expected.map((row) => row.at)).toEqual(expect.arrayContaining(['1969-07-20T20:17:40.500Z', '2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.070Z']));
  });

  it('rejects with the database’s message when the thread’s query fails', async () => {
    const { database } = await probeDatabase(dialect, 1);
    await expect(readAll(readInThread(database.db, sql`select missing from probe`.compile(database.db), ['number']))).rejects.toThrow(dialect === 'sqlite' ? /no such column: missing/ : /column "missing" does not exist/);
  });

  it('stops the thread when the reader stops early', async () => {
    const { database, db } = await probeDatabase(dialect, 30);
    const query = db.selectFrom('probe').select(['id']).orderBy('id').compile();
    const before = threads();
    await readAll(readInThread(database.db, query, ['number'], 5));
    await vi.waitFor(() => expect(threads()).toBeLessThanOrEqual(before));
    let seen = 0;
    for await (const chunk of readInThread(database.db, query, ['number'], 5)) {
      seen += chunk.rows;
      expect(threads()).toBeGreaterThan(before);
      break;
    }
    expect(seen).toBe(5);
    await vi.waitFor(() => expect(threads()).toBeLessThanOrEqual(before));
  });
});

describe('reading in a thread (PostgreSQL’s connections)', () => {
  it('reads on a connection of its own, closed when the reader is done or stops early', async () => {
    const { database, db } = await probeDatabase('postgres', 30);
    const connections = async () => Number((await sql<{ count: string }>`select count(*) as count from pg_stat_activity where datname = current_database()`.execute(database.db)).rows[0]!.count);
    const query = db.selectFrom('probe').select(['id']).orderBy('id').compile();
    const before = await connections();
    await readAll(readInThread(database.db, query, ['number'], 5));
    await vi.waitFor(async () => expect(await connections()).toBe(before));
    // Far more rows than one chunk: the thread is still reading when the reader stops.
    const long = sql`select g from generate_series(1, 1000000) as g`.compile(database.db);
    for await (const chunk of readInThread(database.db, long, ['number'], 1000)) {
      expect(chunk.rows).toBe(1000);
      expect(await connections()).toBe(before + 1);
      break;
    }
    await vi.waitFor(async () => expect(await connections()).toBe(before));
  });
});

describe('reading in a thread (in-memory SQLite)', () => {
  it('is not offered for an in-memory database, whose rows only its own connection sees', async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      expect(canReadInThread(database.db)).toBe(false);
      await expect(readAll(readInThread(database.db, sql`select 1`.compile(database.db), ['number']))).rejects.toThrow(/in-memory/);
    } finally {
      await database.close();
    }
  });
});
