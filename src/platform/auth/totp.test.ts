import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { ValidationError } from '../http/errors.js';
import { disableTotp, enableTotp, prepareTotp } from './account.service.js';
import { completeSecondFactor } from './auth.service.js';
import { isSealed, seal } from './sealing.js';
import { insertSession } from './session.repository.js';
import { backOffs, SignInPausedError } from './sign-in-throttle.js';
import { randomToken } from './tokens.js';
import { sealStoredTotpSecrets, sealTotpSecret } from './totp.js';
import { insertUser } from './user.repository.js';

const start = new Date('2026-12-02T09:00:05.000Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const codeAt = (secret: string, when: Date) => generate({ secret, epoch: Math.floor(when.getTime() / 1000) });

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof SignInPausedError) return 'paused';
    if (error instanceof ValidationError) return error.fields.code ?? JSON.stringify(error.fields);
    throw error;
  }
}

describe.each(dialects)('TOTP codes on %s', (dialect) => {
  let ctx: TestContext;
  let counter = 0;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => ctx.destroy());

  /** An account with TOTP on, as enabling through the set-up form leaves it. */
  async function personWithTotp(): Promise<{ userId: string; secret: string }> {
    counter += 1;
    const userId = `01900000-0000-7000-8000-00000000b${String(counter).padStart(3, '0')}`;
    const secret = generateSecret();
    await insertUser(ctx.db, { id: userId, email: `person${counter}@kommun.example`, name: 'Person', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now: start.toISOString() });
    await ctx.db.updateTable('users').set({ totp_secret: sealTotpSecret(ctx, userId, secret), totp_enabled_at: start.toISOString() }).where('id', '=', userId).execute();
    return { userId, secret };
  }

  async function newSession(userId: string): Promise<string> {
    const idHash = randomToken();
    await insertSession(ctx.db, { idHash, userId, csrfSecret: randomToken(), secondFactorDone: false, now: start.toISOString(), expiresAt: at(3600).toISOString() });
    return idHash;
  }

  const secondFactorDone = async (idHash: string) => (await ctx.db.selectFrom('sessions').select('second_factor_done').where('id_hash', '=', idHash).executeTakeFirstOrThrow()).second_factor_done;

  it('accepts each time step once, in any session, and a later step afterwards', async () => {
    const { userId, secret } = await personWithTotp();
    const code = await codeAt(secret, at(0));
    const first = await newSession(userId);
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: first, userId, code, now: at(0) }))).toBe('accepted');
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: first, userId, code, now: at(1) }))).toBe('auth.totpUsed');
    const second = await newSession(userId);
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: second, userId, code, now: at(1) }))).toBe('auth.totpUsed');
    // The previous step's code is within the clock tolerance, but older than the one used.
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: second, userId, code: await codeAt(secret, at(-30)), now: at(1) }))).toBe('auth.totpUsed');
    expect(await secondFactorDone(second)).toBeFalsy();
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: second, userId, code: await codeAt(secret, at(30)), now: at(31) }))).toBe('accepted');
    // Turning TOTP off with a spent code fails too.
    expect(await outcome(disableTotp(ctx, { userId, code: await codeAt(secret, at(30)), sessionIdHash: second, now: at(32) }))).toBe('auth.totpUsed');
  });

  it('lets exactly one of two sessions racing with the same code in', async () => {
    const { userId, secret } = await personWithTotp();
    const code = await codeAt(secret, at(0));
    const sessions = [await newSession(userId), await newSession(userId), await newSession(userId)];
    const results = await Promise.all(sessions.map((sessionIdHash) => outcome(completeSecondFactor(ctx, { sessionIdHash, userId, code, now: at(0) }))));
    expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r === 'auth.totpUsed')).toHaveLength(2);
  });

  it('counts wrong codes from every session against the account and pauses it', async () => {
    const { userId, secret } = await personWithTotp();
    const wrong = (await codeAt(secret, at(0))) === '000000' ? '111111' : '000000';
    for (let i = 0; i < backOffs.totp.freeFailures; i += 1) {
      expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: await newSession(userId), userId, code: wrong, now: at(i) }))).toBe('auth.totpWrong');
    }
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: await newSession(userId), userId, code: wrong, now: at(10) }))).toBe('paused');
    // While paused even the right code is not checked, and turning TOTP off is paused as well.
    const session = await newSession(userId);
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: session, userId, code: await codeAt(secret, at(20)), now: at(20) }))).toBe('paused');
    expect(await outcome(disableTotp(ctx, { userId, code: await codeAt(secret, at(20)), sessionIdHash: session, now: at(20) }))).toBe('paused');
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: session, userId, code: await codeAt(secret, at(41)), now: at(41) }))).toBe('accepted');
    // A success starts the count afresh.
    expect(await ctx.db.selectFrom('sign_in_throttles').select('key').where('user_id', '=', userId).where('scope', '=', 'totp').execute()).toEqual([]);
  });

  it('stores a set-up only when a code confirms it, sealed for the account', async () => {
    const userId = '01900000-0000-7000-8000-00000000c001';
    await insertUser(ctx.db, { id: userId, email: 'ny@kommun.example', name: 'Ny', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now: start.toISOString() });
    const before = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const setup = (await prepareTotp(ctx, userId))!;
    expect(await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()).toEqual(before);
    const session = await newSession(userId);
    // A set-up sealed for another account is refused without a guess being counted.
    const foreign = seal(ctx.config.sessionSecret, 'totp-setup', setup.secret, 'someone-else');
    expect(await outcome(enableTotp(ctx, { userId, code: await codeAt(setup.secret, at(0)), setup: foreign, sessionIdHash: session, now: at(0) }))).toBe('account.totpSetupUnreadable');
    expect(await outcome(enableTotp(ctx, { userId, code: await codeAt(setup.secret, at(0)), setup: setup.sealed, sessionIdHash: session, now: at(0) }))).toBe('accepted');
    const after = await ctx.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at', 'totp_last_step']).where('id', '=', userId).executeTakeFirstOrThrow();
    expect(isSealed(after.totp_secret!)).toBe(true);
    expect(after.totp_secret).not.toContain(setup.secret);
    expect(after.totp_enabled_at).toBe(at(0).toISOString());
    // The code that turned TOTP on is spent: it cannot also sign in.
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: await newSession(userId), userId, code: await codeAt(setup.secret, at(0)), now: at(1) }))).toBe('auth.totpUsed');
  });

  it('seals secrets stored in plain text, drops unconfirmed ones, and the codes still work', async () => {
    const enabled = { id: '01900000-0000-7000-8000-00000000d001', secret: generateSecret() };
    const pending = { id: '01900000-0000-7000-8000-00000000d002', secret: generateSecret() };
    for (const [person, enabledAt] of [
      [enabled, start.toISOString()],
      [pending, null],
    ] as const) {
      await insertUser(ctx.db, { id: person.id, email: `${person.id}@kommun.example`, name: 'Gammal', passwordHash: null, status: 'active', isPlatformAdmin: false, isDemo: false, now: start.toISOString() });
      await ctx.db.updateTable('users').set({ totp_secret: person.secret, totp_enabled_at: enabledAt }).where('id', '=', person.id).execute();
    }
    // Until the job has run, a plain secret still signs in.
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: await newSession(enabled.id), userId: enabled.id, code: await codeAt(enabled.secret, at(0)), now: at(0) }))).toBe('accepted');
    expect(await sealStoredTotpSecrets(ctx, at(1))).toBeGreaterThanOrEqual(2);
    const rows = await ctx.db.selectFrom('users').select(['id', 'totp_secret']).where('id', 'in', [enabled.id, pending.id]).orderBy('id').execute();
    expect(isSealed(rows[0]!.totp_secret!)).toBe(true);
    expect(rows[0]!.totp_secret).not.toContain(enabled.secret);
    expect(rows[1]!.totp_secret).toBeNull();
    expect(await outcome(completeSecondFactor(ctx, { sessionIdHash: await newSession(enabled.id), userId: enabled.id, code: await codeAt(enabled.secret, at(30)), now: at(30) }))).toBe('accepted');
    expect(await sealStoredTotpSecrets(ctx, at(31))).toBe(0);
    const plain = await ctx.db.selectFrom('users').select('id').where('totp_secret', 'is not', null).where('totp_secret', 'not like', 'v1.%').execute();
    expect(plain).toEqual([]);
  });
});
