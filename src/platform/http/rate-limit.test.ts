import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { TooManyRequestsError } from './errors.js';
import { consumeRateLimit } from './rate-limit.js';

describe.each(dialects)('database rate limits on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => ctx.destroy());

  const limit = { name: 'test', max: 3, windowSeconds: 60 };
  const now = Date.UTC(2026, 10, 25, 12, 0, 10);

  it('allows the budget of a window and refuses the next hit with a retry time', async () => {
    for (let i = 0; i < 3; i += 1) await consumeRateLimit(ctx, limit, '10.0.0.1', now);
    const refused = await consumeRateLimit(ctx, limit, '10.0.0.1', now).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(50);
  });

  it('counts each key separately and starts afresh in the next window', async () => {
    // 10.0.0.1 spent its budget above; another key, or the next window, is not refused.
    await expect(consumeRateLimit(ctx, limit, '10.0.0.2', now)).resolves.toBeUndefined();
    await expect(consumeRateLimit(ctx, limit, '10.0.0.1', now + 60_000)).resolves.toBeUndefined();
    await expect(consumeRateLimit(ctx, limit, '10.0.0.1', now)).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('stores no e-mail address or IP address in its keys, only keyed hashes', async () => {
    await consumeRateLimit(ctx, limit, 'person@vallentuna.example', now);
    await consumeRateLimit(ctx, limit, '192.0.2.44', now);
    const keys = (await ctx.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(/^test:[A-Za-z0-9_-]{43}$/);
      expect(key).not.toMatch(/vallentuna|192\.0\.2|10\.0\.0/);
    }
  });

  it('shares the count between concurrent callers (as several instances would)', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => consumeRateLimit(ctx, limit, '10.0.0.3', now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });
});
