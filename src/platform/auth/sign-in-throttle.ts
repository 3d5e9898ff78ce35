// Back-off after failed sign-ins and wrong TOTP codes (OWASP ASVS V2.2, NIST SP 800-63B 5.2.2).
// There is no hard lock that anyone knowing an e-mail address could trigger: each failure beyond
// a few free ones makes the next attempt wait twice as long, up to a cap. Failures are counted
// separately for the account, for the account on one client, for the client's address and for
// the account's second factor; successes never count. A client holding a device cookie for the
// account (device-cookie.ts) is judged only by its own pair, so an attacker's failures elsewhere
// cannot keep the person out. Unknown e-mail addresses are throttled exactly like known ones.
import type { AppContext } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { countFailure, deleteStaleThrottles, deleteThrottle, extendBlock, findThrottles } from './sign-in-throttle.repository.js';
import { hmac } from './tokens.js';

export type ThrottleScope = 'account' | 'pair' | 'client' | 'totp';

export interface BackOff {
  /** Failures that cost nothing: people mistype. */
  freeFailures: number;
  /** The pause after the first failure beyond the free ones; each further failure doubles it. */
  firstPauseSeconds: number;
  maxPauseSeconds: number;
  /** A row whose last failure is older than this starts counting from one again. */
  forgetAfterSeconds: number;
}

export const backOffs: Record<ThrottleScope, BackOff> = {
  // One browser (device cookie) or one address trying one account: the person themselves, usually.
  pair: { freeFailures: 5, firstPauseSeconds: 30, maxPauseSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
  // Everyone trying one account. Gentler than a pair: it also pauses the person on a new device,
  // but never on a device they have signed in on before.
  account: { freeFailures: 10, firstPauseSeconds: 30, maxPauseSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
  // One address trying any accounts (password spraying). An office behind one address shares it,
  // so it allows more, and forgets sooner.
  client: { freeFailures: 30, firstPauseSeconds: 30, maxPauseSeconds: 15 * 60, forgetAfterSeconds: 3600 },
  // Wrong TOTP codes for one account, from any session.
  totp: { freeFailures: 5, firstPauseSeconds: 30, maxPauseSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
};

/** Seconds to wait after the `failures`-th failure in a row: 0, …, 0, first, 2×first, …, max. */
export function pauseSeconds(backOff: BackOff, failures: number): number {
  if (failures <= backOff.freeFailures) return 0;
  const doublings = Math.min(failures - backOff.freeFailures - 1, 20);
  return Math.min(backOff.maxPauseSeconds, backOff.firstPauseSeconds * 2 ** doublings);
}

export interface ThrottleKey {
  key: string;
  scope: ThrottleScope;
  /** The existing account the key is about, if any; lets administrators find and lift it. */
  userId: string | null;
}

/** A keyed hash of what is counted, so the table holds no e-mail or IP address. */
export function throttleKey(ctx: AppContext, scope: ThrottleScope, subject: string, userId: string | null): ThrottleKey {
  return { key: `${scope}:${hmac(ctx.config.sessionSecret, `sign-in-throttle:${scope}:${subject}`)}`, scope, userId };
}

export interface SignInKeys {
  account: ThrottleKey;
  pair: ThrottleKey;
  client: ThrottleKey;
  /** The rows that decide whether this attempt may go ahead, and that its failure counts against. */
  applying: ThrottleKey[];
}

/**
 * The keys of a password attempt. `deviceId` is set when the client presented a valid device
 * cookie for this account: then the pair is (account, device), and only that pair judges the
 * attempt and counts its failure (as OWASP's device-cookie scheme does), so the person's own typos
 * on their browser do not pause their account everywhere else.
 */
export function signInKeys(ctx: AppContext, input: { email: string; ip: string; deviceId: string | null; userId: string | null }): SignInKeys {
  const account = throttleKey(ctx, 'account', input.email, input.userId);
  const client = input.deviceId ? `device:${input.deviceId}` : `ip:${input.ip}`;
  const pair = throttleKey(ctx, 'pair', `${input.email}\n${client}`, input.userId);
  const address = throttleKey(ctx, 'client', input.ip, null);
  return { account, pair, client: address, applying: input.deviceId ? [pair] : [pair, account, address] };
}

export function totpKey(ctx: AppContext, userId: string): ThrottleKey {
  return throttleKey(ctx, 'totp', userId, userId);
}

/** The end of the longest pause any of the keys is under at `now`, or null when none is. */
export async function findPause(ctx: AppContext, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await findThrottles(ctx.db, keys.map((k) => k.key));
  const nowIso = now.toISOString();
  const until = rows.map((r) => r.blockedUntil).filter((b): b is string => b !== null && b > nowIso).sort().pop();
  return until ? new Date(until) : null;
}

/** Counts one failure against each key and returns the pause that now applies (null when none does). */
export async function recordFailure(ctx: AppContext, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const nowIso = now.toISOString();
  let pause: Date | null = null;
  for (const key of keys) {
    const backOff = backOffs[key.scope];
    const failures = await countFailure(ctx.db, {
      key: key.key,
      scope: key.scope,
      userId: key.userId,
      now: nowIso,
      forgetBefore: new Date(now.getTime() - backOff.forgetAfterSeconds * 1000).toISOString(),
    });
    const seconds = pauseSeconds(backOff, failures);
    if (seconds === 0) continue;
    const until = new Date(now.getTime() + seconds * 1000);
    await extendBlock(ctx.db, key.key, until.toISOString());
    if (!pause || until > pause) pause = until;
  }
  // Another instance may have set a longer pause meanwhile.
  const stored = await findPause(ctx, keys, now);
  return stored && (!pause || stored > pause) ? stored : pause;
}

export async function clearThrottle(ctx: AppContext, key: ThrottleKey): Promise<void> {
  await deleteThrottle(ctx.db, key.key);
}

/** Removes rows that pause nothing and whose failures would be forgotten anyway (clean-up job). */
export async function forgetOldFailures(ctx: AppContext, now = new Date()): Promise<void> {
  const longest = Math.max(...Object.values(backOffs).map((b) => b.forgetAfterSeconds));
  await deleteStaleThrottles(ctx.db, new Date(now.getTime() - longest * 1000).toISOString(), now.toISOString());
}

const clockFormat = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Stockholm' });

/**
 * "14:05" in Swedish time (the same in both languages), rounded up to the next whole minute so
 * that trying again at the time shown always works.
 */
export function clockTime(date: Date): string {
  const minute = 60_000;
  return clockFormat.format(new Date(Math.ceil(date.getTime() / minute) * minute));
}

/**
 * Attempts are paused: the message names the time to try again. Still a ValidationError, so
 * forms re-render with it; routes answer 429 with Retry-After.
 */
export class SignInPausedError extends ValidationError {
  constructor(
    readonly until: Date,
    field: string,
    messageKey: string,
    readonly now: Date,
  ) {
    super({ [field]: `${messageKey}|${clockTime(until)}` });
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.until.getTime() - this.now.getTime()) / 1000));
  }
}
