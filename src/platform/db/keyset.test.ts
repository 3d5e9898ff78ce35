// keysetAfter on both databases: every row once, in order, through pages that split ties on the
// timestamp; and on PostgreSQL the cursor bounds the index scan (its plan's Index Cond holds it),
// which is what made the reports map's start-up read fast there.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { keysetAfter } from './keyset.js';

interface Probe {
  keyset_probe: { k: string; at: string; id: string };
}

describe.each(dialects)('keyset pages on %s', (dialect) => {
  let t: TestContext;
  let db: Kysely<Probe>;
  const rows: Probe['keyset_probe'][] = [];

  beforeAll(async () => {
    t = await createTestContext(dialect);
    db = t.db as unknown as Kysely<Probe>;
    await sql`create table keyset_probe (k text not null, at text not null, id text not null)`.execute(db);
    await sql`create index keyset_probe_idx on keyset_probe (k, at, id)`.execute(db);
    // Five timestamps, each shared by several ids: page ends fall inside ties.
    for (let i = 0; i < 37; i += 1) rows.push({ k: 'a', at: `2026-01-0${1 + (i % 5)}T00:00:00.000Z`, id: `id-${String(i).padStart(3, '0')}` });
    await db.insertInto('keyset_probe').values([...rows, { k: 'b', at: '2026-01-01T00:00:00.000Z', id: 'other' }]).execute();
  });
  afterAll(async () => t.destroy());

  const pageOf = (direction: 'asc' | 'desc', after?: { at: string; id: string }) => {
    let query = db.selectFrom('keyset_probe').select(['at', 'id']).where('k', '=', 'a');
    if (after) query = query.where((eb) => keysetAfter(eb, { at: 'at', id: 'id' }, after, direction));
    return query.orderBy('at', direction).orderBy('id', direction).limit(4);
  };

  for (const direction of ['asc', 'desc'] as const) {
    it(`pages ${direction === 'asc' ? 'forwards' : 'backwards'} through every row once, ties included`, async () => {
      const seen: string[] = [];
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const page = await pageOf(direction, after).execute();
        seen.push(...page.map((row) => `${row.at}|${row.id}`));
        if (page.length < 4) break;
        after = page[page.length - 1]!;
      }
      const expected = rows.map((row) => `${row.at}|${row.id}`).sort();
      expect(seen).toEqual(direction === 'asc' ? expected : expected.reverse());
    });
  }

  it.runIf(dialect === 'postgres')('starts the index scan at the cursor (PostgreSQL)', async () => {
    await sql`set enable_seqscan = off`.execute(db);
    const compiled = pageOf('asc', { at: '2026-01-03T00:00:00.000Z', id: 'id-010' }).compile();
    const plan = (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${compiled.sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(compiled.parameters[Number(n) - 1])}'`)}`).execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await sql`reset enable_seqscan`.execute(db);
    expect(plan).toMatch(/Index Cond: .*at >= /);
  });
});
