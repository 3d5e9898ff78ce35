import type { AppContext } from '../context.js';
import { whenDurable, type Db } from './database.js';

export interface Transaction {
  trx: Db;
  /** Runs after the commit succeeded: emit events, wake the mail sender. Never before. */
  afterCommit(fn: () => void | Promise<void>): void;
}

export async function inTransaction<T>(ctx: AppContext, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const pending: (() => void | Promise<void>)[] = [];
  const result = await ctx.db.transaction().execute((trx) => fn({ trx, afterCommit: (f) => pending.push(f) }));
  // On SQLite the commit is shared with the transactions of the same moment (group-commit.ts):
  // stored means committed, so the caller and the hooks below wait for it.
  await whenDurable(ctx.db);
  // Whatever changed may be on a cached public page.
  ctx.pageCache.clear();
  for (const f of pending) {
    try {
      await f();
    } catch (error) {
      ctx.logger.error({ err: error }, 'after-commit hook failed');
    }
  }
  return result;
}
