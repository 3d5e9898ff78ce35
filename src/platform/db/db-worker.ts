// A worker thread with a database connection of its own (SQLite's checkpointer, large reads from
// SQLite or PostgreSQL). Its code is plain CommonJS, evaluated by the worker: the thread loads no
// TypeScript, so it runs the same under tsx, vitest and plain Node. It finds its driver at
// `workerData.driver`, resolved here as this process resolves it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const drivers = { 'better-sqlite3': require.resolve('better-sqlite3'), pg: require.resolve('pg') };

/** Starts `source` in a worker thread; its workerData is `data` with the driver's path as `driver`. */
export function startDbWorker(driver: keyof typeof drivers, source: string, data: Record<string, unknown>): Worker {
  return new Worker(source, { eval: true, workerData: { ...data, driver: drivers[driver] } });
}
