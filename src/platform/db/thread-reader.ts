// A large read in a worker thread of its own, handed over a chunk at a time as columns. Building
// the public map's index reads every published report of a kommun (a million at the issue's
// volume): making those rows (SQLite's, or pg's parsing of PostgreSQL's) and the index taking
// them in were each about half of the build, one after the other on the event loop. Read here,
// the rows are made in the thread while the event loop takes in the chunk before; numbers and
// times travel as typed arrays (moved, not copied), texts with few distinct values as codes into
// a word list, and only the other texts are copied.
//
// A SQLite file or PostgreSQL; not an in-memory SQLite database, which only the process's own
// connection sees (the caller reads on the event loop then). Either way the thread reads one
// snapshot with one statement, as one query on the process's connection would: SQLite opens the
// file read-only; PostgreSQL opens a connection of its own and reads through a cursor.
import type SQLite from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { startDbWorker } from './db-worker.js';

/**
 * How a column travels: `number` (null becomes NaN), `time` (stored ISO text or a timestamptz, as
 * ms since the epoch; null becomes NaN), `code` (a text with few distinct values: categories,
 * states) or `text`. Read a timestamptz as `time`: as `text` it would come as PostgreSQL writes
 * it, not as the app's ISO text.
 */
export type ColumnKind = 'number' | 'time' | 'code' | 'text';

export interface ColumnChunk {
  rows: number;
  /** By column, in the query's order: a Float64Array for number and time, texts for code and text. */
  columns: (Float64Array | (string | null)[])[];
}

// Both threads' packing: rows (arrays, in the query's column order) are taken one at a time into
// the chunk's columns, which go when full. `toMs` (each thread's own) reads a time as its driver
// gives it.
const packing = `
const { parentPort, workerData } = require('node:worker_threads');
const { kinds, chunkRows } = workerData;
const words = kinds.map(() => new Map());
let fresh = kinds.map(() => []);
let rows = 0;
let columns = null;
const start = () => {
  columns = kinds.map((kind) => (kind === 'number' || kind === 'time' ? new Float64Array(chunkRows) : kind === 'code' ? new Uint32Array(chunkRows) : new Array(chunkRows)));
  rows = 0;
};
const send = () => {
  const moved = [];
  for (let c = 0; c < kinds.length; c += 1) if (kinds[c] !== 'text') moved.push(columns[c].buffer);
  parentPort.postMessage({ rows, columns, words: fresh }, moved);
  fresh = kinds.map(() => []);
  start();
};
const take = (row) => {
  for (let c = 0; c < kinds.length; c += 1) {
    const value = row[c];
    const kind = kinds[c];
    if (kind === 'number') columns[c][rows] = value === null ? NaN : Number(value);
    else if (kind === 'time') columns[c][rows] = value === null ? NaN : toMs(value);
    else if (kind === 'code') {
      let code = words[c].get(value);
      if (code === undefined) {
        code = words[c].size;
        words[c].set(value, code);
        fresh[c].push(value);
      }
      columns[c][rows] = code;
    } else columns[c][rows] = value;
  }
  rows += 1;
  if (rows === chunkRows) send();
};
// The last chunk, short (its typed arrays' length says nothing: the message says how many rows).
const finish = () => {
  if (rows === 0) return;
  for (let c = 0; c < kinds.length; c += 1) if (kinds[c] === 'text') columns[c].length = rows;
  send();
};
// Said as text: a driver's error class does not cross to the other thread whole.
const fail = (error) => parentPort.postMessage({ failed: String(error && error.message) });
start();
`;

const sqliteSource = `${packing}
const toMs = Date.parse;
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  for (const row of db.prepare(workerData.sql).raw(true).iterate(...workerData.parameters)) take(row);
  finish();
} catch (error) {
  fail(error);
}
db.close();
parentPort.postMessage('done');
`;

