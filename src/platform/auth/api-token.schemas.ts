import { z } from 'zod';
import type { RateLimit } from '../http/rate-limit.js';

export const apiTokenLimits = {
  nameMax: 80,
  defaultDays: 90,
  maxDays: 365,
  /** Live (neither revoked nor expired) tokens one person may hold. */
  maxLive: 10,
  /** Revoked and expired tokens stay in the person's list this long, then drop out of it. */
  listedAfterEndDays: 30,
  /** last_used_at is written at most this often per token, so calls do not each write. */
  touchEveryMs: 60_000,
} as const;

/**
 * `stg_` and 32 random bytes in base64url. The prefix lets secret scanners (and people) tell a
 * leaked Samtrygg token from any other string; the pattern lets the kernel refuse garbage before
 * it asks the database.
 */
export const apiTokenPrefix = 'stg_';
export const apiTokenPattern = /^stg_[A-Za-z0-9_-]{43}$/;

/** Failed bearer attempts from one address, shared by every instance (rate_limits). */
export const bearerFailureLimit = { name: 'bearer-ip', max: 30, windowSeconds: 600 } satisfies RateLimit;

const days = z.coerce
  .number({ error: 'account.apiTokenDaysRange' })
  .int('account.apiTokenDaysRange')
  .min(1, 'account.apiTokenDaysRange')
  .max(apiTokenLimits.maxDays, 'account.apiTokenDaysRange')
  .default(apiTokenLimits.defaultDays);

export const newApiTokenSchema = z.object({
  name: z.string().trim().min(1).max(apiTokenLimits.nameMax),
  // An empty field means the default, as a left-out one does.
  days: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), days),
});
export type NewApiTokenInput = z.output<typeof newApiTokenSchema>;

export const apiTokenIdParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) });
