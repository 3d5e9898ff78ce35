// A resident reports through the real pages on both databases: the three steps without
// JavaScript, the receipt, bad input answered with the values kept and nothing stored, the
// double click, the reporter's e-mail kept out of everything but the sealed subscription,
// following by reference, the public list and "me too".
import { sql, type SqlBool } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, csrfTokenFrom, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { Actor } from '../../platform/auth/index.js';
import { seedDemo } from '../../platform/demo.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { moderateReport } from './report.moderation.service.js';
import { reportLimits } from './report.schemas.js';
import { statusesOfKind } from './report.states.js';
import { partBit } from './report.when.js';
import { clientHashOf } from './report.service.js';
import { countRows, postForm, referenceOf, reportThroughForms } from './report.test-support.js';

describe.each(dialects)('reporting a place on %s', (dialect) => {
  let t: TestApp;
  let kommun: Kommun;
  let coordinator: Actor;
  let places: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    const seed = await seedDemo(t.ctx);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    places = seed.places;
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  async function reportRow(reference: string) {
    return t.ctx.db.selectFrom('reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  }

  it('takes a report through the three steps without JavaScript and answers with a receipt', async () => {
    const client = new TestClient(t.app);
    const start = await client.get('/vallentuna/rapportera');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Dålig belysning');
    expect(start.body).toContain('Kulturhuset');
    const { review, sent } = await reportThroughForms(client, 'vallentuna', {
      category: 'belysning',
      placeId: places.ekebyparken,
      when: ['evening', 'night'],
      days: [],
      description: 'Tre lampor längs gångvägen är släckta.',
      'answer.lamps': 'several',
    });
    expect(review.body).toContain('Kontrollera och skicka');
    expect(review.body).toContain('Tre lampor längs gångvägen är släckta.');
    expect(review.body).toContain('Flera lampor är släckta');
    expect(sent.statusCode).toBe(303);
    const reference = referenceOf(sent.headers.location);
    const receipt = await client.get(String(sent.headers.location));
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Tack för din rapport');
    expect(receipt.body).toContain(`${reference.slice(0, 4)}-${reference.slice(4)}`);
    expect(receipt.body).toContain('Väntar på granskning');
    // Pending: the text is not on the page, not even for the person holding the reference.
    expect(receipt.body).not.toContain('Tre lampor');
    const row = await reportRow(reference);
    expect(row).toMatchObject({ category_code: 'belysning', moderation: 'pending', status: 'new', place_id: places.ekebyparken, when_parts: 6, when_days: 127, source: 'web' });
    expect(JSON.parse(row.answers_json)).toEqual({ lamps: 'several' });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'after_json']).where('entity_id', '=', row.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.report_submitted']);
  });

  it('answers a second POST of the same form (a double click) with the first report', async () => {
    const client = new TestClient(t.app);
    const { sent, all } = await reportThroughForms(client, 'vallentuna', { category: 'klotter', placeId: places.station, when: ['night'], description: 'Klotter på väntkuren.' });
    const before = await countRows(t.ctx.db);
    const again = await postForm(client, '/vallentuna/rapportera', all);
    expect(again.statusCode).toBe(303);
    expect(referenceOf(again.headers.location)).toBe(referenceOf(sent.headers.location));
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('refuses coordinates outside the kommun, keeping what was typed, and stores nothing', async () => {
    const client = new TestClient(t.app);
    const before = await countRows(t.ctx.db);
    const step2 = await client.get('/vallentuna/rapportera/detaljer?category=belysning&lat=57,7&lon=11,97');
    expect(step2.statusCode).toBe(422);
    expect(step2.body).toContain('Platsen ligger utanför kommunen');
    expect(step2.body).toContain('value="57,7"');
    // The send itself checks again: a forged form does not get past it either.
    const page = await client.get(`/vallentuna/rapportera/detaljer?category=belysning&placeId=${places.station}`);
    const sent = await postForm(client, '/vallentuna/rapportera', { category: 'belysning', lat: '57.7', lon: '11.97', when: 'night', _csrf: csrfTokenFrom(page.body) });
    expect(sent.statusCode).toBe(422);
    expect(sent.body).toContain('Platsen ligger utanför kommunen');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('names every problem at once, in Swedish or English, and keeps the typed text', async () => {
    const client = new TestClient(t.app);
    const before = await countRows(t.ctx.db);
    const page = await client.get(`/vallentuna/rapportera/detaljer?category=belysning&placeId=${places.station}`);
    const long = 'x'.repeat(10_000);
    const sent = await postForm(client, '/vallentuna/rapportera/granska', {
      category: 'belysning',
      placeId: places.station,
      when: [],
      observedOn: '2031-02-30',
      description: long,
      email: 'inte-en-adress',
      'answer.lamps': 'all_of_them',
      _csrf: csrfTokenFrom(page.body),
    });
    expect(sent.statusCode).toBe(422);
    for (const text of ['Välj minst en tid på dygnet', 'Skriv ett datum som finns', 'Skriv högst 4000 tecken', 'Skriv en e-postadress', 'value="inte-en-adress"', 'id="field-answer-lamps-error"', 'Steg 2 av 3']) expect(sent.body).toContain(text);
    expect(sent.body).toContain('x'.repeat(100));
    expect(await countRows(t.ctx.db)).toEqual(before);

    const english = new TestClient(t.app);
    await english.get('/sprak?till=en&tillbaka=/vallentuna/');
    const enPage = await english.get(`/vallentuna/rapportera/detaljer?category=belysning&placeId=${places.station}`);
    const enSent = await english.app.inject({
      method: 'POST',
      url: '/vallentuna/rapportera/granska',
      headers: { cookie: english.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ category: 'belysning', placeId: places.station!, observedOn: '2020-01-01', _csrf: csrfTokenFrom(enPage.body) }).toString(),
    });
    expect(enSent.statusCode).toBe(422);
    expect(enSent.body).toContain('Choose at least one time of day');
    expect(enSent.body).toContain('The date can be at most two years back');
  });

  it('stores the reporter’s address only sealed, as a request for updates, and mails the confirmation link', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', { category: 'skymd-sikt', placeId: places.torggatan, when: ['always'], email: 'boende@example.org' });
    expect(sent.statusCode).toBe(303);
    const row = await reportRow(referenceOf(sent.headers.location));
    expect(Boolean(row.has_contact)).toBe(true);
    expect(JSON.stringify(row)).not.toContain('boende@example.org');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['after_json']).where('entity_id', '=', row.id).execute();
    expect(JSON.stringify(audit)).not.toContain('boende@example.org');
    const subscription = await t.ctx.db.selectFrom('email_subscriptions').selectAll().where('topic', '=', `reports.report:${row.id}`).executeTakeFirstOrThrow();
    expect(subscription.confirmed_at).toBeNull();
    expect(subscription.email_sealed).not.toContain('boende@example.org');
    const receipt = await client.get(String(sent.headers.location));
    expect(receipt.body).toContain('Vi har skickat ett mejl med en länk');
  });

  it('shows HTML typed into a report as text once published', async () => {
    const client = new TestClient(t.app);
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const { sent } = await reportThroughForms(client, 'vallentuna', { category: 'annat', placeId: places.centrum, when: ['day'], description: script, locationText: script });
    const row = await reportRow(referenceOf(sent.headers.location));
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: row.description });
    const page = await client.get(`/vallentuna/rapporter/${row.reference}`);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>&lt;img');
  });

  it('lists published reports only, and lets a resident follow one by its reference', async () => {
    const client = new TestClient(t.app);
    const { sent: first } = await reportThroughForms(client, 'vallentuna', { category: 'nedskrapning', placeId: places.kulturhuset, when: ['evening'], description: 'Fulla papperskorgar vid entrén.' });
    const { sent: second } = await reportThroughForms(client, 'vallentuna', { category: 'nedskrapning', placeId: places.kulturhuset, when: ['evening'], description: 'Ännu inte granskad text.' });
    const published = await reportRow(referenceOf(first.headers.location));
    await moderateReport(t.ctx, coordinator, kommun, published.id, { decision: 'publish', publicDescription: 'Fulla papperskorgar vid entrén.' });
    const list = await client.get('/vallentuna/rapporter?kategori=nedskrapning');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Fulla papperskorgar vid entrén.');
    expect(list.body).not.toContain('Ännu inte granskad text.');

    const typed = referenceOf(second.headers.location).toLowerCase();
    const follow = await client.get(`/vallentuna/rapporter/folj?referens=${typed.slice(0, 4)}-${typed.slice(4)}`);
    expect(follow.statusCode).toBe(303);
    expect(follow.headers.location).toBe(`/vallentuna/rapporter/${referenceOf(second.headers.location)}`);
    const unknown = await client.get('/vallentuna/rapporter/folj?referens=ZZZZ-ZZZZ');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ingen rapport har den referensen');
    expect(unknown.body).toContain('value="ZZZZ-ZZZZ"');
    // Another kommun's address never finds it.
    expect((await client.get(`/taby/rapporter/${published.reference}`)).statusCode).toBe(404);
  });

  it('offers nearby open reports of the same category, and counts one "me too" per sender', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', { category: 'trafik', lat: '59.53400', lon: '18.07700', when: ['day'], description: 'Bilar kör fort förbi skolan.' });
    const row = await reportRow(referenceOf(sent.headers.location));
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: 'Bilar kör fort förbi skolan.' });
    const nearby = await client.get('/vallentuna/rapportera/detaljer?category=trafik&lat=59.5341&lon=18.0771');
    expect(nearby.body).toContain('Redan rapporterat i närheten');
    expect(nearby.body).toContain('Bilar kör fort förbi skolan.');
    const otherCategory = await client.get('/vallentuna/rapportera/detaljer?category=klotter&lat=59.5341&lon=18.0771');
    expect(otherCategory.body).not.toContain('Bilar kör fort förbi skolan.');

    const page = await client.get(`/vallentuna/rapporter/${row.reference}`);
    const supported = await postForm(client, `/vallentuna/rapporter/${row.reference}/instam`, { when: 'evening', _csrf: csrfTokenFrom(page.body) });
    expect(supported.statusCode).toBe(303);
    await postForm(client, `/vallentuna/rapporter/${row.reference}/instam`, { when: 'night', _csrf: csrfTokenFrom(page.body) });
    expect((await reportRow(row.reference)).supporters).toBe(1);
    const refused = await postForm(client, `/vallentuna/rapporter/${row.reference}/instam`, { _csrf: csrfTokenFrom(page.body) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Välj minst en tid på dygnet');
  });

  it('accepts a blocked sender’s report visibly but keeps it out of public view', async () => {
    const client = new TestClient(t.app);
    await t.ctx.db
      .insertInto('report_blocked_clients')
      .values({ id: '00000000-0000-7000-8000-000000000b10', kommun_id: kommun.id, client_hash: clientHashOf(t.ctx, '127.0.0.1'), reason: 'test', created_by: null, created_at: new Date().toISOString() })
      .execute();
    try {
      const { sent } = await reportThroughForms(client, 'vallentuna', { category: 'annat', placeId: places.centrum, when: ['day'], description: 'Från en blockerad avsändare.' });
      expect(sent.statusCode).toBe(303);
      const row = await reportRow(referenceOf(sent.headers.location));
      expect(row.moderation).toBe('quarantined');
      const receipt = await client.get(String(sent.headers.location));
      expect(receipt.body).toContain('Väntar på granskning');
    } finally {
      await t.ctx.db.deleteFrom('report_blocked_clients').execute();
    }
  });

  it('invites residents to report from the home page and shows the newest published reports there', async () => {
    const client = new TestClient(t.app);
    const { sent } = await reportThroughForms(client, 'vallentuna', { category: 'annat', placeId: places.kulturhuset, when: ['evening'], description: 'Nyast av alla.' });
    const row = await reportRow(referenceOf(sent.headers.location));
    const before = await client.get('/vallentuna/');
    expect(before.body).toContain('Känns en plats otrygg?');
    expect(before.body).not.toContain(`/vallentuna/rapporter/${row.reference}`);
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: null });
    const after = await client.get('/vallentuna/');
    expect(after.body).toContain(`/vallentuna/rapporter/${row.reference}`);
  });

  it('filters the public list by category, state, time of day and period, and pages within the filter', async () => {
    const since = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const expected = async (after?: { at: string; id: string }, category?: string, limit: number = reportLimits.listPageSize) => {
      let query = t.ctx.db
        .selectFrom('reports')
        .select(['reference', 'created_at', 'id'])
        .where('kommun_id', '=', kommun.id)
        .where('moderation', '=', 'published')
        .where('status', 'in', statusesOfKind('open'))
        .where(sql<SqlBool>`(when_parts & ${partBit('night')}) <> 0`)
        .where('created_at', '>=', since);
      if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
      if (category) query = query.where('category_code', '=', category);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    };
    const shown = (html: string) => [...html.matchAll(/href="\/vallentuna\/rapporter\/([0-9A-Z]{8})"/g)].map((m) => m[1]);
    const first = await t.app.inject('/vallentuna/rapporter?status=open&tid=night&period=365');
    expect(first.statusCode).toBe(200);
    const want = await expected();
    expect(want.length, 'the demo has open night-time reports from the last year').toBeGreaterThan(0);
    expect(shown(first.body)).toEqual(want.map((r) => r.reference));
    const next = /href="(\/vallentuna\/rapporter\?[^"]*efter=[^"]+)"/.exec(first.body)?.[1];
    const more = (await expected(undefined, undefined, reportLimits.listPageSize + 1)).length > reportLimits.listPageSize;
    expect(next !== undefined, 'a link to older reports exactly when there are more').toBe(more);
    if (more) {
      const last = want[want.length - 1]!;
      const second = await t.app.inject(next!.replace(/&amp;/g, '&'));
      expect(shown(second.body)).toEqual((await expected({ at: last.created_at, id: last.id })).map((r) => r.reference));
    }
    // With a category too.
    const lamps = await t.app.inject('/vallentuna/rapporter?kategori=belysning&status=open&tid=night&period=365');
    const lampRefs = (await expected(undefined, 'belysning')).map((r) => r.reference);
    expect(lampRefs.length).toBeGreaterThan(0);
    expect(shown(lamps.body)).toEqual(lampRefs);
  });

  it('pages through the public list, and answers a forged page marker with 422, never a 500', async () => {
    const client = new TestClient(t.app);
    const first = await client.get('/vallentuna/rapporter');
    const next = /href="(\/vallentuna\/rapporter\?[^"]*efter=[^"]+)"/.exec(first.body)?.[1];
    expect(next, 'a link to older reports').toBeDefined();
    const second = await client.get(next!.replace(/&amp;/g, '&'));
    expect(second.statusCode).toBe(200);
    // Each card names its place (joined in the list's one statement).
    const placed = await t.ctx.db
      .selectFrom('reports')
      .innerJoin('places', 'places.id', 'reports.place_id')
      .select(['reports.reference', 'places.name'])
      .where('reports.moderation', '=', 'published')
      .orderBy('reports.created_at', 'desc')
      .orderBy('reports.id', 'desc')
      .limit(3)
      .execute();
    expect(placed.length).toBeGreaterThan(0);
    const shown = placed.filter((p) => first.body.includes(`/vallentuna/rapporter/${p.reference}"`));
    expect(shown.length).toBeGreaterThan(0);
    for (const { reference, name } of shown) {
      const start = first.body.indexOf(`href="/vallentuna/rapporter/${reference}"`);
      expect(first.body.slice(start, first.body.indexOf('</a>', start))).toMatch(new RegExp(`, ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
    const firstLinks = new Set([...first.body.matchAll(/href="\/vallentuna\/rapporter\/([0-9A-Z]{8})"/g)].map((m) => m[1]));
    const secondLinks = [...second.body.matchAll(/href="\/vallentuna\/rapporter\/([0-9A-Z]{8})"/g)].map((m) => m[1]);
    expect(secondLinks.length).toBeGreaterThan(0);
    expect(secondLinks.filter((r) => firstLinks.has(r))).toEqual([]);
    for (const forged of ['1|00000000-0000-7000-8000-000000000000', '2026-13-45T99:99:99.000Z|00000000-0000-7000-8000-000000000000', 'x']) {
      const answer = await client.get(`/vallentuna/rapporter?efter=${Buffer.from(forged).toString('base64url')}`);
      expect(answer.statusCode, forged).toBe(422);
    }
  });
});
