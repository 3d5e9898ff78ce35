// Self-service for accounts: password reset by mail, accepting an invitation, changing the
// password, and turning the TOTP second factor on and off. Every change writes an audit row in
// the same transaction.
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../context.js';
import { writeAudit } from '../audit/audit.repository.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { consumeRateLimit, type RateLimit } from '../http/rate-limit.js';
import { formatDateTime, type Locale } from '../i18n/i18n.js';
import { queueMail, secretPlaceholder } from '../mail/mail.js';
import { linkPaths, publicBaseUrl } from './links.js';
import { tokenLimits } from './account.schemas.js';
import { demoPassword, hashPassword, verifyPassword } from './passwords.js';
import { seal, unseal } from './sealing.js';
import { deleteOtherSessionsOfUser, deleteSessionsOfUser, markSecondFactorDone } from './session.repository.js';
import { deleteThrottlesOfUser, findThrottles } from './sign-in-throttle.repository.js';
import { throttleKey } from './sign-in-throttle.js';
import { consumeUserToken, findUserToken, insertUserToken, retireOpenTokens, type TokenPurpose } from './token.repository.js';
import { findKommunIdOfOrganisation } from '../tenants/tenant.repository.js';
import type { Db } from '../db/database.js';
import { hashToken, randomToken } from './tokens.js';
import { openTotpSecret, sealTotpSecret, spendTotpCode } from './totp.js';
import { acceptOffersFrom, acceptTotpStep, findUserByEmail, findUserById, normaliseEmail, setPasswordHash, type UserRecord } from './user.repository.js';

export const resetLimits = {
  perIp: { name: 'reset-ip', max: 20, windowSeconds: 3600 } satisfies RateLimit,
  perAccount: { name: 'reset-account', max: 5, windowSeconds: 3600 } satisfies RateLimit,
  perToken: { name: 'token-use', max: 10, windowSeconds: 600 } satisfies RateLimit,
  /** Guesses of the current password from an open session. */
  passwordChangePerUser: { name: 'password-change', max: 10, windowSeconds: 600 } satisfies RateLimit,
} as const;

/** Refuses the demo's shared password outside demo mode. */
function refuseDemoPassword(ctx: AppContext, password: string, field = 'password'): void {
  if (!ctx.config.demo && password === demoPassword) throw new ValidationError({ [field]: 'account.demoPasswordRefused' });
}

/**
 * Starts a password reset. The caller always shows the same neutral answer; a mail with a
 * one-hour single-use link goes out only when an active account has this address.
 */
export async function requestPasswordReset(ctx: AppContext, input: { email: string; ip: string; locale: Locale }): Promise<void> {
  await consumeRateLimit(ctx, resetLimits.perIp, input.ip);
  await consumeRateLimit(ctx, resetLimits.perAccount, normaliseEmail(input.email));
  const user = await findUserByEmail(ctx.db, input.email);
  if (!user || user.status !== 'active') return;
  if (!ctx.config.demo && user.isDemo) return;
  const now = new Date();
  const t = ctx.registry.messages.translator(input.locale);
  const attempts = await failedSignInsNote(ctx, user.email, input.locale);
  await inTransaction(ctx, async (tx) => {
    const { token } = await createLinkToken(tx.trx, { userId: user.id, purpose: 'reset', now });
    // A reset concerns the person's own account, not a kommun: no administrator reads it.
    await queueMail(ctx, tx, {
      kommunId: null,
      organisationId: null,
      to: user.email,
      subject: t('account.resetMailSubject'),
      text: t('account.resetMailBody', { name: user.name, link: secretPlaceholder, hours: tokenLimits.resetHours }) + attempts,
      secret: `${publicBaseUrl(ctx)}${linkPaths.reset}${token}`,
    });
    await writeAudit(tx.trx, { actorUserId: null, kommunId: null, organisationId: null, action: 'password.reset_requested', entityType: 'user', entityId: user.id }, now.toISOString());
  });
}

/**
 * A paragraph for the reset mail when someone failed to sign in to the account recently (the
 * account-wide back-off row): a person who did not try learns that someone else did.
 */
