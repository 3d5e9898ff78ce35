// Fixed-window counters in the database, so every app instance shares the same limits.
import { hmac } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import { TooManyRequestsError } from './errors.js';
import type { Db } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';

export interface RateLimit {
  /** e.g. 'signin-ip' */
  name: string;
  max: number;
  windowSeconds: number;
}

/**
 * The stored key: the counter's name and a keyed hash of what it counts (an e-mail address, an IP
 * address), so the table never holds who tried what.
 */
export function rateLimitKey(ctx: AppContext, limit: RateLimit, key: string): string {
  return `${limit.name}:${hmac(ctx.config.sessionSecret, `rate-limit:${key}`)}`;
}

// On the path of every form a resident sends: prepared once (db/prepared.ts).
const countHit = preparedQuery((db, v: { key: string; windowStart: number }) =>
  db
    .insertInto('rate_limits')
    .values({ key: v.key, window_start: v.windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })))
    .returning('hits'),
);

/**
 * Counts one hit for `key`; throws TooManyRequestsError once the window's budget is spent. `db`
 * is a transaction when the hit should be kept only with the change it counts (and cost no
 * commit of its own): a refused change then leaves no hit either.
 */
export async function consumeRateLimit(ctx: AppContext, limit: RateLimit, key: string, now = Date.now(), db: Db = ctx.db): Promise<void> {
  const windowStart = Math.floor(now / 1000 / limit.windowSeconds) * limit.windowSeconds;
  const [row] = await countHit(db, { key: rateLimitKey(ctx, limit, key), windowStart });
  if (!row) throw new Error('consumeRateLimit: the counter was not returned');
  if (Number(row.hits) > limit.max) {
    throw new TooManyRequestsError(windowStart + limit.windowSeconds - Math.floor(now / 1000));
  }
}

/**
 * Throws TooManyRequestsError when `key` has already spent the window's budget, without counting
 * a hit: for limits that count only failures, so that a caller past the budget is refused before
 * the attempt is even tried (a guess that happens to be right must not get through either).
 */
export async function refuseWhenRateLimited(ctx: AppContext, limit: RateLimit, key: string, now = Date.now()): Promise<void> {
  const windowStart = Math.floor(now / 1000 / limit.windowSeconds) * limit.windowSeconds;
  const row = await ctx.db.selectFrom('rate_limits').select('hits').where('key', '=', rateLimitKey(ctx, limit, key)).where('window_start', '=', windowStart).executeTakeFirst();
  if (row && Number(row.hits) >= limit.max) {
    throw new TooManyRequestsError(windowStart + limit.windowSeconds - Math.floor(now / 1000));
  }
}

/** Old windows are useless; the cleanup job removes them. */
export async function deleteOldRateLimitWindows(ctx: AppContext, olderThanSeconds = 86_400, now = Date.now()): Promise<void> {
  await ctx.db
    .deleteFrom('rate_limits')
    .where('window_start', '<', Math.floor(now / 1000) - olderThanSeconds)
    .execute();
}
