import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { acquireLease, releaseLease, runJobOnce } from './jobs.js';

describe.each(dialects)('job leases on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => ctx.destroy());

  it('lets only one holder run a job while its lease lasts', async () => {
    expect(await acquireLease(ctx, 'test.exclusive', 60_000)).toBe(true);
    // Another instance is simulated by a row held by someone else.
    await ctx.db.updateTable('job_locks').set({ holder: 'other-instance' }).where('name', '=', 'test.exclusive').execute();
    expect(await acquireLease(ctx, 'test.exclusive', 60_000)).toBe(false);
    let ran = false;
    expect(await runJobOnce(ctx, { name: 'test.exclusive', everyMs: 1000, run: async () => void (ran = true) })).toBe(false);
    expect(ran).toBe(false);
  });

  it('takes over a lease that has expired', async () => {
    await ctx.db
      .insertInto('job_locks')
      .values({ name: 'test.expired', holder: 'crashed-instance', locked_until: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await acquireLease(ctx, 'test.expired', 60_000)).toBe(true);
    await releaseLease(ctx, 'test.expired');
    let runs = 0;
    await runJobOnce(ctx, { name: 'test.expired', everyMs: 1000, run: async () => void (runs += 1) });
    await runJobOnce(ctx, { name: 'test.expired', everyMs: 1000, run: async () => void (runs += 1) });
    expect(runs).toBe(2);
  });
});
