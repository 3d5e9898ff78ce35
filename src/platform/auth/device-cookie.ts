// Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): after a
// successful sign-in the browser gets a long-lived, signed, httpOnly cookie bound to the account.
// A sign-in attempt presenting one is judged only by the back-off of that device and account, so
// an attacker who fails on purpose elsewhere cannot keep the person out. One browser may be
// trusted for a few accounts (a shared office computer); the newest come first.
import type { AppContext } from '../context.js';
import { hmac, randomToken, safeEqual } from './tokens.js';

/** The cookie itself is the kernel's `device` cookie, sent only to the sign-in form (http/request.ts). */
export const deviceCookie = {
  maxAgeDays: 180,
  maxAccounts: 5,
} as const;

interface Entry {
  deviceId: string;
  issuedAt: number;
  mac: string;
}

function macOf(ctx: AppContext, userId: string, deviceId: string, issuedAt: number): string {
  return hmac(ctx.config.sessionSecret, `device-cookie:${userId}:${deviceId}:${issuedAt}`);
}

function parse(value: string | undefined): Entry[] {
  if (!value || value.length > 1000) return [];
  const entries: Entry[] = [];
  for (const part of value.split('~').slice(0, deviceCookie.maxAccounts)) {
    const match = /^([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(part);
    if (match) entries.push({ deviceId: match[1]!, issuedAt: Number(match[2]), mac: match[3]! });
  }
  return entries;
}

function isFor(ctx: AppContext, entry: Entry, userId: string, now: Date): boolean {
  const ageSeconds = now.getTime() / 1000 - entry.issuedAt;
  return ageSeconds >= 0 && ageSeconds <= deviceCookie.maxAgeDays * 86_400 && safeEqual(entry.mac, macOf(ctx, userId, entry.deviceId, entry.issuedAt));
}

/** The device id the cookie vouches for on this account, or null when it vouches for nothing. */
export function trustedDeviceId(ctx: AppContext, value: string | undefined, userId: string, now: Date): string | null {
  return parse(value).find((entry) => isFor(ctx, entry, userId, now))?.deviceId ?? null;
}

/**
 * The cookie value after a successful sign-in: this account's entry renewed (keeping its device
 * id, so its back-off row stays the same) and first, the others kept, at most maxAccounts.
 */
export function rememberDevice(ctx: AppContext, value: string | undefined, userId: string, now: Date): string {
  const entries = parse(value);
  const own = entries.find((entry) => isFor(ctx, entry, userId, now));
  const deviceId = own?.deviceId ?? randomToken(16);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const fresh: Entry = { deviceId, issuedAt, mac: macOf(ctx, userId, deviceId, issuedAt) };
  return [fresh, ...entries.filter((entry) => entry !== own)]
    .slice(0, deviceCookie.maxAccounts)
    .map((entry) => `${entry.deviceId}.${entry.issuedAt}.${entry.mac}`)
    .join('~');
}