// pg makes a Date of every timestamptz (and the app's pool ISO text, database.ts); here it stays
// PostgreSQL's text, '2026-12-03 20:20:19.123456+00' in this session's UTC, and is read as digits,
// as dates.ts reads it: Date's parser, a million times over, was a seventh of the read there.
const postgresSource = `${packing}
const pg = require(workerData.driver);
const TIMESTAMPTZ_OID = 1184;
const asText = (value) => value;
const digits = (text, from, to) => {
  let n = 0;
  for (let i = from; i < to; i += 1) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};
const toMs = (text) => {
  const length = text.length;
  if (length >= 22 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 32 && text.charCodeAt(length - 3) === 43 && text.charCodeAt(length - 2) === 48 && text.charCodeAt(length - 1) === 48) {
    const year = digits(text, 0, 4);
    let ms = 0;
    if (text.charCodeAt(19) === 46) for (let i = 20, scale = 100; i < 23 && i < length - 3; i += 1, scale /= 10) ms += (text.charCodeAt(i) - 48) * scale;
    // Date.UTC reads years 0–99 as 1900–1999.
    if (year >= 100) return Date.UTC(year, digits(text, 5, 7) - 1, digits(text, 8, 10), digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), ms);
  }
  // A Date: pg's for a timestamp without time zone.
  if (typeof text !== 'string') return Number(text);
  // Any other shape: as ISO text, with an offset of hours only ('+05') written out as ISO wants.
  const iso = text.replace(' ', 'T');
  const sign = iso.charCodeAt(iso.length - 3);
  return Date.parse(iso.length > 19 && (sign === 43 || sign === 45) ? iso + ':00' : iso);
};
const client = new pg.Client({
  connectionString: workerData.url,
  types: { getTypeParser: (oid, format) => (oid === TIMESTAMPTZ_OID ? asText : pg.types.getTypeParser(oid, format)) },
});
// The next chunkRows rows, taken as they arrive: with a listener for 'row', pg does not gather
// them into a result, which (a million rows, gathered a fetch at a time) more than doubled the
// thread's work, most of it the collector's (measured here).
const fetchRows = () =>
  new Promise((resolve, reject) => {
    const query = new pg.Query({ text: 'fetch ' + chunkRows + ' from reading', rowMode: 'array' });
    let count = 0;
    query.on('row', (row) => {
      count += 1;
      take(row);
    });
    query.on('end', () => resolve(count));
    query.on('error', reject);
    client.query(query);
  });
const read = async () => {
  await client.connect();
  try {
    // A cursor reads the snapshot of its DECLARE to the end; read only, in UTC for the digits above.
    await client.query("begin read only; set local time zone 'UTC'");
    await client.query({ text: 'declare reading no scroll cursor for ' + workerData.sql, values: workerData.parameters });
    while ((await fetchRows()) === chunkRows);
    finish();
    await client.query('commit');
  } catch (error) {
    fail(error);
  }
  await client.end();
  parentPort.postMessage('done');
};
read().catch(fail);
`;

type Source = { driver: 'better-sqlite3'; path: string } | { driver: 'pg'; url: string };

// What a Kysely instance reads, registered by openDatabase (by the executor's adapter, as
// whenDurable finds a group commit).
const sources = new WeakMap<object, Source>();

/** openDatabase's part on SQLite: `db` reads the file that `sqlite` has open (not an in-memory database). */
export function registerSqliteFile(db: Db, sqlite: SQLite.Database): void {
  if (!sqlite.memory) sources.set(db.getExecutor().adapter, { driver: 'better-sqlite3', path: sqlite.name });
}

/** openDatabase's part on PostgreSQL: `db`'s pool connects to `url`, and so does the thread. */
export function registerPostgresUrl(db: Db, url: string): void {
  sources.set(db.getExecutor().adapter, { driver: 'pg', url });
}

/** Whether readInThread can read this database (a SQLite file, or PostgreSQL). */
export function canReadInThread(db: Db): boolean {
  return sources.has(db.getExecutor().adapter);
}

/**
 * The rows of `query` (compiled by `db`, with no limit needed), `chunkRows` at a time as columns
 * of the given kinds. The thread reads ahead while the caller works on a chunk. A failure of the
 * thread (it cannot open the file or connect, the SQL fails) rejects the iteration.
 */
export async function* readInThread(db: Db, query: CompiledQuery, kinds: readonly ColumnKind[], chunkRows = 20_000): AsyncGenerator<ColumnChunk> {
  const source = sources.get(db.getExecutor().adapter);
  if (source === undefined) throw new Error('readInThread reads a SQLite file or PostgreSQL, not an in-memory database');
  const data = { sql: query.sql, parameters: query.parameters, kinds, chunkRows };
  const worker = source.driver === 'pg' ? startDbWorker('pg', postgresSource, { ...data, url: source.url }) : startDbWorker('better-sqlite3', sqliteSource, { ...data, path: source.path });
  // Only a caller waiting for rows keeps the process alive for the thread (ref'd below, while it
  // waits): one that holds a chunk and never asks for the next leaves no thread holding it.
  worker.unref();
  type Message = { rows: number; columns: (Float64Array | Uint32Array | (string | null)[])[]; words: string[][] } | { failed: string } | 'done';
  const queue: Message[] = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (message: Message) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = { error };
    wake?.();
  });
  worker.on('exit', () => {
    if (!queue.includes('done')) failure ??= { error: new Error('the reading thread stopped before its last row') };
    wake?.();
  });
  const words: (string | null)[][] = kinds.map(() => []);
  try {
    for (;;) {
      const message = queue.shift();
      if (message === undefined) {
        if (failure) throw failure.error;
        worker.ref();
        await new Promise<void>((resolve) => (wake = resolve));
        worker.unref();
        wake = undefined;
        continue;
      }
      if (message === 'done') return;
      if ('failed' in message) throw new Error(`reading in a thread failed: ${message.failed}`);
      yield {
        rows: message.rows,
        columns: message.columns.map((column, c) => {
          if (kinds[c] !== 'code') return column as Float64Array | (string | null)[];
          const list = words[c]!;
          list.push(...message.words[c]!);
          const codes = column as Uint32Array;
          const texts = new Array<string | null>(message.rows);
          for (let i = 0; i < message.rows; i += 1) texts[i] = list[codes[i]!]!;
          return texts;
        }),
      };
    }
  } finally {
    // Stopped early (the caller's error, or a return): the thread is not left reading, and its
    // PostgreSQL connection closes with it (the server rolls its transaction back).
    await worker.terminate();
  }
}
