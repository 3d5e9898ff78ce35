// Signing in and out. Passwords are argon2id; sessions live in the database (shared by every app
// instance) and the browser holds only a random token whose hash is the row's key. Failed
// attempts slow further attempts down (sign-in-throttle.ts) instead of locking the account.
import type { AppContext } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { sessionTiming } from '../http/kernel.plugin.js';
import { rememberDevice, trustedDeviceId } from './device-cookie.js';
import { demoPassword, verifyPassword } from './passwords.js';
import { deleteSession, insertSession, markSecondFactorDone } from './session.repository.js';
import { clearThrottle, findPause, recordFailure, signInKeys, SignInPausedError } from './sign-in-throttle.js';
import { hashToken, randomToken } from './tokens.js';
import { openTotpSecret, spendTotpCode } from './totp.js';
import { acceptTotpStep, findUserByEmail, findUserById, normaliseEmail } from './user.repository.js';

export type SignInResult = {
  sessionToken: string;
  userId: string;
  needsSecondFactor: boolean;
  /** The new value of the device cookie, which now vouches for this browser on this account. */
  deviceCookie: string;
};

/**
 * Checks e-mail and password. Every failure looks the same to the caller ("wrong e-mail or
 * password"), so the form never reveals which accounts exist; a pause says until when, and
 * unknown addresses are paused exactly like known ones.
 */
export async function signIn(ctx: AppContext, input: { email: string; password: string; ip: string; deviceCookie?: string | undefined; now?: Date }): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const user = await findUserByEmail(ctx.db, email);
  const deviceId = user ? trustedDeviceId(ctx, input.deviceCookie, user.id, now) : null;
  const keys = signInKeys(ctx, { email, ip: input.ip, deviceId, userId: user?.id ?? null });
  // While paused the password is not even checked: that is what slows guessing down.
  const paused = await findPause(ctx, keys.applying, now);
  if (paused) throw new SignInPausedError(paused, '_form', 'auth.signInPaused', now);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  // Demo accounts and the demo password only work in demo mode.
  const demoRefused = !ctx.config.demo && (user?.isDemo === true || input.password === demoPassword);
  if (!user || user.status !== 'active' || !passwordOk || demoRefused) {
    const pause = await recordFailure(ctx, keys.applying, now);
    if (pause) throw new SignInPausedError(pause, '_form', 'auth.signInPaused', now);
    throw new ValidationError({ _form: 'auth.signInFailed' });
  }
  // Only this client's pair starts afresh; the account-wide count is left to an attacker's clock.
  await clearThrottle(ctx, keys.pair);
  const sessionToken = randomToken();
  const needsSecondFactor = user.totpEnabledAt !== null;
  await insertSession(ctx.db, {
    idHash: hashToken(sessionToken),
    userId: user.id,
    csrfSecret: randomToken(24),
    secondFactorDone: !needsSecondFactor,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + sessionTiming.idleMs).toISOString(),
  });
  return { sessionToken, userId: user.id, needsSecondFactor, deviceCookie: rememberDevice(ctx, input.deviceCookie, user.id, now) };
}

/** Completes sign-in for an account with TOTP; each code works once, whatever the session. */
export async function completeSecondFactor(ctx: AppContext, input: { sessionIdHash: string; userId: string; code: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await findUserById(ctx.db, input.userId);
  const secret = user?.totpEnabledAt ? openTotpSecret(ctx, user.id, user.totpSecret) : null;
  if (!user || !secret) throw new ValidationError({ code: 'auth.totpWrong' });
  await spendTotpCode(ctx, { user, secret, code: input.code, now }, async (trx, step) => {
    if (!(await acceptTotpStep(trx, { userId: user.id, step, totpOn: true, now: now.toISOString() }))) return false;
    await markSecondFactorDone(trx, input.sessionIdHash);
    return true;
  });
}

export async function signOut(ctx: AppContext, sessionToken: string): Promise<void> {
  await deleteSession(ctx.db, hashToken(sessionToken));
}
