// TOTP second factor: secrets are sealed at rest (sealing.ts, purpose 'totp', bound to the user),
// each time step is accepted at most once per account, and wrong codes from any session count
// against the account's back-off (sign-in-throttle.ts).
import { verify as verifyTotpCode } from 'otplib';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { ValidationError } from '../http/errors.js';
import { isSealed, seal, unseal } from './sealing.js';
import { clearThrottle, findPause, recordFailure, SignInPausedError, totpKey } from './sign-in-throttle.js';
import { listUnsealedTotpSecrets, replaceTotpSecret, type UserRecord } from './user.repository.js';

/** Codes of the previous and next 30-second step are accepted too (phone clocks drift). */
const toleranceSeconds = 30;

export function sealTotpSecret(ctx: AppContext, userId: string, secret: string): string {
  return seal(ctx.config.sessionSecret, 'totp', secret, userId);
}

/**
 * The account's secret in clear, or null. A secret still stored in plain text (from before
 * sealing; the clean-up job seals it) is used as it is until then.
 */
export function openTotpSecret(ctx: AppContext, userId: string, stored: string | null): string | null {
  if (!stored) return null;
  return isSealed(stored) ? unseal(ctx.config.sessionSecret, 'totp', stored, userId) : stored;
}

/** The time step a code belongs to, or null when it matches none around `now`. */
export async function totpStepOf(secret: string, code: string, now: Date): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verifyTotpCode({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: toleranceSeconds });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/**
 * Uses a TOTP code of `user` once. `commit` runs in a transaction with the code's step and must
 * store it with a conditional UPDATE (see acceptTotpStep), answering false when an equal or later
 * step was stored first — by a concurrent request on any instance — so that a code can never
 * be accepted twice. Wrong, reused or lost codes count against the account; while it is paused
 * no code is even checked. Errors are reported on the form field `code`.
 */
export async function spendTotpCode(
  ctx: AppContext,
  input: { user: Pick<UserRecord, 'id' | 'totpLastStep'>; secret: string; code: string; now: Date },
  commit: (trx: Db, step: number) => Promise<boolean>,
): Promise<void> {
  const key = totpKey(ctx, input.user.id);
  const paused = await findPause(ctx, [key], input.now);
  if (paused) throw new SignInPausedError(paused, 'code', 'auth.totpPaused', input.now);
  const step = await totpStepOf(input.secret, input.code, input.now);
  let problem: string | null = null;
  if (step === null) problem = 'auth.totpWrong';
  else if (input.user.totpLastStep !== null && step <= input.user.totpLastStep) problem = 'auth.totpUsed';
  else if (!(await inTransaction(ctx, ({ trx }) => commit(trx, step)))) problem = 'auth.totpUsed';
  if (problem) {
    const pause = await recordFailure(ctx, [key], input.now);
    if (pause) throw new SignInPausedError(pause, 'code', 'auth.totpPaused', input.now);
    throw new ValidationError({ code: problem });
  }
  await clearThrottle(ctx, key);
}

/**
 * Seals TOTP secrets stored in plain text before sealing existed; run by the auth clean-up job
 * (which also runs at start). A pending secret of a set-up never confirmed is dropped instead:
 * set-ups now travel sealed in the form until a code confirms them.
 */
export async function sealStoredTotpSecrets(ctx: AppContext, now = new Date()): Promise<number> {
  let changed = 0;
  let afterId = '';
  for (;;) {
    const batch = await listUnsealedTotpSecrets(ctx.db, afterId, 100);
    for (const row of batch) {
      afterId = row.id;
      const replacement = row.totpEnabledAt ? sealTotpSecret(ctx, row.id, row.totpSecret) : null;
      await replaceTotpSecret(ctx.db, row.id, row.totpSecret, replacement, now.toISOString());
      changed += 1;
    }
    if (batch.length < 100) return changed;
  }
}
