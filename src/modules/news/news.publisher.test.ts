// Who publishes an item: the migration that gave old items their kommun, the choice when an item
// is written, and the name on every public page, the feed and the API.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../../app/modules.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { createTestContext, dialects } from '../../../test/databases.js';
import { addPerson } from '../../../test/factories.js';
import { insertMembership } from '../../platform/auth/user.repository.js';
import { newId } from '../../platform/db/ids.js';
import { collectMigrations, migrateToLatest } from '../../platform/db/migrate.js';
import { demoId } from '../../platform/demo.js';
import { idFromLocation, postMultipart } from './news.test-support.js';

const vallentuna = demoId('org:vallentuna');
const lpoTaby = demoId('org:lpo-taby');
const newForm = '/vallentuna/admin/nyheter/ny';

describe.each(dialects)('the publisher of items written before it was recorded on %s', (dialect) => {
  it('is the kommun, the column refuses an item without one, and translations and attachments stay', async () => {
    const migrations = collectMigrations(allModules);
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026_12_02_0600_news_publisher_and_review'));
    const ctx = await createTestContext(dialect, {}, { migrations: before });
    try {
      // The schema of before is not the app's Tables any more.
      const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const now = '2026-11-30T10:00:00.000Z';
      const id = { kommun: newId(), item: newId(), file: newId() };
      await db.insertInto('organisations').values({ id: id.kommun, kind: 'kommun', slug: 'gamla', name: 'Gamla kommun', kommun_id: null, settings: '{}', created_at: now, updated_at: now }).execute();
      await db
        .insertInto('files')
        .values({ id: id.file, organisation_id: id.kommun, kommun_id: id.kommun, kind: 'document', filename: 'a.txt', content_type: 'text/plain', size_bytes: 4, sha256: 'x', data: Buffer.from('hej\n'), created_at: now, owner_type: 'news.attachment', owner_id: id.item })
        .execute();
      await db
        .insertInto('content_items')
        .values({ id: id.item, kommun_id: id.kommun, kind: 'news', slug: 'gammal', title: 'Gammal', status: 'published', published_at: now, content_updated_at: now, created_at: now, updated_at: now })
        .execute();
      await db.insertInto('content_translations').values({ content_id: id.item, locale: 'en', title: 'Old', updated_at: now }).execute();
      await db.insertInto('content_attachments').values({ id: newId(), content_id: id.item, file_id: id.file, title: 'Bilaga', position: 0 }).execute();

      await migrateToLatest(ctx.db, migrations);

      const item = await ctx.db.selectFrom('content_items').select(['publisher_organisation_id', 'status', 'title', 'review_note', 'review_requested_by']).where('id', '=', id.item).executeTakeFirstOrThrow();
      expect(item).toEqual({ publisher_organisation_id: id.kommun, status: 'published', title: 'Gammal', review_note: '', review_requested_by: null });
      expect(await ctx.db.selectFrom('content_translations').select('title').where('content_id', '=', id.item).execute()).toEqual([{ title: 'Old' }]);
      expect(await ctx.db.selectFrom('content_attachments').select('title').where('content_id', '=', id.item).execute()).toEqual([{ title: 'Bilaga' }]);
      // Still cascading from the item, as before the table was rebuilt (SQLite).
      await ctx.db.deleteFrom('content_items').where('id', '=', id.item).execute();
      expect(await ctx.db.selectFrom('content_attachments').select('id').where('content_id', '=', id.item).execute()).toEqual([]);

      const row = { kommun_id: id.kommun, kind: 'news', slug: 'ny', title: 'Ny', status: 'draft', content_updated_at: now, created_at: now, updated_at: now };
      await expect(db.insertInto('content_items').values({ id: newId(), ...row }).execute()).rejects.toThrow(/null|NOT NULL/i);
      await expect(db.insertInto('content_items').values({ id: newId(), ...row, publisher_organisation_id: newId() }).execute()).rejects.toThrow(/foreign key/i);
    } finally {
      await ctx.destroy();
    }
  });
});

