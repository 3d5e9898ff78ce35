// A worker thread with a SQLite connection of its own (the checkpointer, large reads). Its code is
// plain CommonJS, evaluated by the worker: the thread loads no TypeScript, so it runs the same
// under tsx, vitest and plain Node. It finds better-sqlite3 at `workerData.driver`, resolved here
// as this process resolves it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/** Starts `source` in a worker thread; its workerData is `data` with `driver` added. */
export function startSqliteWorker(source: string, data: Record<string, unknown>): Worker {
  return new Worker(source, { eval: true, workerData: { ...data, driver } });
}
