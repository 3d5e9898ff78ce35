// A large read in a worker thread (thread-reader.ts), on a real SQLite file: every kind of column
// arrives as written, across chunks; an in-memory database is not offered; a failing query
// rejects; and a reader stopped early leaves no thread reading.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, whenDurable, type Database } from './database.js';
import { canReadInThread, readInThread, type ColumnChunk } from './thread-reader.js';

interface ProbeTables {
  probe: { id: number; amount: number | null; at: string | null; kind: string; note: string | null };
}

const opened: { database: Database; dir: string }[] = [];
afterEach(async () => {
  for (const { database, dir } of opened.splice(0)) {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function probeFile(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'samtrygg-thread-'));
  const database = openDatabase(`sqlite:${join(dir, 'db.sqlite')}`);
  opened.push({ database, dir });
  const db = database.db as unknown as Kysely<ProbeTables>;
  await sql`create table probe (id integer primary key, amount real, at text, kind text not null, note text)`.execute(db);
  const kinds = ['belysning', 'klotter', 'trafik'];
  for (let id = 1; id <= rows; id += 1) {
    await db
      .insertInto('probe')
      .values({ id, amount: id % 5 === 0 ? null : id / 4, at: id % 7 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(), kind: kinds[id % 3]!, note: id % 2 === 0 ? `anteckning ${id} – "å"` : null })
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

describe('reading in a thread (SQLite file)', () => {
  it('hands every row over in chunks, each column as it was written', async () => {
    const { database, db } = await probeFile(50);
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

  it('is not offered for an in-memory database, whose rows only its own connection sees', async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      expect(canReadInThread(database.db)).toBe(false);
      await expect(readAll(readInThread(database.db, sql`select 1`.compile(database.db), ['number']))).rejects.toThrow(/SQLite file/);
    } finally {
      await database.close();
    }
  });

  it('rejects when the thread’s query fails', async () => {
    const { database } = await probeFile(1);
    await expect(readAll(readInThread(database.db, sql`select missing from probe`.compile(database.db), ['number']))).rejects.toThrow(/missing/);
  });

  it('stops the thread when the reader stops early', async () => {
    const { database, db } = await probeFile(30);
    const query = db.selectFrom('probe').select(['id']).orderBy('id').compile();
    const before = readdirSync('/proc/self/task').length;
    // This process's threads (Linux): a worker is one, gone once it has stopped.
    const threads = () => readdirSync('/proc/self/task').length;
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
