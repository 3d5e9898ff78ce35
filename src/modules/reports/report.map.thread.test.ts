// The map's index built in a thread (thread-reader.ts), from a SQLite file or from PostgreSQL, is
// the index built a page at a time on the event loop: the same reports, the same answer at every
// zoom and filter. A SQLite file, because an in-memory database (the other tests') is always read
// a page at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, testConfig } from '../../../test/databases.js';
import { testModules } from '../../../test/modules.js';
import { createAppContext } from '../../app/context.js';
import type { AppContext } from '../../platform/context.js';
import { openDatabase, whenDurable, type Dialect } from '../../platform/db/database.js';
import { collectMigrations, migrateToLatest } from '../../platform/db/migrate.js';
import { canReadInThread } from '../../platform/db/thread-reader.js';
import { seedDemo } from '../../platform/demo.js';
import { ClusterIndex, type ClusterFilter } from './report.cluster.js';
import { insertMapVolume } from './report.map.bench.js';
import { loadInPages, loadInThread, mapIndexFigures } from './report.map.service.js';

/** A migrated database of the dialect that a thread can read: a SQLite file, or PostgreSQL. */
async function threadReadableContext(dialect: Dialect): Promise<{ ctx: AppContext; destroy: () => Promise<void> }> {
  if (dialect === 'postgres') {
    const ctx = await createTestContext('postgres');
    return { ctx, destroy: () => ctx.destroy() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'samtrygg-map-thread-'));
  const url = `sqlite:${join(dir, 'db.sqlite')}`;
  const database = openDatabase(url);
  const ctx = createAppContext(testConfig({ DATABASE_URL: url }), pino({ level: 'silent' }), database, testModules);
  await migrateToLatest(ctx.db, collectMigrations(testModules));
  return {
    ctx,
    destroy: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(dialects)('the map index read in a thread (%s)', (dialect) => {
  let ctx: AppContext;
  let destroy: (() => Promise<void>) | undefined;
  let kommunId: string;

  beforeAll(async () => {
    ({ ctx, destroy } = await threadReadableContext(dialect));
    kommunId = (await seedDemo(ctx)).kommunId;
    await insertMapVolume(ctx.db, kommunId, 30_000);
    await whenDurable(ctx.db);
  });
  afterAll(async () => destroy?.());

  const build = async (load: typeof loadInThread) => {
    const index = new ClusterIndex();
    index.startLoad();
    await load(ctx, kommunId, index);
    index.finishLoad();
    return index;
  };

  it('holds the same reports and answers every zoom and filter as the page-at-a-time build', async () => {
    expect(canReadInThread(ctx.db)).toBe(true);
    const [inThread, inPages] = [await build(loadInThread), await build(loadInPages)];
    // The demo's published reports and the 30,000 of the volume, more than one chunk of 20,000.
    expect(inThread.size).toBeGreaterThan(30_000);
    expect(inThread.size).toBe(inPages.size);
    const box = { minLon: 17.9, minLat: 59.45, maxLon: 18.3, maxLat: 59.65 };
    const filters: ClusterFilter[] = [{}, { category: 'belysning' }, { kind: 'open', partBit: 4 }, { periodDays: 90 }, { category: 'klotter', kind: 'fixed', periodDays: 365 }];
    for (const zoom of [5, 10, 12, 14, 15, 16, 18]) {
      for (const filter of filters) {
        const [a, b] = [inThread.query(box, zoom, filter), inPages.query(box, zoom, filter)];
        expect(a.items.length, `zoom ${zoom} ${JSON.stringify(filter)}`).toBeGreaterThan(0);
        expect(a, `zoom ${zoom} ${JSON.stringify(filter)}`).toEqual(b);
      }
    }
  });

  it('is the build the app makes of the index, with the same reports', async () => {
    const figures = await mapIndexFigures(ctx, kommunId);
    expect(figures.reports).toBe((await build(loadInPages)).size);
  });
});
