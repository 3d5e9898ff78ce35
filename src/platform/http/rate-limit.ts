// Fixed-window counters in the database, so every app instance shares the same limits.
import { hmac } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import { TooManyRequestsError } from './errors.js';

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

/** Counts one hit for `key`; throws TooManyRequestsError once the window's budget is spent. */
export async function consumeRateLimit(ctx: AppContext, limit: RateLimit, key: string, now = Date.now()): Promise<void> {
  const windowStart = Math.floor(now / 1000 / limit.windowSeconds) * limit.windowSeconds;
  const row = await ctx.db
    .insertInto('rate_limits')
    .values({ key: rateLimitKey(ctx, limit, key), window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })))
    .returning('hits')
    .executeTakeFirstOrThrow();
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