describe.each(dialects)('who publishes an item on %s', (dialect) => {
  let t: TestApp;
  let bothEmail: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Someone who writes news both for the kommun and, as a police officer, for the police area.
    bothEmail = 'bada@vallentuna.example';
    const both = await addPerson(t.ctx.db, { email: bothEmail, name: 'Samordnaren och polisen', organisationId: vallentuna, role: 'coordinator' });
    await insertMembership(t.ctx.db, { id: newId(), userId: both, organisationId: lpoTaby, role: 'police', now: new Date().toISOString() });
  });
  afterAll(async () => t.close());

  async function signedIn(email: string) {
    const client = new TestClient(t.app);
    await client.signIn(email);
    return client;
  }

  async function publisherOf(id: string) {
    return (await t.ctx.db.selectFrom('content_items').select('publisher_organisation_id').where('id', '=', id).executeTakeFirstOrThrow()).publisher_organisation_id;
  }

  it('names the kommun or the police area on the public list, the item pages, the feed and the API', async () => {
    const list = await t.app.inject('/vallentuna/nyheter');
    expect(list.body).toContain('Publicerad av Polisen – Lokalpolisområde Täby');
    expect(list.body).toContain('Publicerad av Vallentuna kommun');
    const police = await t.app.inject('/vallentuna/nyheter/polisen-i-kulturhuset-varje-onsdag');
    expect(police.body).toContain('<p class="content__publisher">Publicerad av Polisen – Lokalpolisområde Täby</p>');
    const kommun = await t.app.inject('/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans');
    expect(kommun.body).toContain('Publicerad av Vallentuna kommun');
    expect(kommun.body).not.toContain('Lokalpolisområde Täby</p>');

    const english = new TestClient(t.app);
    await english.get('/sprak?till=en&tillbaka=%2Fvallentuna%2Fnyheter');
    expect((await english.get('/vallentuna/nyheter')).body).toContain('Published by Swedish Police – Lokalpolisområde Täby');
    // The text is Swedish but the line around the name is the page's language.
    expect((await english.get('/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans')).body).toMatch(/<p class="content__publisher"( lang="en")?>Published by Vallentuna kommun<\/p>/);

    const feed = (await t.app.inject('/vallentuna/nyheter.atom')).body;
    const entry = (slug: string) => feed.split('<entry>').find((e) => e.includes(`/nyheter/${slug}"`)) ?? '';
    expect(entry('polisen-i-kulturhuset-varje-onsdag')).toContain('<author><name>Polisen – Lokalpolisområde Täby</name></author>');
    expect(entry('kommunen-och-polisen-arbetar-tillsammans')).toContain('<author><name>Vallentuna kommun</name></author>');

    const api = (await t.app.inject('/api/v1/vallentuna/news')).json() as { data: { slug: string; publisher: unknown }[] };
    expect(api.data.find((i) => i.slug === 'polisen-i-kulturhuset-varje-onsdag')?.publisher).toEqual({ id: lpoTaby, name: 'Lokalpolisområde Täby', kind: 'lokalpolisomrade' });
    expect((await t.app.inject('/api/v1/vallentuna/news/kommunen-och-polisen-arbetar-tillsammans')).json().data.publisher).toEqual({ id: vallentuna, name: 'Vallentuna kommun', kind: 'kommun' });
  });

  it('records the organisation where the author writes news: the kommun for its coordinator, the police area for the kommunpolis', async () => {
    const coordinator = await signedIn('samordnare@vallentuna.example');
    const form = await coordinator.get(newForm);
    expect(form.body).toContain('Publiceras av Vallentuna kommun.');
    expect(form.body).not.toContain('name="publisherOrganisationId"');
    const byKommun = await postMultipart(coordinator, newForm, newForm, { kind: 'news', title: 'Kommunens utkast' });
    expect(await publisherOf(idFromLocation(byKommun.headers.location))).toBe(vallentuna);

    const police = await signedIn('kommunpolis@taby-polis.example');
    expect((await police.get(newForm)).body).toContain('Publiceras av Polisen – Lokalpolisområde Täby.');
    const byPolice = await postMultipart(police, newForm, newForm, { kind: 'news', title: 'Polisens utkast' });
    const id = idFromLocation(byPolice.headers.location);
    expect(await publisherOf(id)).toBe(lpoTaby);
    const list = await police.get('/vallentuna/admin/nyheter');
    expect(list.body).toContain('<th scope="col">Utgivare</th>');
    expect(list.body).toMatch(/Polisens utkast<\/a>\s*<\/th>\s*<td>Polisen – Lokalpolisområde Täby<\/td>/);
    // A later edit by the kommun does not make the police's item the kommun's.
    await postMultipart(coordinator, `/vallentuna/admin/nyheter/${id}`, `/vallentuna/admin/nyheter/${id}`, { title: 'Polisens utkast, ändrat' });
    expect(await publisherOf(id)).toBe(lpoTaby);
  });

  it('lets someone who writes for both choose, defaulting to the kommun, and refuses an organisation they do not write for', async () => {
    const both = await signedIn(bothEmail);
    const form = await both.get(newForm);
    expect(form.body).toMatch(new RegExp(`<select[^>]*name="publisherOrganisationId"[^>]*>\\s*<option value="${vallentuna}" selected[^>]*>Vallentuna kommun</option>\\s*<option value="${lpoTaby}"[^>]*>Polisen – Lokalpolisområde Täby</option>`));

    const asKommun = await postMultipart(both, newForm, newForm, { kind: 'news', title: 'Skriven för kommunen', publisherOrganisationId: vallentuna });
    expect(await publisherOf(idFromLocation(asKommun.headers.location))).toBe(vallentuna);
    const asPolice = await postMultipart(both, newForm, newForm, { kind: 'news', title: 'Skriven för polisen', publisherOrganisationId: lpoTaby });
    expect(await publisherOf(idFromLocation(asPolice.headers.location))).toBe(lpoTaby);

    const count = async () => Number((await t.ctx.db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const school = demoId('org:school');
    const refused = await postMultipart(both, newForm, newForm, { kind: 'news', title: 'Skriven för skolan', publisherOrganisationId: school });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Välj en organisation som du skriver för.');

    // The same through the API, for the coordinator, who writes for the kommun only.
    const coordinator = await signedIn('samordnare@vallentuna.example');
    const token = csrfTokenFrom((await coordinator.get('/vallentuna/admin/nyheter')).body);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/vallentuna/content', headers: { cookie: coordinator.jar.header(), 'x-csrf-token': token }, payload: { title: 'Via API', publisherOrganisationId: lpoTaby } });
    expect(api.statusCode).toBe(422);
    expect(api.json().error.fields.publisherOrganisationId.code).toBe('news.publisherNotYours');
    expect(await count()).toBe(before);
  });
});
