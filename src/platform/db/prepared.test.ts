import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { newId } from './ids.js';
import { preparedQuery, preparedQueryByShape } from './prepared.js';

describe.each(dialects)('a prepared query on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    const now = new Date().toISOString();
    for (const slug of ['vallentuna', 'taby']) {
      await insertOrganisation(t.db, { id: newId(), kind: 'kommun', slug, name: `${slug} kommun`, kommunId: null, partnerType: null, settings: {}, now });
    }
  });
  afterAll(async () => t.destroy());

  it('builds its SQL once and binds each call’s values, constants kept in their places', async () => {
    let builds = 0;
    const kommunBySlug = preparedQuery((db, values: { slug: string; otherSlug: string | null }) => {
      builds += 1;
      return db
        .selectFrom('organisations')
        .select('name')
        .where('kind', '=', 'kommun')
        .where((eb) => eb.or([eb('slug', '=', values.slug), eb('slug', '=', values.otherSlug)]))
        .orderBy('name');
    });
    expect(await kommunBySlug(t.db, { slug: 'vallentuna', otherSlug: null })).toEqual([{ name: 'vallentuna kommun' }]);
    expect(await kommunBySlug(t.db, { slug: 'taby', otherSlug: 'vallentuna' })).toEqual([{ name: 'taby kommun' }, { name: 'vallentuna kommun' }]);
    expect(await kommunBySlug(t.db, { slug: 'solna', otherSlug: null })).toEqual([]);
    expect(builds).toBe(1);
  });

  it('prepares a query once for each shape it is asked in', async () => {
    let builds = 0;
    const kommunerAmong = preparedQueryByShape(
      (db, values: { kind: 'kommun' | 'partner' }, slugs: string[]) => {
        builds += 1;
        return db.selectFrom('organisations').select('name').where('kind', '=', values.kind).where('slug', 'in', slugs).orderBy('name');
      },
      (slugs) => slugs.join(' '),
    );
    expect(await kommunerAmong(t.db, { kind: 'kommun' }, ['taby'])).toEqual([{ name: 'taby kommun' }]);
    expect(await kommunerAmong(t.db, { kind: 'partner' }, ['taby'])).toEqual([]);
    expect(await kommunerAmong(t.db, { kind: 'kommun' }, ['taby', 'vallentuna'])).toEqual([{ name: 'taby kommun' }, { name: 'vallentuna kommun' }]);
    expect(builds).toBe(2);
  });

  it('refuses a builder that changes a value instead of binding it', async () => {
    const changed = preparedQuery((db, values: { slug: string }) => db.selectFrom('organisations').select('name').where('slug', '=', `${values.slug}-kommun`));
    await expect(changed(t.db, { slug: 'vallentuna' })).rejects.toThrow(/changed before it reached the query/);
  });
});
