// SQLite's write-ahead log, checkpointed in a thread of its own. A commit appends the pages it
// changed to the log; a checkpoint copies them back into the database file and syncs it. SQLite
// runs that checkpoint inside the commit that passes 1,000 pages, on the event loop: under a
// stream of reports it was 60 % of the commits' time (3–4 ms of every group commit against
// 1.3–1.8 ms without; measured under `npm run bench`), and every request in flight waited for it.
//
// Here the connection that writes does not checkpoint on its own (wal_autocheckpoint = 0). A
// worker thread with its own connection copies what was committed (PASSIVE: it never blocks a
// reader or the writer) a few times a second. The log starts again from its beginning only when
// a write begins with every page of it copied; under a steady stream of writes the thread never
// quite catches up, so once the log is long it asks the writer to copy the last few pages itself,
// right after a commit, and the log starts over at the next write. Should the thread stop, the
// writer checkpoints as SQLite does by default again: the log never grows without bound.
import type SQLite from 'better-sqlite3';
import { startDbWorker } from './db-worker.js';

/**
 * Past this many pages in the log (4 KiB each, so 64 MiB), the writer finishes a checkpoint after
 * its next commit. Each finish syncs the log and the file on the event loop (~10 ms on these
 * machines, profiled): at 4,096 pages it came twice a second under a stream of reports.
 */
const restartFrames = 16_384;
const intervalMs = 100;

// Shared with the thread: 1 while the log wants the writer to finish a checkpoint.
const finishSlot = 0;

// The thread's code (db-worker.ts). A pass with nothing to copy only reads the log's header.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { fileMustExist: true });
let last = '';
let timer = null;
function pass() {
  const result = db.pragma('wal_checkpoint(PASSIVE)')[0];
  if (result.log >= workerData.restartFrames) Atomics.store(shared, ${finishSlot}, 1);
  const said = result.log + '/' + result.checkpointed;
  if (said !== last) parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
  last = said;
  timer = setTimeout(pass, workerData.intervalMs);
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
pass();
`;

export interface CheckpointPass {
  /** Pages in the log, and how many of them are in the database file, after the thread's pass. */
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** The writer calls this after each commit, holding the connection (no transaction open). */
  committed(): void;
  /** Stops the thread; the writer checkpoints on its own again. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `path`'s log in a worker thread; `sqlite` is the process's writing
 * connection. `onPass` hears each of the thread's passes (tests and diagnostics); `onError`
 * hears a thread that failed (the writer has taken the checkpoints back by then).
 */
export function startCheckpointer(
  path: string,
  sqlite: SQLite.Database,
  options: { onPass?: (pass: CheckpointPass) => void; onError?: (error: unknown) => void; restartFrames?: number } = {},
): Checkpointer {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const worker = startDbWorker('better-sqlite3', workerSource, { path, shared: shared.buffer, restartFrames: options.restartFrames ?? restartFrames, intervalMs });
  // The thread keeps no process alive on its own.
  worker.unref();
  let running = true;
  const takeBack = () => {
    if (!running) return;
    running = false;
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  sqlite.pragma('wal_autocheckpoint = 0');
  worker.on('message', (pass: CheckpointPass) => options.onPass?.(pass));
  worker.on('error', (error) => {
    takeBack();
    options.onError?.(error);
  });
  worker.on('exit', takeBack);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    committed() {
      if (!running || Atomics.load(shared, finishSlot) === 0) return;
      // Most of the log is in the file already: the writer copies the rest, and its next write
      // starts the log over. Busy (the thread is copying now) is answered by trying again later.
      const result = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[];
      if (result[0]?.busy === 0) Atomics.store(shared, finishSlot, 0);
    },
    async stop() {
      // Waited for: held, so that a process with nothing else to do does not exit before it does.
      worker.ref();
      if (running) worker.postMessage('stop');
      takeBack();
      await exited;
    },
  };
}
