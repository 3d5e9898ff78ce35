// The public map over HTTP on both databases: the viewport GeoJSON (shape, limits, refusals,
// only published reports, sensitive ones at their rounded spot), a second app instance that
// learns of a report the first published, the map page with its filters and its list for
// browsers without JavaScript, and the Atom feeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createSecondInstance, createTestApp, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import type { Actor } from '../../platform/auth/index.js';
import { seedDemo } from '../../platform/demo.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { roundToGrid } from './report.location.js';
import { insertMapVolume } from './report.map.bench.js';
import { changedSince, listChangedSince } from './report.map.repository.js';
import { hasMapIndex, mapCentre, mapIndexFigures, mapIndexOf, refreshMapIndex } from './report.map.service.js';
import { moderateReport } from './report.moderation.service.js';
import { submitReport, supportReport } from './report.service.js';
import { queryPlanOf } from './report.test-support.js';

interface Feature {
  type: 'Feature';
  id?: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: boolean; count?: number; weight: number; name: string; url?: string; reference?: string; category?: string; status?: string };
}
interface Collection {
  type: 'FeatureCollection';
  features: Feature[];
  truncated: boolean;
  next?: string | null;
}

// ---- a small, strict XML reader: enough to prove a feed is well-formed ------------------------
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeText(raw: string): string {
  if (/[<>]/.test(raw)) throw new Error(`unescaped markup in text: ${raw.slice(0, 40)}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`bare ampersand in: ${raw.slice(0, 40)}`);
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const value = entities[name];
    if (value === undefined) throw new Error(`unknown entity &${name};`);
    return value;
  });
}
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}
function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf('<', at);
    stack[stack.length - 1]!.text += decodeText(next < 0 ? body.slice(at) : body.slice(at, next));
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
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('not one well-formed root element');
  return root.children[0]!;
}

const vallentuna = { minLon: 17.9, minLat: 59.45, maxLon: 18.3, maxLat: 59.62 };
const centre = { minLon: 18.065, minLat: 59.528, maxLon: 18.095, maxLat: 59.542 };
const bboxOf = (b: typeof vallentuna) => `${b.minLon},${b.minLat},${b.maxLon},${b.maxLat}`;

describe.each(dialects)('the public map of reports on %s', (dialect) => {
  let t: TestApp;
  let kommun: Kommun;
  let coordinator: Actor;
  let sent = 0;
  const published: Record<string, { reference: string; id: string; lat: number; lon: number }> = {};
  const hidden: Record<string, string> = {};

  async function report(category: string, lat: number, lon: number, description: string, when: string[] = ['night']) {
    sent += 1;
    const outcome = await submitReport(t.ctx, kommun, { category, lat: String(lat), lon: String(lon), when, days: [], description, locationText: '' }, { source: 'web', locale: 'sv', clientKey: `map-test-${sent}`, answers: category === 'belysning' ? { lamps: 'one' } : {} });
    return outcome;
  }

  async function publish(category: string, lat: number, lon: number, description: string, publicText: string | null, when?: string[]) {
    const outcome = await report(category, lat, lon, description, when);
    await moderateReport(t.ctx, coordinator, kommun, outcome.id, { decision: 'publish', publicDescription: publicText });
    return { reference: outcome.reference, id: outcome.id, lat, lon };
  }

  async function geojson(query: string, app = t.app): Promise<Collection> {
    const response = await app.inject(`/api/v1/vallentuna/reports.geojson?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    return response.json<Collection>();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    const seed = await seedDemo(t.ctx);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    // The demo's reports would be on the map too: these tests count their own.
    await t.ctx.db.deleteFrom('reports').execute();
    published.lamp = await publish('belysning', 59.5343, 18.0766, 'Lampan vid bron är trasig.', 'Lampan vid bron är trasig.', ['evening']);
    published.graffiti = await publish('klotter', 59.5301, 18.0701, 'Klotter på tunneln.', null);
    published.disorder = await publish('ordningsstorning', 59.53371, 18.08123, 'Bråk vid kiosken på kvällarna.', 'Stök vid en kiosk på kvällarna.');
    hidden.pending = (await report('klotter', 59.5322, 18.0755, 'HEMLIG väntande text.')).reference;
    const rejected = await report('klotter', 59.5323, 18.0756, 'AVVISAD text.');
    await moderateReport(t.ctx, coordinator, kommun, rejected.id, { decision: 'reject' });
    hidden.rejected = rejected.reference;
  });
  afterAll(async () => t?.close());

  it('answers a viewport with single published reports, their link, category and status, and nothing unpublished', async () => {
    const answer = await geojson(`bbox=${bboxOf(centre)}&zoom=18`);
    expect(answer.type).toBe('FeatureCollection');
    const byReference = new Map(answer.features.map((f) => [f.properties.reference, f]));
    expect([...byReference.keys()].sort()).toEqual([published.lamp!.reference, published.graffiti!.reference, published.disorder!.reference].sort());
    const lamp = byReference.get(published.lamp!.reference)!;
    expect(lamp.geometry.coordinates).toEqual([18.0766, 59.5343]);
    expect(lamp.properties).toMatchObject({ cluster: false, url: `/vallentuna/rapporter/${published.lamp!.reference}`, category: 'belysning', status: 'new' });
    expect(lamp.properties.name).toContain('Dålig belysning');
    const body = JSON.stringify(answer);
    for (const reference of Object.values(hidden)) expect(body).not.toContain(reference);
    expect(body).not.toContain('HEMLIG');
  });

  it('shows a sensitive report at its rounded public spot, never where it was reported', async () => {
    const answer = await geojson(`bbox=${bboxOf(centre)}&zoom=18&category=ordningsstorning`);
    expect(answer.features).toHaveLength(1);
    const rounded = roundToGrid({ lat: published.disorder!.lat, lon: published.disorder!.lon }, 250);
    expect(answer.features[0]!.geometry.coordinates).toEqual([rounded.lon, rounded.lat]);
    expect(answer.features[0]!.geometry.coordinates).not.toEqual([published.disorder!.lon, published.disorder!.lat]);
  });

  it('groups reports into numbered clusters at a distant zoom, with their weight, and filters them', async () => {
    const far = await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5`);
    expect(far.features).toHaveLength(1);
    expect(far.features[0]!.properties).toMatchObject({ cluster: true, count: 3, weight: 3, name: '3 rapporter' });
    const open = await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5&status=open&tid=night`);
    expect(open.features).toHaveLength(1);
    expect(open.features[0]!.properties).toMatchObject({ cluster: true, count: 2 });
    const evening = await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5&tid=evening&period=30`);
    expect(evening.features.map((f) => f.properties.reference)).toEqual([published.lamp!.reference]);
    expect((await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5&status=fixed`)).features).toEqual([]);
    expect((await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5&category=finns-inte`)).features).toEqual([]);
  });

  it('takes a new publication, a "me too" and a rejection into the map at once', async () => {
    const references = async () => (await geojson(`bbox=${bboxOf(centre)}&zoom=18`)).features.map((f) => f.properties.reference);
    const weightOf = async (reference: string) => (await geojson(`bbox=${bboxOf(centre)}&zoom=18`)).features.find((f) => f.properties.reference === reference)?.properties.weight;
    await references();
    const added = await publish('trafik', 59.5401, 18.0901, 'Bilar kör fort vid skolan.', null);
    await expect.poll(references, { timeout: 2000, interval: 100 }).toContain(added.reference);
    await supportReport(t.ctx, kommun, added.reference, { when: ['day'], days: [] }, 'map-test-supporter');
    await expect.poll(() => weightOf(added.reference), { timeout: 2500, interval: 100 }).toBe(2);
    await moderateReport(t.ctx, coordinator, kommun, added.id, { decision: 'reject' });
    await expect.poll(references, { timeout: 2000, interval: 100 }).not.toContain(added.reference);
  });

  it('pages every published point for open data without a box, and refuses what it cannot read with a field error', async () => {
    const first = await geojson('limit=2');
    expect(first.features).toHaveLength(2);
    expect(first.next).toBeTruthy();
    const second = await geojson(`limit=2&after=${first.next!}`);
    const references = [...first.features, ...second.features].map((f) => f.properties.reference);
    expect(new Set(references).size).toBe(references.length);
    expect(references).toEqual(expect.arrayContaining([published.lamp!.reference, published.graffiti!.reference, published.disorder!.reference]));
    for (const [query, field] of [
      ['bbox=a,b,c,d', 'bbox'],
      ['bbox=18,59,19', 'bbox'],
      ['bbox=19,59,18,60', 'bbox'],
      ['bbox=18,59,190,60', 'bbox'],
      [`bbox=${bboxOf(vallentuna)}&zoom=x`, 'zoom'],
      [`bbox=${bboxOf(vallentuna)}&zoom=40`, 'zoom'],
      ['limit=0', 'limit'],
      ['limit=5000', 'limit'],
      ['after=not-a-cursor', 'after'],
      [`after=${Buffer.from('1|x').toString('base64url')}`, 'after'],
      ['status=everything', 'status'],
    ] as const) {
      const response = await t.app.inject(`/api/v1/vallentuna/reports.geojson?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(Object.keys(response.json<{ error: { fields: Record<string, unknown> } }>().error.fields)).toEqual([field]);
    }
    expect((await t.app.inject('/api/v1/finns-inte/reports.geojson')).statusCode).toBe(404);
  });

  it('describes the GeoJSON endpoint, its filters and its answer in the API document', async () => {
    const document = (await t.app.inject('/api/openapi.json')).json<{ paths: Record<string, { get?: { operationId: string; parameters: { name: string; description?: string }[] } }> }>();
    const operation = document.paths['/api/v1/{kommun}/reports.geojson']?.get;
    expect(operation?.operationId).toBe('listReportsGeojson');
    expect(operation!.parameters.map((p) => p.name).sort()).toEqual(['after', 'bbox', 'category', 'kommun', 'limit', 'period', 'status', 'tid', 'zoom']);
    expect(operation!.parameters.find((p) => p.name === 'bbox')?.description).toContain('Kartutsnittet');
  });

  // An in-memory SQLite database is one process's own; several instances share PostgreSQL.
  it.runIf(dialect === 'postgres')('lets a second app instance learn of a report the first one published, through its poll', async () => {
    const second = await createSecondInstance(t);
    try {
      // Built at start, before anyone asks for the map.
      await expect.poll(() => hasMapIndex(second.ctx, kommun.id), { timeout: 5000, interval: 50 }).toBe(true);
      const before = await geojson(`bbox=${bboxOf(centre)}&zoom=18`, second.app);
      const added = await publish('nedskrapning', 59.5351, 18.0851, 'Fulla papperskorgar.', null);
      expect(before.features.map((f) => f.properties.reference)).not.toContain(added.reference);
      await mapIndexOf(second.ctx, kommun.id);
      await expect
        .poll(async () => (await geojson(`bbox=${bboxOf(centre)}&zoom=18`, second.app)).features.map((f) => f.properties.reference), { timeout: 5000, interval: 200 })
        .toContain(added.reference);
      // A report that leaves the public leaves the other instance's map too: the poll reads every
      // report that was ever published, whatever its moderation now.
      await moderateReport(t.ctx, coordinator, kommun, added.id, { decision: 'reject' });
      await expect
        .poll(async () => (await geojson(`bbox=${bboxOf(centre)}&zoom=18`, second.app)).features.map((f) => f.properties.reference), { timeout: 5000, interval: 200 })
        .not.toContain(added.reference);
    } finally {
      await second.close();
    }
  });

  it('renders the map page with the filters kept, the layer filtered alike, and the same reports as a list without JavaScript', async () => {
    const page = await t.app.inject('/vallentuna/karta?kategori=belysning&status=open&tid=&period=');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-module="report-map"');
    expect(page.body).toContain('data-report-layer="/api/v1/vallentuna/reports.geojson?category=belysning&amp;status=open"');
    expect(page.body).toMatch(/<option value="belysning" selected/);
    // The filters (map and list alike) are choices with "all" among them: neither required nor marked optional.
    for (const html of [page.body, (await t.app.inject('/vallentuna/rapporter')).body]) {
      const start = html.indexOf('class="report-filters"');
      const body = html.slice(start, html.indexOf('</form>', start));
      const selects = [...body.matchAll(/<select[^>]*name="(kategori|status|tid|period)"[^>]*>/g)];
      expect(selects.map((m) => m[1])).toEqual(['kategori', 'status', 'tid', 'period']);
      for (const [select] of selects) expect(select).not.toMatch(/required/);
      expect(body).not.toContain('field__optional');
    }
    expect(page.body).toContain(`/vallentuna/rapporter/${published.lamp!.reference}`);
    expect(page.body).not.toContain(`/vallentuna/rapporter/${published.graffiti!.reference}`);
    expect(page.body).toContain('href="/vallentuna/rapporter?kategori=belysning&amp;status=open"');
    const all = await t.app.inject('/vallentuna/karta');
    for (const reference of Object.values(hidden)) expect(all.body).not.toContain(reference);
    expect(all.body).toContain('href="/vallentuna/karta"');
    expect(all.body).toContain('type="application/atom+xml" href="/vallentuna/rapporter.atom"');
    const islands = await t.app.inject('/assets/islands.js');
    expect(islands.body).toContain('"report-map":"/assets/reports/report-map.js"');
    expect(islands.body).toContain('"report-position":"/assets/reports/report-position.js"');
    expect((await t.app.inject('/assets/reports/report-map.js')).statusCode).toBe(200);
    expect((await t.app.inject('/vallentuna/karta?status=everything')).statusCode).toBe(422);
    expect((await t.app.inject(`/vallentuna/karta?efter=${Buffer.from(`1|${published.lamp!.id}`).toString('base64url')}`)).statusCode).toBe(200);
    // A kommun without a boundary opens its map where its reports are.
    const centre = await mapCentre(t.ctx, kommun.id);
    expect(centre!.lat).toBeCloseTo(59.533, 2);
    expect(centre!.lon).toBeCloseTo(18.077, 2);
  });

  it('publishes well-formed Atom feeds of new reports, per kommun and per place, with only public text', async () => {
    const response = await t.app.inject('/vallentuna/rapporter.atom');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    const feed = parseXml(response.body);
    expect(feed.name).toBe('feed');
    const entries = feed.children.filter((c) => c.name === 'entry');
    const links = entries.map((e) => e.children.find((c) => c.name === 'link')!.attributes.href!);
    expect(links).toContain(`${t.ctx.config.publicUrl}/vallentuna/rapporter/${published.lamp!.reference}`);
    expect(links.every((href) => href.startsWith('http'))).toBe(true);
    expect(response.body).toContain('Stök vid en kiosk på kvällarna.');
    for (const secret of ['Bråk vid kiosken', 'Klotter på tunneln', 'HEMLIG', 'AVVISAD', ...Object.values(hidden)]) expect(response.body).not.toContain(secret);

    const place = await t.ctx.db.selectFrom('places').select(['id', 'slug']).where('kommun_id', '=', kommun.id).orderBy('slug').executeTakeFirstOrThrow();
    const atPlace = await publish('klotter', 59.5302, 18.0702, 'Klotter vid platsen.', 'Klotter vid platsen.');
    await t.ctx.db.updateTable('reports').set({ place_id: place.id }).where('id', '=', atPlace.id).execute();
    const placeFeed = await t.app.inject(`/vallentuna/platser/${place.slug}/rapporter.atom`);
    expect(placeFeed.statusCode).toBe(200);
    const placeEntries = parseXml(placeFeed.body).children.filter((c) => c.name === 'entry');
    expect(placeEntries).toHaveLength(1);
    expect(placeFeed.body).toContain(atPlace.reference.slice(0, 4));
    expect((await t.app.inject('/vallentuna/platser/finns-inte/rapporter.atom')).statusCode).toBe(404);
  });

  it('polls only reports that were ever published: not the stream of reports waiting for moderation', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const waiting = await report('klotter', 59.5324, 18.0757, 'Väntar på granskning.');
    const shown = await publish('klotter', 59.5325, 18.0758, 'Publicerad och sedan dold.', null);
    await moderateReport(t.ctx, coordinator, kommun, shown.id, { decision: 'reject' });
    const read = (await listChangedSince(t.ctx.db, kommun.id, since, 1000)).map((row) => row.reference);
    expect(read).toContain(shown.reference);
    expect(read).not.toContain(waiting.reference);
    expect(read).not.toContain(hidden.pending);
    // And from the index that holds only those, not by walking the kommun's every change. (On
    // PostgreSQL the plan of this test's handful of rows says nothing of a million: its planner
    // picks any index of the kommun's for so few.)
    if (dialect === 'sqlite') {
      const plan = await queryPlanOf(t.ctx.db, dialect, changedSince(t.ctx.db, kommun.id, since, 10).compile());
      expect(plan, plan).toMatch(/reports_updated_idx/);
    }
  });

  it('takes the bench’s bulk volume (valid published rows) into the index through the poll, and still answers a few hundred features', async () => {
    await mapIndexOf(t.ctx, kommun.id);
    await refreshMapIndex(t.ctx, kommun.id);
    const before = (await mapIndexFigures(t.ctx, kommun.id)).reports;
    await insertMapVolume(t.ctx.db, kommun.id, 3000);
    await refreshMapIndex(t.ctx, kommun.id);
    expect((await mapIndexFigures(t.ctx, kommun.id)).reports).toBe(before + 3000);
    const far = await geojson(`bbox=${bboxOf(vallentuna)}&zoom=5`);
    expect(far.features.reduce((sum, f) => sum + (f.properties.count ?? 1), 0)).toBe(before + 3000);
    for (const zoom of [10, 12, 14, 16, 18]) {
      const answer = await geojson(`bbox=${bboxOf(vallentuna)}&zoom=${zoom}`);
      expect(answer.features.length).toBeLessThanOrEqual(1024);
    }
  });
});
