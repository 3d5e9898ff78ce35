// Sending reports through the service on both databases: the per-sender limit (shared by every
// app instance, counted with the report itself) and the one-time key of a form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, createTestContext, type TestContext } from '../../../test/databases.js';
import { seedDemo } from '../../platform/demo.js';
import { TooManyRequestsError } from '../../platform/http/errors.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { reportSubmitLimit, submitReport } from './report.service.js';
import { countRows } from './report.test-support.js';

describe.each(dialects)('sending reports on %s', (dialect) => {
  let ctx: TestContext;
  let kommun: Kommun;
  let placeId: string;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedDemo(ctx);
    kommun = (await findKommunById(ctx.db, seed.kommunId))!;
    placeId = seed.places.station!;
  });
  afterAll(async () => ctx.destroy());

  const form = (key?: string) => ({ category: 'klotter', placeId, when: 'night', description: 'Klotter på perrongen.', ...(key ? { idempotencyKey: key } : {}) });

  it('refuses one report too many from the same sender, and keeps nothing of it', async () => {
    const meta = { source: 'web' as const, locale: 'sv' as const, clientKey: '192.0.2.77', answers: {} };
    for (let i = 0; i < reportSubmitLimit.max; i += 1) await submitReport(ctx, kommun, form(), meta);
    const before = await countRows(ctx.db);
    await expect(submitReport(ctx, kommun, form(), meta)).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(await countRows(ctx.db)).toEqual(before);
    // Another sender is not affected.
    await expect(submitReport(ctx, kommun, form(), { ...meta, clientKey: '192.0.2.78' })).resolves.toMatchObject({ created: true });
  });

  it('answers the same form sent twice with one report', async () => {
    const meta = { source: 'web' as const, locale: 'sv' as const, clientKey: '192.0.2.90', answers: {} };
    const key = '01900000-0000-7000-8000-0000000000aa';
    const first = await submitReport(ctx, kommun, form(key), meta);
    const before = await countRows(ctx.db);
    const [second, third] = await Promise.all([submitReport(ctx, kommun, form(key), meta), submitReport(ctx, kommun, form(key), meta)]);
    expect(first.created).toBe(true);
    expect([second.reference, third.reference]).toEqual([first.reference, first.reference]);
    expect([second.created, third.created]).toEqual([false, false]);
    expect(await countRows(ctx.db)).toEqual(before);
  });
});