async function failedSignInsNote(ctx: AppContext, email: string, locale: Locale): Promise<string> {
  const [row] = await findThrottles(ctx.db, [throttleKey(ctx, 'account', normaliseEmail(email), null).key]);
  if (!row || row.failures === 0) return '';
  return `\n\n${ctx.registry.messages.translator(locale)('account.resetMailAttempts', { count: row.failures, last: formatDateTime(locale, row.lastFailureAt) })}`;
}

export type TokenState = { ok: true; user: UserRecord } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Looks a link token up without using it, to decide which page to show. */
export async function inspectToken(ctx: AppContext, token: string, purpose: TokenPurpose): Promise<TokenState> {
  const row = await findUserToken(ctx.db, hashToken(token), purpose);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt <= new Date().toISOString()) return { ok: false, reason: 'expired' };
  const user = await findUserById(ctx.db, row.userId);
  if (!user || user.status === 'disabled') return { ok: false, reason: 'unknown' };
  if (purpose === 'reset' && user.status !== 'active') return { ok: false, reason: 'unknown' };
  return { ok: true, user };
}

export class TokenUnusableError extends NotFoundError {
  constructor(readonly reason: 'unknown' | 'used' | 'expired') {
    super(`account.token_${reason}`);
  }
}

/**
 * Sets a new password from a reset or invitation link: uses the token (once), stores the
 * argon2id hash, activates an invited account and signs the person out everywhere.
 */
export async function setPasswordWithToken(ctx: AppContext, input: { token: string; purpose: TokenPurpose; password: string; ip: string }): Promise<UserRecord> {
  await consumeRateLimit(ctx, resetLimits.perToken, input.ip);
  refuseDemoPassword(ctx, input.password);
  const state = await inspectToken(ctx, input.token, input.purpose);
  if (!state.ok) throw new TokenUnusableError(state.reason);
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    if (!(await consumeUserToken(tx.trx, hashToken(input.token), now))) throw new TokenUnusableError('used');
    await setPasswordHash(tx.trx, state.user.id, passwordHash, now);
    await deleteSessionsOfUser(tx.trx, state.user.id);
    // The link proved the mailbox: the person may sign in with the new password at once.
    await deleteThrottlesOfUser(tx.trx, state.user.id);
    // The invitation link answers the offer of the organisation that created the account; roles
    // other organisations offered meanwhile wait for the person to accept them when signed in.
    const invitedBy = input.purpose === 'invite' ? state.user.invitedByOrganisationId : null;
    if (invitedBy) await acceptOffersFrom(tx.trx, state.user.id, invitedBy, now);
    const invitingKommun = invitedBy ? await findKommunIdOfOrganisation(tx.trx, invitedBy) : null;
    await writeAudit(
      tx.trx,
      {
        actorUserId: state.user.id,
        kommunId: invitingKommun,
        organisationId: invitedBy,
        action: input.purpose === 'reset' ? 'password.reset' : 'invitation.accepted',
        entityType: 'user',
        entityId: state.user.id,
        before: { status: state.user.status },
        after: { status: 'active' },
      },
      now,
    );
  });
  return state.user;
}

/** Changes the password of the signed-in person after checking the current one. */
export async function changePassword(ctx: AppContext, input: { userId: string; current: string; password: string; keepSessionHash: string }): Promise<void> {
  await consumeRateLimit(ctx, resetLimits.passwordChangePerUser, input.userId);
  const user = await findUserById(ctx.db, input.userId);
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.passwordHash, input.current))) throw new ValidationError({ current: 'account.currentWrong' });
  refuseDemoPassword(ctx, input.password);
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    await setPasswordHash(tx.trx, user.id, passwordHash, now);
    // Other browsers signed in with the old password are signed out.
    await deleteOtherSessionsOfUser(tx.trx, user.id, input.keepSessionHash);
    await writeAudit(tx.trx, { actorUserId: user.id, kommunId: null, organisationId: null, action: 'password.changed', entityType: 'user', entityId: user.id }, now);
  });
}

export interface TotpSetup {
  secret: string;
  qrDataUri: string;
  /** The secret sealed for the form (purpose 'totp-setup', bound to the user): nothing is stored until a code confirms it. */
  sealed: string;
}

