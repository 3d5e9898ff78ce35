// A large read from a SQLite file in a worker thread of its own, handed over a chunk at a time as
// columns. Building the public map's index reads every published report of a kommun (a million
// at the volume): SQLite making those rows and the index taking them in were each about
// half of the build, one after the other on the event loop. Read here, the rows are made in the
// thread while the event loop takes in the chunk before; numbers and times travel as typed arrays
// (moved, not copied), texts with few distinct values as codes into a word list, and only the
// other texts are copied.
//
// SQLite only, and only a file (an in-memory database is the process's own connection's); the
// caller reads on the event loop otherwise. The thread opens the file read-only and reads one
// snapshot with one statement, as one query on the process's connection would.
import type SQLite from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { startSqliteWorker } from './sqlite-worker.js';

/**
 * How a column travels: `number` (null becomes NaN), `time` (stored ISO text, as ms since the
 * epoch; null becomes NaN), `code` (a text with few distinct values: categories, states) or `text`.
 */
export type ColumnKind = 'number' | 'time' | 'code' | 'text';

export interface ColumnChunk {
  rows: number;
  /** By column, in the query's order: a Float64Array for number and time, texts for code and text. */
  columns: (Float64Array | (string | null)[])[];
}

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { kinds, chunkRows } = workerData;
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
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
};
start();
try {
const statement = db.prepare(workerData.sql).raw(true);
for (const row of statement.iterate(...workerData.parameters)) {
  for (let c = 0; c < kinds.length; c += 1) {
    const value = row[c];
    const kind = kinds[c];
    if (kind === 'number') columns[c][rows] = value === null ? NaN : Number(value);
    else if (kind === 'time') columns[c][rows] = value === null ? NaN : Date.parse(value);
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
  if (rows === chunkRows) {
    send();
    start();
  }
}
if (rows > 0) {
  for (let c = 0; c < kinds.length; c += 1) if (kinds[c] === 'text') columns[c].length = rows;
  send();
}
} catch (error) {
  // Said as text: an error of SQLite's own class does not cross to the other thread whole.
  parentPort.postMessage({ failed: String(error && error.message) });
}
db.close();
parentPort.postMessage('done');
`;

// The SQLite file behind a Kysely instance, registered by openDatabase (by the executor's adapter,
// as whenDurable finds a group commit).
const files = new WeakMap<object, string>();

/** openDatabase's part: `db` reads the SQLite file that `sqlite` has open. */
export function registerSqliteFile(db: Db, sqlite: SQLite.Database): void {
  if (!sqlite.memory) files.set(db.getExecutor().adapter, sqlite.name);
}

/** Whether readInThread can read this database (a SQLite file). */
export function canReadInThread(db: Db): boolean {
  return files.has(db.getExecutor().adapter);
}

/**
 * The rows of `query` (compiled for SQLite, with no limit needed), `chunkRows` at a time as
 * columns of the given kinds. The thread reads ahead while the caller works on a chunk. A failure
 * of the thread (it cannot open the file, the SQL fails) rejects the iteration.
 */
export async function* readInThread(db: Db, query: CompiledQuery, kinds: readonly ColumnKind[], chunkRows = 20_000): AsyncGenerator<ColumnChunk> {
  const path = files.get(db.getExecutor().adapter);
  if (path === undefined) throw new Error('readInThread reads a SQLite file');
  const worker = startSqliteWorker(workerSource, { path, sql: query.sql, parameters: query.parameters, kinds, chunkRows });
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
        await new Promise<void>((resolve) => (wake = resolve));
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
    // Stopped early (the caller's error, or a return): the thread is not left reading.
    await worker.terminate();
  }
}
