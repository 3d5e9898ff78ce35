// The public cooperation pages against the Vallentuna demo, on both databases: what residents
// see of plans, activities and löften, that filters narrow and never fail, that drafts and
// internal follow-ups stay out of every page and feed, and that the feeds are well-formed Atom.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { Actor } from '../../platform/auth/index.js';
import { seedDemo } from '../../platform/demo.js';
import { prepareUpload } from '../../platform/files/index.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import type { CooperationDemoIds } from './cooperation.demo.js';
import { activityInputSchema, entryInputSchema, indicatorValueSchema, planInputSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { recordIndicatorValue } from './indicator.service.js';
import { cooperationModule } from './index.js';
import { findActivityById } from './plan.repository.js';
import { changePlanStatus, createActivity, createPlan } from './plan.service.js';
import { promiseInputSchema } from './promise.schemas.js';
import { createPromise, publishPromise, savePromiseDraft, startNewPromiseVersion } from './promise.service.js';

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 90, b: 160 } } }).jpeg().toBuffer();
const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

// ---- a small, strict XML reader: enough to prove a feed is well-formed and to read it ----------

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeText(raw: string): string {
  if (/[<>]/.test(raw)) throw new Error(`unescaped markup in text: ${raw.slice(0, 40)}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`bare ampersand in: ${raw.slice(0, 40)}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const value = entities[name];
    if (value === undefined) throw new Error(`unknown entity &${name};`);
    return value;
  });
}