async function totpSetupOf(ctx: AppContext, user: UserRecord, secret: string, sealed: string): Promise<TotpSetup> {
  const uri = generateURI({ issuer: 'Samtrygg', label: user.email, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret, sealed, qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * A new secret to set up, or null when TOTP is already on. Writes nothing: the secret travels
 * sealed in the set-up form and is stored only when a valid code confirms it.
 */
export async function prepareTotp(ctx: AppContext, userId: string): Promise<TotpSetup | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new NotFoundError();
  if (user.totpEnabledAt) return null;
  const secret = generateSecret();
  return totpSetupOf(ctx, user, secret, seal(ctx.config.sessionSecret, 'totp-setup', secret, user.id));
}

/** The set-up a form carried back, so a wrong code shows the same QR code again; null if it is not ours. */
export async function reopenTotpSetup(ctx: AppContext, userId: string, sealed: string | undefined): Promise<TotpSetup | null> {
  const user = await findUserById(ctx.db, userId);
  const secret = user && sealed ? unseal(ctx.config.sessionSecret, 'totp-setup', sealed, user.id) : null;
  return user && sealed && secret ? totpSetupOf(ctx, user, secret, sealed) : null;
}

export async function enableTotp(ctx: AppContext, input: { userId: string; code: string; setup: string | undefined; sessionIdHash: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await findUserById(ctx.db, input.userId);
  if (!user) throw new NotFoundError();
  if (user.totpEnabledAt) return;
  const secret = input.setup ? unseal(ctx.config.sessionSecret, 'totp-setup', input.setup, user.id) : null;
  // Not a guess at anyone's secret: a form from another account, an old key or a tampered field.
  if (!secret) throw new ValidationError({ code: 'account.totpSetupUnreadable' });
  const nowIso = now.toISOString();
  await spendTotpCode(ctx, { user, secret, code: input.code, now }, async (trx, step) => {
    const changes = { totpSecret: sealTotpSecret(ctx, user.id, secret), totpEnabledAt: nowIso };
    if (!(await acceptTotpStep(trx, { userId: user.id, step, totpOn: false, now: nowIso, changes }))) return false;
    // The code just given counts as this session's second factor.
    await markSecondFactorDone(trx, input.sessionIdHash);
    await writeAudit(trx, { actorUserId: user.id, kommunId: null, organisationId: null, action: 'totp.enabled', entityType: 'user', entityId: user.id }, nowIso);
    return true;
  });
}

/** Someone holding an open session must give a valid, unused code, counted like sign-in codes. */
export async function disableTotp(ctx: AppContext, input: { userId: string; code: string; sessionIdHash: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await findUserById(ctx.db, input.userId);
  if (!user) throw new NotFoundError();
  if (!user.totpEnabledAt) return;
  const secret = openTotpSecret(ctx, user.id, user.totpSecret);
  if (!secret) throw new ValidationError({ code: 'auth.totpWrong' });
  const nowIso = now.toISOString();
  await spendTotpCode(ctx, { user, secret, code: input.code, now }, async (trx, step) => {
    const changes = { totpSecret: null, totpEnabledAt: null };
    if (!(await acceptTotpStep(trx, { userId: user.id, step, totpOn: true, now: nowIso, changes }))) return false;
    await writeAudit(trx, { actorUserId: user.id, kommunId: null, organisationId: null, action: 'totp.disabled', entityType: 'user', entityId: user.id }, nowIso);
    return true;
  });
}

/**
 * Creates a single-use link token for a user (only its hash is stored) and retires the user's
 * older open tokens of the same purpose. Call inside the transaction that sends the mail.
 */
export async function createLinkToken(trx: Db, input: { userId: string; purpose: TokenPurpose; now?: Date }): Promise<{ token: string; expiresAt: string }> {
  const now = input.now ?? new Date();
  const lifetimeMs = input.purpose === 'reset' ? tokenLimits.resetHours * 3_600_000 : tokenLimits.inviteDays * 86_400_000;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
  await retireOpenTokens(trx, input.userId, input.purpose, now.toISOString());
  await insertUserToken(trx, { tokenHash: hashToken(token), userId: input.userId, purpose: input.purpose, expiresAt, now: now.toISOString() });
  return { token, expiresAt };
}
