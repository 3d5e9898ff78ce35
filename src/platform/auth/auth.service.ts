// Signing in and out. Passwords are argon2id; sessions live in the database (shared by every app
// instance) and the browser holds only a random token whose hash is the row's key.
import { verify as verifyTotpCode } from 'otplib';
import type { AppContext } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { consumeRateLimit, type RateLimit } from '../http/rate-limit.js';
import { sessionTiming } from '../http/kernel.plugin.js';
import { demoPassword, verifyPassword } from './passwords.js';
import { deleteSession, insertSession, markSecondFactorDone } from './session.repository.js';
import { hashToken, randomToken } from './tokens.js';
import { findUserByEmail, findUserById, recordFailedSignIn, resetFailedSignIns } from './user.repository.js';

export const signInLimits = {
  /** Failed passwords in a row before the account is locked for lockMinutes. */
  maxFailures: 5,
  lockMinutes: 15,
  perIp: { name: 'signin-ip', max: 30, windowSeconds: 600 } satisfies RateLimit,
  perAccount: { name: 'signin-account', max: 10, windowSeconds: 600 } satisfies RateLimit,
  totpPerSession: { name: 'totp-session', max: 5, windowSeconds: 300 } satisfies RateLimit,
} as const;

export type SignInResult = { sessionToken: string; userId: string; needsSecondFactor: boolean };

/**
 * Checks e-mail and password. Every failure looks the same to the caller ("wrong e-mail or
 * password"), so the form never reveals which accounts exist or are locked.
 */
export async function signIn(ctx: AppContext, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  await consumeRateLimit(ctx, signInLimits.perIp, input.ip);
  await consumeRateLimit(ctx, signInLimits.perAccount, input.email.trim().toLowerCase());
  const user = await findUserByEmail(ctx.db, input.email);
  const now = new Date();
  const nowIso = now.toISOString();
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  const refused = new ValidationError({ _form: 'auth.signInFailed' });
  if (!user || user.status !== 'active') throw refused;
  if (user.lockedUntil && user.lockedUntil > nowIso) throw refused;
  // Demo accounts and the demo password only work in demo mode.
  if (!ctx.config.demo && (user.isDemo || input.password === demoPassword)) throw refused;
  if (!passwordOk) {
    const failures = user.failedSignIns + 1;
    const lockedUntil = failures >= signInLimits.maxFailures ? new Date(now.getTime() + signInLimits.lockMinutes * 60_000).toISOString() : null;
    await recordFailedSignIn(ctx.db, user.id, lockedUntil, nowIso);
    throw refused;
  }
  await resetFailedSignIns(ctx.db, user.id, nowIso);
  const sessionToken = randomToken();
  const needsSecondFactor = user.totpEnabledAt !== null;
  await insertSession(ctx.db, {
    idHash: hashToken(sessionToken),
    userId: user.id,
    csrfSecret: randomToken(24),
    secondFactorDone: !needsSecondFactor,
    now: nowIso,
    expiresAt: new Date(now.getTime() + sessionTiming.idleMs).toISOString(),
  });
  return { sessionToken, userId: user.id, needsSecondFactor };
}

/** Completes sign-in for an account with TOTP. Codes from the previous/next 30 s are accepted. */
export async function completeSecondFactor(ctx: AppContext, input: { sessionIdHash: string; userId: string; code: string }): Promise<void> {
  await consumeRateLimit(ctx, signInLimits.totpPerSession, input.sessionIdHash);
  const user = await findUserById(ctx.db, input.userId);
  if (!user?.totpSecret) throw new ValidationError({ code: 'auth.totpWrong' });
  if (!(await checkTotp(user.totpSecret, input.code))) throw new ValidationError({ code: 'auth.totpWrong' });
  await markSecondFactorDone(ctx.db, input.sessionIdHash);
}

export async function checkTotp(secret: string, code: string): Promise<boolean> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  try {
    const result = await verifyTotpCode({ secret, token, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}

export async function signOut(ctx: AppContext, sessionToken: string): Promise<void> {
  await deleteSession(ctx.db, hashToken(sessionToken));
}
