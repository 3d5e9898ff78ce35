import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { ValidationError } from '../http/errors.js';
import { signIn } from './auth.service.js';
import { rememberDevice, trustedDeviceId } from './device-cookie.js';
import { hashPassword } from './passwords.js';
import { backOffs, clockTime, findPause, forgetOldFailures, pauseSeconds, recordFailure, SignInPausedError, signInKeys, throttleKey } from './sign-in-throttle.js';
import { insertUser } from './user.repository.js';

describe('back-off', () => {
  it('lets the free failures pass, then doubles the pause up to its cap', () => {
    const backOff = { freeFailures: 3, firstPauseSeconds: 30, maxPauseSeconds: 900, forgetAfterSeconds: 3600 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000].map((n) => pauseSeconds(backOff, n))).toEqual([0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('is gentler for the whole account than for one client, and gentlest for a shared address', () => {
    expect(backOffs.account.freeFailures).toBeGreaterThan(backOffs.pair.freeFailures);
    expect(backOffs.client.freeFailures).toBeGreaterThan(backOffs.account.freeFailures);
    for (const backOff of Object.values(backOffs)) expect(pauseSeconds(backOff, 10_000)).toBe(15 * 60);
  });

  it('names the time to try again in Swedish time, rounded up to the minute', () => {
    expect(clockTime(new Date('2026-12-02T13:04:00.000Z'))).toBe('14:04');
    expect(clockTime(new Date('2026-12-02T13:04:01.000Z'))).toBe('14:05');
    expect(clockTime(new Date('2026-07-01T22:59:30.000Z'))).toBe('01:00');
  });
});

describe('device cookies', () => {
  const ctx = { config: { sessionSecret: 'a-test-secret-that-is-long-enough-for-hmac' } } as Parameters<typeof rememberDevice>[0];
  const now = new Date('2026-12-02T10:00:00.000Z');

  it('vouch for the account they were issued to, and for no other', () => {
    const value = rememberDevice(ctx, undefined, 'user-a', now);
    expect(trustedDeviceId(ctx, value, 'user-a', now)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(trustedDeviceId(ctx, value, 'user-b', now)).toBeNull();
  });

  it('keep the device id when renewed, and hold a few accounts of one browser', () => {
    const first = rememberDevice(ctx, undefined, 'user-a', now);
    const both = rememberDevice(ctx, first, 'user-b', now);
    const dayLater = new Date(now.getTime() + 86_400_000);
    const renewed = rememberDevice(ctx, both, 'user-a', dayLater);
    expect(trustedDeviceId(ctx, renewed, 'user-a', dayLater)).toBe(trustedDeviceId(ctx, first, 'user-a', now));
    expect(trustedDeviceId(ctx, renewed, 'user-b', dayLater)).toBe(trustedDeviceId(ctx, both, 'user-b', now));
    expect(renewed.split('~')).toHaveLength(2);
  });

  it('refuse forged, altered and expired values', () => {
    const value = rememberDevice(ctx, undefined, 'user-a', now);
    const [deviceId, issuedAt, mac] = value.split('.');
    expect(trustedDeviceId(ctx, `${deviceId}.${Number(issuedAt) + 1}.${mac}`, 'user-a', now)).toBeNull();
    expect(trustedDeviceId(ctx, `${'A'.repeat(22)}.${issuedAt}.${mac}`, 'user-a', now)).toBeNull();
    expect(trustedDeviceId(ctx, 'garbage', 'user-a', now)).toBeNull();
    const other = { config: { sessionSecret: 'another-secret-that-is-long-enough-for-hmac' } } as typeof ctx;
    expect(trustedDeviceId(other, value, 'user-a', now)).toBeNull();
    expect(trustedDeviceId(ctx, value, 'user-a', new Date(now.getTime() + 181 * 86_400_000))).toBeNull();
  });
});

describe.each(dialects)('sign-in back-off on %s', (dialect) => {
  let ctx: TestContext;
  const password = 'ett eget långt lösenord';
  const start = new Date('2026-12-02T09:00:00.000Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { SAMTRYGG_DEMO: 'false' });
    const passwordHash = await hashPassword(password);
    for (const [id, email] of [
      ['01900000-0000-7000-8000-0000000000a1', 'anna@kommun.example'],
      ['01900000-0000-7000-8000-0000000000a2', 'bo@kommun.example'],
      ['01900000-0000-7000-8000-0000000000a3', 'cilla@kommun.example'],
    ] as const) {
      await insertUser(ctx.db, { id, email, name: email, passwordHash, status: 'active', isPlatformAdmin: false, isDemo: false, now: start.toISOString() });
    }
  });
  afterAll(async () => ctx.destroy());

  const attempt = (email: string, pass: string, now: Date, ip = '198.51.100.1', deviceCookie?: string) => signIn(ctx, { email, password: pass, ip, deviceCookie, now });
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'signed in', (error: unknown) => (error instanceof SignInPausedError ? 'paused' : error instanceof ValidationError ? 'refused' : error));

  it('pauses a pair after its free failures, doubles the pause, and checks no password meanwhile', async () => {
    for (let i = 0; i < backOffs.pair.freeFailures; i += 1) expect(await refusal(attempt('anna@kommun.example', 'fel', at(i)))).toBe('refused');
    const paused = await attempt('anna@kommun.example', 'fel', at(10)).catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(SignInPausedError);
    expect((paused as SignInPausedError).until).toEqual(at(10 + 30));
    expect((paused as SignInPausedError).retryAfterSeconds).toBe(30);
    // Even the right password waits…
    expect(await refusal(attempt('anna@kommun.example', password, at(39)))).toBe('paused');
    // …and a failure after the pause doubles it.
    const next = await attempt('anna@kommun.example', 'fel', at(41)).catch((e: unknown) => e);
    expect((next as SignInPausedError).until).toEqual(at(41 + 60));
    expect(await refusal(attempt('anna@kommun.example', password, at(102)))).toBe('signed in');
  });

  it('starts a pair afresh after a success but keeps the account-wide count', async () => {
    const keys = signInKeys(ctx, { email: 'anna@kommun.example', ip: '198.51.100.1', deviceId: null, userId: null });
    const rows = await ctx.db.selectFrom('sign_in_throttles').select(['key', 'failures']).where('key', 'in', [keys.pair.key, keys.account.key]).execute();
    expect(rows).toEqual([{ key: keys.account.key, failures: 7 }]);
  });

  it('forgets failures after a quiet day', async () => {
    for (let i = 0; i < backOffs.pair.freeFailures; i += 1) await refusal(attempt('bo@kommun.example', 'fel', at(i)));
    const dayLater = at(24 * 3600 + 10);
    expect(await refusal(attempt('bo@kommun.example', 'fel', dayLater))).toBe('refused');
    const keys = signInKeys(ctx, { email: 'bo@kommun.example', ip: '198.51.100.1', deviceId: null, userId: null });
    const pair = await ctx.db.selectFrom('sign_in_throttles').select('failures').where('key', '=', keys.pair.key).executeTakeFirstOrThrow();
    expect(pair.failures).toBe(1);
    await forgetOldFailures(ctx, at(3 * 24 * 3600));
    expect(await ctx.db.selectFrom('sign_in_throttles').select('key').where('key', '=', keys.pair.key).executeTakeFirst()).toBeUndefined();
  });

  it('pauses an account for every new client, but not for a device the person signed in on', async () => {
    const { deviceCookie } = await attempt('cilla@kommun.example', password, at(0), '192.0.2.10');
    // An attacker spreads wrong passwords over many addresses: no pair or address reaches its limit.
    for (let i = 0; i < backOffs.account.freeFailures + 1; i += 1) await refusal(attempt('cilla@kommun.example', 'gissning', at(1 + i), `203.0.113.${i}`));
    expect(await refusal(attempt('cilla@kommun.example', password, at(20), '203.0.113.200'))).toBe('paused');
    expect(await refusal(attempt('cilla@kommun.example', password, at(20), '203.0.113.200', deviceCookie))).toBe('signed in');
    // A device cookie of another account vouches for nothing here.
    const { deviceCookie: annas } = await attempt('anna@kommun.example', password, at(200), '192.0.2.11');
    expect(await refusal(attempt('cilla@kommun.example', password, at(21), '192.0.2.11', annas))).toBe('paused');
  });

  it('counts typos on a trusted browser against that browser only', async () => {
    const { deviceCookie } = await attempt('bo@kommun.example', password, at(500), '192.0.2.20');
    for (let i = 0; i < backOffs.account.freeFailures + 2; i += 1) {
      const outcome = await refusal(attempt('bo@kommun.example', 'fel', at(501 + i * 1000), '192.0.2.20', deviceCookie));
      expect(['refused', 'paused']).toContain(outcome);
    }
    // The browser is paused after its own free failures, the account elsewhere is not.
    expect(await refusal(attempt('bo@kommun.example', password, at(501 + 11 * 1000 + 1), '192.0.2.20', deviceCookie))).toBe('paused');
    expect(await refusal(attempt('bo@kommun.example', password, at(501 + 11 * 1000 + 1), '192.0.2.21'))).toBe('signed in');
  });

  it('pauses unknown addresses exactly like known ones', async () => {
    const outcomes: unknown[] = [];
    for (let i = 0; i <= backOffs.pair.freeFailures; i += 1) outcomes.push(await refusal(attempt('ingen@kommun.example', 'fel', at(i), '198.51.100.77')));
    expect(outcomes).toEqual([...Array.from({ length: backOffs.pair.freeFailures }, () => 'refused'), 'paused']);
    const row = await ctx.db.selectFrom('sign_in_throttles').select(['user_id']).where('key', '=', throttleKey(ctx, 'account', 'ingen@kommun.example', null).key).executeTakeFirstOrThrow();
    expect(row.user_id).toBeNull();
  });

  it('counts concurrent failures once each and never shortens a pause', async () => {
    const key = throttleKey(ctx, 'pair', 'concurrent', null);
    await Promise.all(Array.from({ length: 12 }, () => recordFailure(ctx, [key], at(0))));
    const row = await ctx.db.selectFrom('sign_in_throttles').select(['failures', 'blocked_until']).where('key', '=', key.key).executeTakeFirstOrThrow();
    expect(row.failures).toBe(12);
    // Failure 12 of a pair is the 7th beyond the free 5: 30 s × 2^6, capped at 15 minutes.
    expect(row.blocked_until).toBe(at(15 * 60).toISOString());
    expect(await findPause(ctx, [key], at(15 * 60 - 1))).toEqual(at(15 * 60));
    expect(await findPause(ctx, [key], at(15 * 60))).toBeNull();
  });

  it('stores keyed hashes only, never an e-mail or IP address', async () => {
    const rows = await ctx.db.selectFrom('sign_in_throttles').select('key').execute();
    expect(rows.length).toBeGreaterThan(3);
    for (const { key } of rows) {
      expect(key).toMatch(/^(account|pair|client|totp):[A-Za-z0-9_-]{43}$/);
      expect(key).not.toMatch(/kommun|example|198\.51|203\.0|192\.0/);
    }
  });
});