function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf('<', at);
    const text = next < 0 ? body.slice(at) : body.slice(at, next);
    stack[stack.length - 1]!.text += decodeText(text);
    if (next < 0) break;
    tag.lastIndex = next;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 40)}`);
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const attributes = Object.fromEntries([...(attrs ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, decodeText(a[2]!)]));
      const element: XmlElement = { name: name!, attributes, children: [], text: '' };
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    at = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('a document has one root element');
  return root.children[0]!;
}

const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);
const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

function readFeed(xml: string) {
  const feed = parseXml(xml);
  expect(feed.name).toBe('feed');
  expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
  for (const required of ['id', 'title', 'updated', 'author']) expect(child(feed, required), `feed <${required}>`).toBeDefined();
  const entries = childrenNamed(feed, 'entry').map((entry) => {
    for (const required of ['id', 'title', 'updated', 'published', 'summary', 'author']) expect(child(entry, required), `entry <${required}>`).toBeDefined();
    expect(child(entry, 'updated')!.text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    return { id: child(entry, 'id')!.text, title: child(entry, 'title')!.text, href: child(entry, 'link')?.attributes.href ?? '', content: child(entry, 'content')?.text ?? '' };
  });
  return { title: child(feed, 'title')!.text, entries };
}

/** The text of a page without its tags, for sentences that span elements. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const cardTitles = (html: string) => [...html.matchAll(/<li class="coop-card"><h3[^>]*><a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

const titles2017 = {
  police: 'Synlig polis på platser som upplevs otrygga',
  lighting: 'Bättre gatu- och vägbelysning',
  nightWalks: 'Fler nattvandrare på platser som upplevs otrygga',
  schools: 'Tryggare skolor: mot mobbning och för föräldrastöd',
  social: 'Utreda sociala insatsgrupper',
};

describe.each(dialects)('public cooperation pages on %s', (dialect) => {
  let t: TestApp;
  let demo: CooperationDemoIds;
  let kommun: Kommun;
  let coordinator: Actor;
  let admin: Actor;
  let police: Actor;
  let policeActivityPath: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    const seed = await seedDemo(t.ctx);
    demo = seed.of(cooperationModule);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    admin = kommunActor(seed, 'admin', 'administrator');
    police = {
      ...kommunActor(seed, 'police', 'police'),
      roles: [{ role: 'police', organisationId: seed.policeAreaId, organisationKind: 'lokalpolisomrade', organisationName: 'Lokalpolisområde Täby' }],
    };
    const policeActivity = await findActivityById(t.ctx.db, { kommunId: kommun.id, seesInternal: false }, demo.activities2017[0]!);
    policeActivityPath = `/vallentuna/atgardsplaner/2017/${policeActivity!.slug}`;
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('links the landing page to the current plan with its counts, the current löfte, and all plans and löften', async () => {
    const page = await get('/vallentuna/samverkan');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/vallentuna/atgardsplaner/2025-2026"');
    expect(textOf(page.body)).toContain('4 aktiviteter i planen');
    expect(page.body).toContain('href="/vallentuna/medborgarloften/2025-2026"');
    for (const slug of ['2017', '2018', '2019-2020']) {
      expect(page.body).toContain(`href="/vallentuna/atgardsplaner/${slug}"`);
      expect(page.body).toContain(`href="/vallentuna/medborgarloften/${slug}"`);
    }
    expect(page.body).toContain('href="/vallentuna/uppfoljning.atom"');
  });

  it('shows the agreement in force on the landing page, with its period, parties and decision, and links it and its history', async () => {
    const page = await get('/vallentuna/samverkan');
    const start = page.body.indexOf('id="coop-current-agreement"');
    expect(start).toBeGreaterThan(0);
    const section = page.body.slice(start, page.body.indexOf('</section>', start));
    expect(section).toContain('href="/vallentuna/samverkansoverenskommelser/tryggare-vallentuna"');
    expect(section).toContain('href="/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner"');
    const text = textOf(section);
    expect(text).toContain('Samverkansöverenskommelse mellan Vallentuna kommun och lokalpolisområde Täby 2025–2026');
    expect(text).toContain('Vallentuna kommun, Lokalpolisområde Täby');
    // The version in force (the third, decided in December 2024), not an earlier one.
    expect(text).toContain('KS 2024/298');
    expect(text).not.toContain('KS 2018/377');
  });

  it('lists the 2017 plan’s five activities with their status in words and progress in text', async () => {
    const page = await get('/vallentuna/atgardsplaner/2017');
    expect(page.statusCode).toBe(200);
    expect(cardTitles(page.body)).toEqual(Object.values(titles2017));
    const text = textOf(page.body);
    expect(text).toContain('Visar alla 5 aktiviteter');
    expect(text).toContain('Status Genomförd');
    expect(text).toContain('Status Pågår');
    expect(text).toContain('100 % klart');
    expect(text).toContain('80 % klart');
    expect(text).toContain('Grön – går enligt plan');
    expect(text).toContain('Polisen (Kommunpolis)');
    expect(text).toContain('Kommunstyrelsen och lokalpolisområde Täby');
    expect(page.body).toContain('href="/vallentuna/platser/');
    expect(page.body).toContain('href="/vallentuna/atgardsplaner/2017/utskrift"');
    expect(page.body).toContain('href="/vallentuna/atgardsplaner/2017/export/aktiviteter.csv"');
  });

  it('narrows the overview by party, status, theme and place', async () => {
    const byParty = await get('/vallentuna/atgardsplaner/2017?part=police');
    expect(cardTitles(byParty.body)).toEqual([titles2017.police]);
    expect(textOf(byParty.body)).toContain('Visar 1 av 5 aktiviteter');
    expect(byParty.body).toMatch(/<option value="police" selected/);

    const byStatus = await get('/vallentuna/atgardsplaner/2017?status=in_progress');
    expect(cardTitles(byStatus.body)).toEqual([titles2017.nightWalks]);

    const byTheme = await get(`/vallentuna/atgardsplaner/2017?tema=${encodeURIComponent('Barn och unga')}`);
    expect(cardTitles(byTheme.body)).toEqual([titles2017.schools, titles2017.social]);

    const overview = await get('/vallentuna/atgardsplaner/2017');
    const torggatan = /<option value="([a-z0-9-]+)"[^>]*>Torggatan/.exec(overview.body)?.[1];
    expect(torggatan).toBeDefined();
    const byPlace = await get(`/vallentuna/atgardsplaner/2017?plats=${torggatan}`);
    expect(cardTitles(byPlace.body)).toEqual([titles2017.nightWalks]);

    const combined = await get('/vallentuna/atgardsplaner/2017?part=kommun&status=in_progress');
    expect(cardTitles(combined.body)).toEqual([]);
    expect(textOf(combined.body)).toContain('Inga aktiviteter passar de filter du valt.');
    expect(combined.body).toContain('Rensa filter');
  });

  it('ignores filter values it does not know, says so, and never fails', async () => {
    const unknown = await get('/vallentuna/atgardsplaner/2017?part=mafia&status=%3Cscript%3E&tema=Inget&plats=ingenstans');
    expect(unknown.statusCode).toBe(200);
    expect(cardTitles(unknown.body)).toHaveLength(5);
    expect(textOf(unknown.body)).toContain('ansvarig part, status, tema, plats');
    expect(unknown.body).not.toContain('<script>');
    for (const url of [
      '/vallentuna/atgardsplaner/2017?part=police&part=kommun',
      `/vallentuna/atgardsplaner/2017?tema=${'x'.repeat(5000)}`,
      '/vallentuna/atgardsplaner/2017?status[]=done',
      '/vallentuna/atgardsplaner/2017/synlig-polis-pa-platser-som-upplevs-otrygga?efter=inte-en-markor',
      '/vallentuna/medborgarloften/2017?efter=2017-02-30_00000000-0000-0000-0000-000000000000',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBeLessThan(500);
    }
    expect((await get('/vallentuna/atgardsplaner/2017?part=police&part=kommun')).statusCode).toBe(200);
    for (const url of ['/vallentuna/atgardsplaner/FINNS-INTE', '/vallentuna/atgardsplaner/2017/finns-inte', '/vallentuna/medborgarloften/finns-inte', '/vallentuna/medborgarloften/2017/versioner/0', '/vallentuna/medborgarloften/2017/versioner/99']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('shows an activity with every Brå field, its löfte, its indicators as a chart and a table and its timeline with changes in words', async () => {
    const page = await get(policeActivityPath);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    for (const words of ['Problem', 'Orsak', 'Åtgärd', 'Operativt mål', 'När', 'Så följs det upp', 'Situationell, Polisnärvaro', 'Minst 40 timmar synlig polis']) expect(text).toContain(words);
    expect(text).toContain('Det här är en del av Medborgarlöfte 2017');
    expect(page.body).toContain('href="/vallentuna/medborgarloften/2017"');
    // The indicator as a chart that says in words what it shows, and as a table of its values.
    expect(page.body).toMatch(/<desc [^>]*>Timmar synlig polis på utvalda platser: från 22 timmar\/månad \(31 januari 2017\) till 42 timmar\/månad \(31 december 2017\)/);
    expect(page.body).toMatch(/<caption [^>]*>Timmar synlig polis på utvalda platser<\/caption>/);
    expect(page.body).toContain('<th scope="col">Datum</th>');
    expect(page.body).toMatch(/<th scope="row">31 december 2017<\/th><td class="indicator-table__number">42<\/td>/);
    expect(text).toContain('Utgångsläge 10 timmar/månad');
    expect(text).toContain('Lägre är bättre');
    expect(text).toContain('Status: Pågår → Genomförd');
    expect(text).toContain('Framsteg: 70 % → 100 %');
    expect(text).toContain('Timmar synlig polis på utvalda platser: 42 timmar/månad');
    expect(text).toContain('Skrivet av Kommunpolis, Lokalpolisområde Täby');
    // Newest first.
    expect(text.indexOf('Året sammanfattat')).toBeLessThan(text.indexOf('Första månaden med fotpatrull'));
  });

  it('shows the newest values under each chart and every value on the activity’s values page', async () => {
    // The rows of the first table on a page: the activity's first indicator, hours of visible police.
    const rowsOf = (html: string) => [...(html.split('</table>')[0] ?? '').matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    // The demo has five monthly values for it; seven more make twelve, two more than the activity page's table shows.
    const indicator = await t.ctx.db.selectFrom('coop_indicators').select('id').where('activity_id', '=', demo.activities2017[0]!).where('position', '=', 1).executeTakeFirstOrThrow();
    for (const measuredOn of ['2017-02-28', '2017-04-30', '2017-05-31', '2017-07-31', '2017-08-31', '2017-10-31', '2017-11-30']) {
      await recordIndicatorValue(t.ctx, police, kommun.id, indicatorValueSchema.parse({ indicatorId: indicator.id, measuredOn, value: 30 }));
    }
    const page = await get(policeActivityPath);
    expect(rowsOf(page.body)).toHaveLength(10);
    expect(rowsOf(page.body)).not.toContain('31 januari 2017');
    expect(rowsOf(page.body).at(-1)).toBe('31 december 2017');
    expect(textOf(page.body)).toContain('Tabellen visar de senaste 10 av 12 mätningarna.');
    const link = /href="([^"#]+)#indicator-[^"]+">Alla värden</.exec(page.body)?.[1];
    expect(link).toBe(`${policeActivityPath}/matvarden`);
    const values = await get(link!);
    expect(values.statusCode).toBe(200);
    expect(rowsOf(values.body)).toHaveLength(12);
    expect(rowsOf(values.body)[0]).toBe('31 januari 2017');
    expect(textOf(values.body)).toContain('Mätvärden: Synlig polis');
    expect(values.body).toContain('href="/vallentuna/atgardsplaner/2017/export/matvarden.csv"');
    expect((await get('/vallentuna/atgardsplaner/2017/finns-inte/matvarden')).statusCode).toBe(404);
  });

  it('shows a löfte’s promises grouped by party with their activities’ states, marks an ended löfte, and merges the timeline', async () => {
    const page = await get('/vallentuna/medborgarloften/2017');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Situationen idag');
    const police = text.indexOf('Polisen ska …');
    const kommunGroup = text.indexOf('Kommunen ska …');
    const together = text.indexOf('Tillsammans ska vi …');
    expect(police).toBeGreaterThan(0);
    expect(kommunGroup).toBeGreaterThan(police);
    expect(together).toBeGreaterThan(kommunGroup);
    expect(text.slice(police, kommunGroup)).toContain(titles2017.police);
    expect(text.slice(kommunGroup, together)).toContain(titles2017.lighting);
    expect(text.slice(together)).toContain(titles2017.nightWalks);
    expect(text.slice(together)).toContain('Pågår');
    expect(text).toContain('Det här medborgarlöftet är avslutat.');
    expect(text).toContain('Förväntad effekt');
    expect(text).toContain('Lokalpolisområdeschef, Lokalpolisområde Täby');
    // The timeline holds entries of all three activities, each saying which activity it is about.
    expect(text).toContain('Stationsområdet klart');
    expect(text).toContain('Målet nått');
    expect(text).toContain('Om aktiviteten');
    expect(page.body).toContain(`href="${policeActivityPath}"`);
  });

  it('lists current and past löften on the index', async () => {
    const page = await get('/vallentuna/medborgarloften');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text.indexOf('Medborgarlöfte 2025–2026')).toBeLessThan(text.indexOf('Tidigare'));
    expect(text.indexOf('Medborgarlöfte 2017')).toBeGreaterThan(text.indexOf('Tidigare'));
  });

  it('renders the print versions of plan and löfte with every activity', async () => {
    const plan = await get('/vallentuna/atgardsplaner/2017/utskrift');
    expect(plan.statusCode).toBe(200);
    expect(plan.body).toContain('class="coop-print"');
    for (const title of Object.values(titles2017)) expect(textOf(plan.body)).toContain(title);
    expect(plan.body).toContain('http://');
    const promise = await get('/vallentuna/medborgarloften/2025-2026/utskrift');
    expect(promise.statusCode).toBe(200);
    expect(textOf(promise.body)).toContain('Uniformerad patrull på utvalda platser och tider');
  });

  it('serves the kommun’s follow-up as Atom, each entry linking to its place on the activity’s page', async () => {
    const response = await get('/vallentuna/uppfoljning.atom');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    const feed = readFeed(response.body);
    const published = await t.ctx.db.selectFrom('coop_entries').select((eb) => eb.fn.countAll().as('n')).where('visibility', '=', 'public').executeTakeFirstOrThrow();
    expect(feed.entries.length).toBe(Math.min(30, Number(published.n)));
    for (const entry of feed.entries) expect(entry.href).toMatch(/^https?:\/\/[^/]+\/vallentuna\/atgardsplaner\/[a-z0-9-]+\/[a-z0-9-]+#uppfoljning-[0-9a-f-]{36}$/);
    const promiseFeed = readFeed((await get('/vallentuna/medborgarloften/2017/uppfoljning.atom')).body);
    expect(promiseFeed.title).toBe('Uppföljning av Medborgarlöfte 2017');
    expect(promiseFeed.entries.map((e) => e.title)).toContain(`${titles2017.lighting}: Stationsområdet klart`);
    expect(promiseFeed.entries.every((e) => !e.title.startsWith(titles2017.schools))).toBe(true);
  });

  it('escapes what staff wrote, in the feed and on the page', async () => {
    const tricky = `Tom & Jerry's "fest" <b>i parken</b>`;
    await addActivityFollowUp(
      t.ctx,
      police,
      kommun.id,
      demo.activities2017[0]!,
      entryInputSchema.parse({ happenedOn: '2017-12-31', title: tricky, body: 'Text med <script>alert(1)</script> & **fetstil**.', visibility: 'public', authorRole: 'Kommunpolis' }),
    );
    const feed = readFeed((await get('/vallentuna/uppfoljning.atom')).body);
    const entry = feed.entries.find((e) => e.title.endsWith(tricky));
    expect(entry).toBeDefined();
    expect(entry!.content).toContain('<strong>fetstil</strong>');
    expect(entry!.content).not.toContain('<script>');
    const page = await get(policeActivityPath);
    expect(page.body).not.toContain('<b>i parken</b>');
    expect(page.body).not.toContain('<script>alert(1)</script>');
  });

  it('keeps internal follow-ups and their figures out of every public page and feed', async () => {
    const secret = 'Intern anteckning om bemanningen';
    const indicator = await t.ctx.db.selectFrom('coop_indicators').select('id').where('activity_id', '=', demo.activities2017[1]!).executeTakeFirstOrThrow();
    await addActivityFollowUp(
      t.ctx,
      coordinator,
      kommun.id,
      demo.activities2017[1]!,
      entryInputSchema.parse({
        happenedOn: '2017-12-30',
        title: secret,
        body: 'Bara för samverkan.',
        visibility: 'internal',
        authorRole: 'Trygghetssamordnare',
        values: [{ indicatorId: indicator.id, value: 9876 }],
      }),
    );
    const lighting = await findActivityById(t.ctx.db, { kommunId: kommun.id, seesInternal: true }, demo.activities2017[1]!);
    const pages = [
      `/vallentuna/atgardsplaner/2017/${lighting!.slug}`,
      `/vallentuna/atgardsplaner/2017/${lighting!.slug}/matvarden`,
      '/vallentuna/atgardsplaner/2017',
      '/vallentuna/medborgarloften/2017',
      '/vallentuna/uppfoljning.atom',
      '/vallentuna/medborgarloften/2017/uppfoljning.atom',
    ];
    for (const url of pages) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(secret);
      expect(response.body, url).not.toMatch(/9[\s\u00a0\u202f]?876/);
    }
    // A staff member signed in sees no more on the public pages: they are the public's.
    const staff = new TestClient(t.app);
    await staff.signIn('samordnare@vallentuna.example');
    expect((await staff.get(pages[0]!)).body).not.toContain(secret);
  });

  it('shows a follow-up’s photo with its description and links its document, served to the public; an internal one’s are not', async () => {
    const photo = await prepareUpload('image', { filename: 'lampor.jpg', data: await jpeg() });
    const pdf = await prepareUpload('document', { filename: 'rapport.pdf', data: tinyPdf });
    const entry = await addActivityFollowUp(
      t.ctx,
      coordinator,
      kommun.id,
      demo.activities2017[1]!,
      entryInputSchema.parse({ happenedOn: '2017-12-20', title: 'Nya lampor på plats', visibility: 'public' }),
      [
        { file: photo, title: 'Nya LED-lampor längs gångvägen i kvällsljus' },
        { file: pdf, title: 'Gatuenhetens rapport' },
      ],
    );
    const hidden = await addActivityFollowUp(
      t.ctx,
      coordinator,
      kommun.id,
      demo.activities2017[1]!,
      entryInputSchema.parse({ happenedOn: '2017-12-21', title: 'Intern bild', visibility: 'internal' }),
      [{ file: await prepareUpload('image', { filename: 'intern.jpg', data: await jpeg() }), title: 'Intern bild på förrådet' }],
    );
    const files = await t.ctx.db.selectFrom('coop_entry_files').select(['entry_id', 'file_id', 'kind']).where('entry_id', 'in', [entry.id, hidden.id]).execute();
    const image = files.find((f) => f.entry_id === entry.id && f.kind === 'image')!;
    const document = files.find((f) => f.entry_id === entry.id && f.kind === 'document')!;
    const internal = files.find((f) => f.entry_id === hidden.id)!;
    const lighting = await findActivityById(t.ctx.db, { kommunId: kommun.id, seesInternal: false }, demo.activities2017[1]!);
    const page = await get(`/vallentuna/atgardsplaner/2017/${lighting!.slug}`);
    expect(page.body).toContain(`<img src="/vallentuna/filer/${image.file_id}" alt="Nya LED-lampor längs gångvägen i kvällsljus"`);
    expect(page.body).toMatch(new RegExp(`href="/vallentuna/filer/${document.file_id}"[^>]*>Gatuenhetens rapport<`));
    expect(page.body).not.toContain(internal.file_id);
    expect((await get(`/vallentuna/filer/${image.file_id}`)).statusCode).toBe(200);
    expect((await get(`/vallentuna/filer/${document.file_id}`)).statusCode).toBe(200);
    expect((await get(`/vallentuna/filer/${internal.file_id}`)).statusCode).toBe(404);
  });

  it('answers 404 for a draft plan and its activities, and for a draft löfte', async () => {
    const draft = await createPlan(t.ctx, coordinator, kommun.id, planInputSchema.parse({ title: 'Utkast till plan 2027', slug: 'utkast-2027', periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
    const activity = await createActivity(t.ctx, coordinator, kommun.id, draft.id, activityInputSchema.parse({ title: 'Hemlig aktivitet', slug: 'hemlig', startsOn: '2027-01-01', responsibleParty: 'kommun', activityType: 'social' }));
    for (const url of ['/vallentuna/atgardsplaner/utkast-2027', '/vallentuna/atgardsplaner/utkast-2027/utskrift', `/vallentuna/atgardsplaner/utkast-2027/${activity.slug}`]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    expect((await get('/vallentuna/samverkan')).body).not.toContain('Utkast till plan 2027');
    const promise = await createPromise(t.ctx, coordinator, kommun.id, promiseInputSchema.parse({ title: 'Löfte under arbete', slug: 'under-arbete', periodStart: '2027-01-01', periodEnd: '2027-12-31', items: [] }));
    expect(promise.status).toBe('draft');
    for (const url of ['/vallentuna/medborgarloften/under-arbete', '/vallentuna/medborgarloften/under-arbete/versioner', '/vallentuna/medborgarloften/under-arbete/uppfoljning.atom', '/vallentuna/medborgarloften/under-arbete/versioner/1']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    expect((await get('/vallentuna/medborgarloften')).body).not.toContain('Löfte under arbete');
  });

  it('keeps replaced versions of a löfte readable and marked, and its new draft hidden', async () => {
    const plan = await createPlan(t.ctx, coordinator, kommun.id, planInputSchema.parse({ title: 'Plan för versionsprov', slug: 'versionsprov', periodStart: '2024-01-01', periodEnd: '2024-12-31' }));
    const activity = await createActivity(t.ctx, coordinator, kommun.id, plan.id, activityInputSchema.parse({ title: 'Aktivitet för versionsprov', slug: 'prov', startsOn: '2024-01-01', responsibleParty: 'kommun', activityType: 'social' }));
    await changePlanStatus(t.ctx, admin, kommun, plan.id, 'decided', { decidedByBody: 'Kommunstyrelsen', decidedOn: '2023-12-01', diarienummer: '' }, plan.lockVersion);
    const input = (text: string, changeNote = '') =>
      promiseInputSchema.parse({ title: 'Löfte med versioner', slug: 'versioner-prov', periodStart: '2024-01-01', periodEnd: '2024-12-31', changeNote, items: [{ party: 'kommun', text, activityIds: [activity.id] }] });
    const v1 = await createPromise(t.ctx, coordinator, kommun.id, input('göra det första.'));
    await publishPromise(t.ctx, admin, kommun, v1.promiseId, v1.lockVersion);
    const v2 = await startNewPromiseVersion(t.ctx, coordinator, kommun.id, v1.promiseId);
    const saved = await savePromiseDraft(t.ctx, coordinator, kommun.id, v1.promiseId, input('göra det andra.', 'Vi har skärpt löftet.'), v2.lockVersion);

    expect((await get('/vallentuna/medborgarloften/versioner-prov/versioner/2')).statusCode).toBe(404);
    expect(textOf((await get('/vallentuna/medborgarloften/versioner-prov')).body)).toContain('göra det första.');

    await publishPromise(t.ctx, admin, kommun, v1.promiseId, saved.lockVersion);
    const current = textOf((await get('/vallentuna/medborgarloften/versioner-prov')).body);
    expect(current).toContain('göra det andra.');
    const history = await get('/vallentuna/medborgarloften/versioner-prov/versioner');
    expect(history.statusCode).toBe(200);
    expect(textOf(history.body)).toContain('Vi har skärpt löftet.');
    expect(history.body).toContain('href="/vallentuna/medborgarloften/versioner-prov/versioner/1"');
    const old = await get('/vallentuna/medborgarloften/versioner-prov/versioner/1');
    expect(old.statusCode).toBe(200);
    expect(textOf(old.body)).toContain('Den här versionen är ersatt.');
    expect(textOf(old.body)).toContain('göra det första.');
    expect(textOf((await get('/vallentuna/medborgarloften/versioner-prov/versioner/2')).body)).not.toContain('Den här versionen är ersatt.');
  });

  it('pages an activity’s timeline to older entries without repeating any', async () => {
    const activityId = demo.currentActivities[3]!;
    for (let i = 1; i <= 32; i += 1) {
      const day = String((i % 28) + 1).padStart(2, '0');
      await addActivityFollowUp(t.ctx, coordinator, kommun.id, activityId, entryInputSchema.parse({ happenedOn: `2025-0${(i % 9) + 1}-${day}`, title: `Veckorapport ${i}`, visibility: 'public' }));
    }
    const activity = await findActivityById(t.ctx.db, { kommunId: kommun.id, seesInternal: false }, activityId);
    const reports = (html: string) => [...html.matchAll(/>(Veckorapport \d+)</g)].map((m) => m[1]);
    const seen: string[] = [];
    let url: string | undefined = `/vallentuna/atgardsplaner/2025-2026/${activity!.slug}`;
    let pages = 0;
    while (url && pages < 10) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(reports(response.body).length, url).toBeLessThanOrEqual(10);
      seen.push(...reports(response.body).filter((r): r is string => r !== undefined));
      url = /href="([^"]+\?efter=[^"#]+)#coop-timeline-heading"/.exec(response.body)?.[1]?.replace(/&amp;/g, '&');
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(seen).toHaveLength(32);
    expect(new Set(seen).size).toBe(32);
  });

  it('shows the current löfte’s promises with their state on the home page, and the pages in English with every message', async () => {
    const home = await get('/vallentuna/');
    expect(home.statusCode).toBe(200);
    const text = textOf(home.body);
    expect(text).toContain('Vårt löfte: Medborgarlöfte 2025–2026');
    expect(text).toContain('Polisen ska patrullera uniformerat');
    expect(home.body).toContain('href="/vallentuna/samverkan"');
    expect(home.body).toContain('href="/vallentuna/uppfoljning.atom"');

    const english = new TestClient(t.app);
    await english.get('/sprak?till=en&tillbaka=%2Fvallentuna%2F');
    for (const url of ['/vallentuna/samverkan', '/vallentuna/atgardsplaner/2017?part=nobody', policeActivityPath, '/vallentuna/medborgarloften', '/vallentuna/medborgarloften/2017', '/vallentuna/medborgarloften/2017/versioner/1', '/vallentuna/atgardsplaner/2017/utskrift']) {
      const page = await english.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('<html lang="en"');
    }
    expect(textOf((await english.get('/vallentuna/atgardsplaner/2017')).body)).toContain('Showing all 5 activities.');
    expect(t.ctx.registry.messages.missing()).toEqual([]);
  });
});
