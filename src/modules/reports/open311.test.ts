// An external Open311 client against the real app on both databases: discovery, services and
// their definitions, POST with a key, reading back by id and by token, the list with the spec's
// filters and pages, mySociety's updates, every method in XML and JSON, the spec's errors, what
// must never be read (e-mail, names, exact positions of sensitive places, internal notes), and
// a fuzz of POST requests.json: never a 5xx, nothing stored when refused.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kommunActor } from '../../../test/actors.js';
import { createSecondInstance, createTestApp, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { addKommun } from '../../../test/factories.js';
import type { Actor } from '../../platform/auth/index.js';
import { newId } from '../../platform/db/ids.js';
import { seedDemo } from '../../platform/demo.js';
import { findKommunById, type Kommun } from '../../platform/tenants/index.js';
import { createOpen311Client, revokeOpen311ClientKey } from './open311.clients.service.js';
import { open311Limits } from './open311.service.js';
import { moderateReport } from './report.moderation.service.js';
import { insertReportEvent } from './report.repository.js';
import { clientHashOf, reportSubmitLimit } from './report.service.js';
import { countRows } from './report.test-support.js';
import type { ReportEventKind, ReportStatus } from './report.tables.js';

// ---- a tiny, strict XML reader: enough for Open311's schemaless documents ----------------

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => entities[name]!);
}

/** Parses a document of elements and text (no attributes): throws on anything not well formed. */
function parseXml(xml: string): XmlNode {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(xml);
  if (!declaration) throw new Error('no XML declaration');
  let at = declaration[0].length;
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }];
  while (at < xml.length) {
    if (xml[at] === '<') {
      const end = xml.indexOf('>', at);
      if (end < 0) throw new Error('unclosed tag');
      const inner = xml.slice(at + 1, end);
      at = end + 1;
      if (inner.startsWith('/')) {
        const open = stack.pop()!;
        if (open.name !== inner.slice(1)) throw new Error(`</${inner.slice(1)}> closes <${open.name}>`);
      } else if (inner.endsWith('/')) {
        stack[stack.length - 1]!.children.push({ name: inner.slice(0, -1), children: [], text: '' });
      } else {
        if (!/^[a-z_][a-z0-9_]*$/.test(inner)) throw new Error(`bad tag <${inner}>`);
        const node: XmlNode = { name: inner, children: [], text: '' };
        stack[stack.length - 1]!.children.push(node);
        stack.push(node);
      }
    } else {
      const next = xml.indexOf('<', at);
      const raw = xml.slice(at, next < 0 ? xml.length : next);
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(raw) || raw.includes('>')) throw new Error(`unescaped text ${raw}`);
      stack[stack.length - 1]!.text += decode(raw);
      at = next < 0 ? xml.length : next;
    }
  }
  if (stack.length !== 1 || stack[0]!.children.length !== 1) throw new Error('not one root element');
  return stack[0]!.children[0]!;
}

function child(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${node.name}> has no <${name}>`);
  return found;
}

/** A list document's items as { field: text }. */
function xmlItems(xml: string, root: string, item: string): Record<string, string>[] {
  const document = parseXml(xml);
  expect(document.name).toBe(root);
  return document.children.map((node) => {
    expect(node.name).toBe(item);
    return Object.fromEntries(node.children.map((c) => [c.name, c.text.trim()]));
  });
}

// ---- the tests -----------------------------------------------------------------------------

type Fields = Record<string, string | string[] | undefined>;

function encode(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

describe.each(dialects)('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let app: FastifyInstance;
  let kommun: Kommun;
  let coordinator: Actor;
  let places: Record<string, string>;
  let key: string;
  let clientId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: false });
    app = t.app;
    const seed = await seedDemo(t.ctx);
    kommun = (await findKommunById(t.ctx.db, seed.kommunId))!;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    places = seed.places;
    // The demo's reports would answer these queries too: the tests count their own.
    await t.ctx.db.deleteFrom('reports').execute();
    const client = await createOpen311Client(t.ctx, coordinator, kommun, { name: 'Trygghetsappen' });
    key = client.key;
    clientId = client.id;
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('rate_limits').execute();
  });

  const light = { service_code: 'belysning', lat: '59.5343', long: '18.0766' };

  async function post(fields: Fields, format: 'json' | 'xml' = 'json', headers: Record<string, string> = {}) {
    return app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: encode(fields) });
  }

  async function get(url: string) {
    return app.inject({ method: 'GET', url });
  }

  function json<T = Record<string, unknown>[]>(response: { body: string }): T {
    return JSON.parse(response.body) as T;
  }

  async function postOk(fields: Fields): Promise<string> {
    const response = await post({ api_key: key, ...fields });
    expect(response.statusCode, response.body).toBe(200);
    return String(json(response)[0]!.service_request_id);
  }

  async function publish(reference: string, text: string | null = 'Publicerad text.') {
    const row = await t.ctx.db.selectFrom('reports').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    await moderateReport(t.ctx, coordinator, kommun, row.id, { decision: 'publish', publicDescription: text });
    return row.id;
  }

  async function addEvent(reportId: string, kind: ReportEventKind, status: ReportStatus, body: string, isPublic: boolean, at: Date) {
    await insertReportEvent(t.ctx.db, { id: newId(at.getTime()), report_id: reportId, kommun_id: kommun.id, kind, status, is_public: isPublic, body, actor_user_id: null, organisation_id: null, created_at: at.toISOString() });
    await t.ctx.db.updateTable('reports').set({ status }).where('id', '=', reportId).execute();
  }

  function errorsOf(response: { body: string; headers: Record<string, unknown> }): { code: number; description: string }[] {
    if (String(response.headers['content-type']).startsWith('text/xml')) {
      return xmlItems(response.body, 'errors', 'error').map((e) => ({ code: Number(e.code), description: e.description ?? '' }));
    }
    return json<{ code: number; description: string }[]>(response);
  }

  it('describes itself at the discovery address, in JSON and XML', async () => {
    const asJson = await get('/open311/discovery.json');
    expect(asJson.statusCode).toBe(200);
    expect(asJson.headers['content-type']).toBe('application/json; charset=utf-8');
    const discovery = json<{ endpoints: { specification: string; url: string; formats: string[]; type: string }[] }>(asJson);
    expect(discovery.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(discovery.endpoints[0]!.url).toMatch(/\/open311\/v2\/$/);
    const asXml = await get('/open311/discovery.xml');
    expect(asXml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(asXml.body);
    expect(root.name).toBe('discovery');
    const endpoint = child(child(root, 'endpoints'), 'endpoint');
    expect(child(endpoint, 'formats').children.map((f) => f.text)).toEqual(['text/xml', 'application/json']);
  });

  it('lists the kommun’s active categories as services, with Swedish names, in both formats', async () => {
    const services = json(await get('/open311/v2/services.json'));
    expect(services.map((s) => s.service_code)).toEqual(['belysning', 'skymd-sikt', 'klotter', 'nedskrapning', 'otrygg-plats', 'ordningsstorning', 'trafik', 'annat']);
    expect(services[0]).toMatchObject({ service_name: 'Dålig belysning', metadata: true, type: 'realtime', group: 'Trygghet' });
    expect(services.find((s) => s.service_code === 'klotter')).toMatchObject({ metadata: false });
    const xml = xmlItems((await get('/open311/v2/services.xml?jurisdiction_id=vallentuna')).body, 'services', 'service');
    expect(xml).toHaveLength(8);
    expect(xml[0]).toMatchObject({ service_code: 'belysning', service_name: 'Dålig belysning', metadata: 'true', type: 'realtime' });
  });

  it('defines a service by its extra questions, with when and days of our own', async () => {
    const definition = json<{ service_code: string; attributes: Record<string, unknown>[] }>(await get('/open311/v2/services/belysning.json'));
    expect(definition.service_code).toBe('belysning');
    expect(definition.attributes.map((a) => [a.code, a.datatype, a.order, a.required])).toEqual([
      ['lamps', 'singlevaluelist', 1, false],
      ['pole', 'string', 2, false],
      ['when', 'multivaluelist', 3, false],
      ['days', 'multivaluelist', 4, false],
    ]);
    expect(definition.attributes[0]).toMatchObject({ variable: true, description: 'Hur mycket är mörkt?', values: [{ key: 'one', name: 'En lampa är släckt' }, { key: 'several', name: 'Flera lampor är släckta' }, { key: 'no_lighting', name: 'Det finns ingen belysning alls' }] });
    const xml = parseXml((await get('/open311/v2/services/belysning.xml')).body);
    expect(xml.name).toBe('service_definition');
    const first = child(child(xml, 'attributes'), 'attribute');
    expect(child(first, 'code').text).toBe('lamps');
    expect(child(child(first, 'values'), 'value').children.map((c) => [c.name, c.text])).toEqual([
      ['key', 'one'],
      ['name', 'En lampa är släckt'],
    ]);
    for (const format of ['json', 'xml']) {
      const unknown = await get(`/open311/v2/services/finns-inte.${format}`);
      expect(unknown.statusCode).toBe(404);
      expect(errorsOf(unknown)[0]).toMatchObject({ code: 404 });
    }
  });

  it('takes a request from an external client and reads it back by token and, once published, by id', async () => {
    // The client lists services, then posts with its key.
    expect(json(await get('/open311/v2/services.json')).some((s) => s.service_code === 'belysning')).toBe(true);
    const before = await countRows(t.ctx.db);
    const response = await post({ api_key: key, ...light, description: 'Hela gångvägen är mörk.', 'attribute[lamps]': 'several', 'attribute[when][]': ['evening', 'night'], email: 'boende@example.org' });
    expect(response.statusCode, response.body).toBe(200);
    const [answer] = json(response);
    const reference = String(answer!.service_request_id);
    expect(answer).toMatchObject({ token: reference, account_id: '' });
    expect(String(answer!.service_notice)).toContain('gatuenhet');
    expect(String(answer!.service_notice)).toContain('granskas');
    const after = await countRows(t.ctx.db);
    expect(after.reports).toBe(before.reports! + 1);
    expect(after.email_subscriptions).toBe(before.email_subscriptions! + 1);
    const row = await t.ctx.db.selectFrom('reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'open311', open311_client_id: clientId, moderation: 'pending', category_code: 'belysning', when_parts: 6, client_hash: clientHashOf(t.ctx, `open311:${clientId}`) });
    expect(JSON.parse(row.answers_json)).toEqual({ lamps: 'several' });

    // By token at once; by id only once published (before, it is not public).
    for (const format of ['json', 'xml'] as const) {
      const token = await get(`/open311/v2/tokens/${reference}.${format}`);
      expect(token.statusCode).toBe(200);
      const item = format === 'json' ? json(token)[0]! : xmlItems(token.body, 'service_requests', 'request')[0]!;
      expect(item).toMatchObject({ service_request_id: reference, token: reference });
      expect((await get(`/open311/v2/requests/${reference}.${format}`)).statusCode).toBe(404);
    }
    await publish(reference, 'Gångvägen är mörk.');
    const one = json(await get(`/open311/v2/requests/${reference}.json`));
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ service_request_id: reference, status: 'open', service_code: 'belysning', service_name: 'Dålig belysning', description: 'Gångvägen är mörk.', lat: 59.5343, long: 18.0766, agency_responsible: kommun.name });
    expect(String(one[0]!.requested_datetime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const xml = xmlItems((await get(`/open311/v2/requests/${reference}.xml`)).body, 'service_requests', 'request');
    expect(xml[0]).toMatchObject({ service_request_id: reference, status: 'open', description: 'Gångvägen är mörk.', lat: '59.5343', long: '18.0766' });
  });

  it('answers a POST in XML as well', async () => {
    const response = await post({ api_key: key, ...light, service_code: 'klotter' }, 'xml');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    const [item] = xmlItems(response.body, 'service_requests', 'request');
    expect(item!.service_request_id).toMatch(/^[0-9A-Z]{8}$/);
    expect(item!.token).toBe(item!.service_request_id);
  });

  it('refuses a request without a key, with a wrong key and with a revoked key: 403, nothing stored', async () => {
    const revoked = await createOpen311Client(t.ctx, coordinator, kommun, { name: 'Gamla appen' });
    expect((await post({ api_key: revoked.key, ...light })).statusCode).toBe(200);
    await revokeOpen311ClientKey(t.ctx, coordinator, kommun, revoked.id);
    const before = await countRows(t.ctx.db);
    for (const format of ['json', 'xml'] as const) {
      for (const [fields, text] of [
        [light, 'api_key'],
        [{ ...light, api_key: 'o311_not-a-real-key' }, 'api_key'],
        [{ ...light, api_key: revoked.key }, 'api_key'],
      ] as const) {
        const response = await post(fields, format);
        expect(response.statusCode).toBe(403);
        const [error] = errorsOf(response);
        expect(error!.code).toBe(403);
        expect(error!.description).toContain(text);
      }
    }
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('refuses bad requests with every problem at once, in the spec’s format, and stores nothing', async () => {
    const before = await countRows(t.ctx.db);
    const cases: [Fields, string[]][] = [
      [{ ...light, service_code: 'finns-inte' }, ['service_code']],
      [{ service_code: 'belysning' }, ['lat']],
      [{ service_code: 'belysning', address_string: 'Storgatan 12' }, ['address_string']],
      [{ ...light, lat: '57.7089', long: '11.9746' }, ['lat']],
      [{ ...light, description: 'x'.repeat(4001) }, ['description']],
      [{ ...light, 'attribute[lamps]': 'all-of-them' }, ['attribute[lamps]']],
      [{ ...light, email: 'not an address' }, ['email']],
      [{ description: 'y'.repeat(4001), address_string: 'z'.repeat(201) }, ['service_code', 'address_string', 'description']],
      [{ ...light, lat: ['59', '5343'] }, ['lat']],
    ];
    for (const [fields, params] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const response = await post({ api_key: key, ...fields }, format);
        expect(response.statusCode, response.body).toBe(400);
        const errors = errorsOf(response);
        expect(errors.every((e) => e.code === 400)).toBe(true);
        for (const param of params) expect(errors.some((e) => e.description.startsWith(`${param}:`)), `${param} in ${response.body}`).toBe(true);
      }
    }
    const noGeocoder = errorsOf(await post({ api_key: key, service_code: 'belysning', address_string: 'Storgatan 12' }));
    expect(noGeocoder[0]!.description).toContain('lat och long');
    expect(await countRows(t.ctx.db)).toEqual(before);
  });

  it('takes when and days as attributes: days alone mean all day on those days', async () => {
    const reference = await postOk({ ...light, service_code: 'nedskrapning', 'attribute[days][]': ['sat', 'sun'] });
    const nights = await postOk({ ...light, service_code: 'nedskrapning', 'attribute[when]': 'night' });
    const rows = await t.ctx.db.selectFrom('reports').select(['reference', 'when_parts', 'when_days']).where('reference', 'in', [reference, nights]).execute();
    expect(rows.find((r) => r.reference === reference)).toMatchObject({ when_parts: 7, when_days: 96 });
    expect(rows.find((r) => r.reference === nights)).toMatchObject({ when_parts: 4, when_days: 127 });
    const refused = await post({ api_key: key, ...light, 'attribute[when]': 'midday' });
    expect(refused.statusCode).toBe(400);
    expect(errorsOf(refused)[0]!.description).toMatch(/^attribute\[when\]:/);
  });

  it('places a request by address_string when it names one of the kommun’s places', async () => {
    const reference = await postOk({ service_code: 'otrygg-plats', address_string: 'Kulturhuset' });
    const row = await t.ctx.db.selectFrom('reports').select(['place_id', 'lat', 'location_text']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ place_id: places.kulturhuset, lat: 59.53452, location_text: 'Kulturhuset' });
    await publish(reference);
    expect(json(await get(`/open311/v2/requests/${reference}.json`))[0]).toMatchObject({ address: 'Kulturhuset' });
  });

  it('rate-limits each client on every instance’s shared counter, in the spec’s error format', async () => {
    const limited = await createOpen311Client(t.ctx, coordinator, kommun, { name: 'Flitiga appen' });
    for (let i = 0; i < reportSubmitLimit.max; i += 1) expect((await post({ api_key: limited.key, ...light })).statusCode).toBe(200);
    const before = await countRows(t.ctx.db);
    // On PostgreSQL the next request goes to another instance, which holds the same count.
    const other = dialect === 'postgres' ? await createSecondInstance(t) : null;
    const refused = await (other?.app ?? app).inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encode({ api_key: limited.key, ...light }) });
    await other?.close();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorsOf(refused)[0]).toMatchObject({ code: 429 });
    expect(await countRows(t.ctx.db)).toEqual(before);
    // Another client is not held back by it.
    expect((await post({ api_key: key, ...light })).statusCode).toBe(200);
  });

  it('accepts a blocked client’s requests but keeps them out of every public answer', async () => {
    const blocked = await createOpen311Client(t.ctx, coordinator, kommun, { name: 'Spridda appen' });
    await t.ctx.db
      .insertInto('report_blocked_clients')
      .values({ id: newId(), kommun_id: kommun.id, client_hash: clientHashOf(t.ctx, `open311:${blocked.id}`), reason: 'skräp', created_by: null, created_at: new Date().toISOString() })
      .execute();
    const response = await post({ api_key: blocked.key, ...light, description: 'Karantänad text.' });
    expect(response.statusCode).toBe(200);
    const reference = String(json(response)[0]!.service_request_id);
    expect((await t.ctx.db.selectFrom('reports').select('moderation').where('reference', '=', reference).executeTakeFirstOrThrow()).moderation).toBe('quarantined');
    expect((await get(`/open311/v2/requests/${reference}.json`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests.json?service_request_id=${reference}`)).body).toBe('[]');
  });

  it('lists published reports only, with the spec’s filters and the page extension', async () => {
    const open = await postOk({ ...light, service_code: 'trafik', description: 'Bilar kör fort.' });
    const closed = await postOk({ ...light, service_code: 'trafik' });
    const pending = await postOk({ ...light, service_code: 'trafik' });
    const rejected = await postOk({ ...light, service_code: 'trafik' });
    await publish(open);
    const closedId = await publish(closed);
    await addEvent(closedId, 'status', 'fixed', '', true, new Date());
    const rejectedId = (await t.ctx.db.selectFrom('reports').select('id').where('reference', '=', rejected).executeTakeFirstOrThrow()).id;
    await moderateReport(t.ctx, coordinator, kommun, rejectedId, { decision: 'reject' });

    const traffic = json(await get('/open311/v2/requests.json?service_code=trafik'));
    expect(traffic.map((r) => r.service_request_id).sort()).toEqual([open, closed].sort());
    expect(traffic.every((r) => r.service_code === 'trafik')).toBe(true);
    expect(json(await get('/open311/v2/requests.json?service_code=trafik&status=open')).map((r) => r.service_request_id)).toEqual([open]);
    expect(json(await get('/open311/v2/requests.json?service_code=trafik&status=closed')).map((r) => r.service_request_id)).toEqual([closed]);
    expect(json(await get('/open311/v2/requests.json?service_code=trafik&status=open,closed'))).toHaveLength(2);
    // A list of ids overrides the other filters; unpublished ones are simply not there.
    const byIds = json(await get(`/open311/v2/requests.json?service_request_id=${open},${pending},${rejected},${closed}&service_code=klotter&status=open`));
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([open, closed].sort());
    const xml = xmlItems((await get(`/open311/v2/requests.xml?service_request_id=${closed}`)).body, 'service_requests', 'request');
    expect(xml).toEqual([expect.objectContaining({ service_request_id: closed, status: 'closed' })]);
    // Dates: a window in the past holds none of today's reports.
    expect(json(await get('/open311/v2/requests.json?service_code=trafik&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z'))).toEqual([]);
    expect(json(await get(`/open311/v2/requests.json?service_code=trafik&start_date=${new Date(Date.now() - 3_600_000).toISOString()}`))).toHaveLength(2);
    // Pages: newest first, one at a time.
    const first = json(await get('/open311/v2/requests.json?service_code=trafik&page_size=1'));
    const second = json(await get('/open311/v2/requests.json?service_code=trafik&page_size=1&page=2'));
    const third = json(await get('/open311/v2/requests.json?service_code=trafik&page_size=1&page=3'));
    expect([first.length, second.length, third.length]).toEqual([1, 1, 0]);
    expect(first[0]!.service_request_id).not.toBe(second[0]!.service_request_id);
  });

  it('refuses bad filters with 400 and every problem named', async () => {
    for (const format of ['json', 'xml'] as const) {
      const response = await get(`/open311/v2/requests.${format}?status=pending&start_date=yesterday&page_size=5000`);
      expect(response.statusCode).toBe(400);
      const descriptions = errorsOf(response).map((e) => e.description.split(':')[0]);
      expect(descriptions).toEqual(expect.arrayContaining(['status', 'start_date', 'page_size']));
    }
    expect((await get('/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z')).statusCode).toBe(400);
    const deep = await get(`/open311/v2/requests.json?page_size=1000&page=${open311Limits.maxOffset / 1000 + 2}`);
    expect(deep.statusCode).toBe(400);
    expect(errorsOf(deep)[0]!.description).toContain('start_date');
    expect((await get('/open311/v2/requests/NOT-A-REF.json')).statusCode).toBe(404);
    expect((await get('/open311/v2/tokens/ZZZZZZZZ.xml')).statusCode).toBe(404);
    expect((await get('/open311/v2/requests/ABCDEFGH.txt')).statusCode).toBe(404);
    const elsewhere = await get('/open311/v2/nothing-here.json');
    expect(elsewhere.statusCode).toBe(404);
    expect(errorsOf(elsewhere)[0]).toMatchObject({ code: 404 });
  });

  it('reports public state changes and responses as mySociety’s updates, never internal notes', async () => {
    const reference = await postOk({ ...light, service_code: 'skymd-sikt' });
    const id = await publish(reference);
    const start = Date.now();
    await addEvent(id, 'status', 'in_progress', '', true, new Date(start + 1000));
    await addEvent(id, 'note', 'in_progress', 'Intern anteckning om ärendet.', false, new Date(start + 2000));
    await addEvent(id, 'response', 'fixed', 'Buskarna är klippta.', true, new Date(start + 3000));
    const window = `start_date=${new Date(start).toISOString()}&end_date=${new Date(start + 10_000).toISOString()}`;
    const updates = json(await get(`/open311/v2/servicerequestupdates.json?${window}`)).filter((u) => u.service_request_id === reference);
    expect(updates.map((u) => [u.status, u.description])).toEqual([
      ['IN_PROGRESS', ''],
      ['FIXED', 'Buskarna är klippta.'],
    ]);
    expect(String(updates[1]!.updated_datetime)).toMatch(/Z$/);
    const xml = xmlItems((await get(`/open311/v2/servicerequestupdates.xml?${window}`)).body, 'service_requests_updates', 'request_update').filter((u) => u.service_request_id === reference);
    expect(xml.map((u) => u.status)).toEqual(['IN_PROGRESS', 'FIXED']);
    expect(xml[0]).toHaveProperty('update_id');
    const request = json(await get(`/open311/v2/requests/${reference}.json`))[0]!;
    expect(request).toMatchObject({ status: 'closed', status_notes: 'Buskarna är klippta.' });
    expect(JSON.stringify(request)).not.toContain('Intern anteckning');
    expect((await get(`/open311/v2/servicerequestupdates.json?${window}`)).body).not.toContain('Intern anteckning');
  });

  it('never shows what was posted about a person, the text as sent or a sensitive place’s exact position', async () => {
    const email = 'hemlig.person@example.org';
    const reference = await postOk({ service_code: 'ordningsstorning', lat: '59.53391', long: '18.07917', description: 'Originaltext med Kalle Anka.', email, first_name: 'Kalle', last_name: 'Ankasson', phone: '070-1234567', device_id: 'enhet-42' });
    await publish(reference, 'Stökigt på kvällarna.');
    const row = await t.ctx.db.selectFrom('reports').select(['public_lat', 'public_lon', 'client_hash']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row.public_lat).not.toBe(59.53391);
    const bodies = [];
    for (const format of ['json', 'xml']) {
      for (const url of [`requests.${format}`, `requests/${reference}.${format}`, `requests.${format}?service_request_id=${reference}`, `tokens/${reference}.${format}`, `servicerequestupdates.${format}`]) {
        const response = await get(`/open311/v2/${url}`);
        expect(response.statusCode).toBe(200);
        bodies.push(response.body);
      }
    }
    const all = bodies.join('\n');
    expect(all).toContain('Stökigt på kvällarna.');
    for (const secret of [email, 'Kalle', 'Ankasson', '070-1234567', 'enhet-42', 'Originaltext', '59.53391', '18.07917', row.client_hash!]) expect(all).not.toContain(secret);
    const shown = json(await get(`/open311/v2/requests/${reference}.json`))[0]!;
    expect(shown).toMatchObject({ lat: Number(row.public_lat), long: Number(row.public_lon) });
  });

  it('escapes whatever was written, so the XML stays well formed', async () => {
    const nasty = '<request>&amp; "quoted" \'single\' ]]> \u0001 \uFFFF end';
    const reference = await postOk({ ...light, service_code: 'annat' });
    await publish(reference, nasty);
    const response = await get(`/open311/v2/requests/${reference}.xml`);
    const [item] = xmlItems(response.body, 'service_requests', 'request');
    expect(item!.description).toBe('<request>&amp; "quoted" \'single\' ]]> \uFFFD \uFFFD end');
    expect(json(await get(`/open311/v2/requests/${reference}.json`))[0]!.description).toBe(nasty);
  });

  it('fuzzes POST requests.json with generated bodies: never a 5xx, nothing stored when refused', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', ' ', 'belysning', 'klotter', '59.5343', '18.0766', '1e309', 'NaN', '-91', '__proto__', '<x>&', 'Kulturhuset', 'x'.repeat(4001), '\u0000', '\uD800'),
      fc.double().map(String),
    );
    const field = fc.constantFrom('service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'email', 'jurisdiction_id', 'attribute[lamps]', 'attribute[lamps][]', 'attribute[when][]', 'attribute[days][]', 'attribute[__proto__]', 'first_name', 'media_url', 'api_key', 'constructor');
    const body = fc.record({
      useKey: fc.boolean(),
      fields: fc.array(fc.tuple(field, fc.oneof(value, fc.array(value, { maxLength: 3 }))), { maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(body, async ({ useKey, fields }) => {
        await t.ctx.db.deleteFrom('rate_limits').execute();
        const params = new URLSearchParams();
        if (useKey) params.append('api_key', key);
        for (const [name, v] of fields) for (const one of Array.isArray(v) ? v : [v]) params.append(name, one);
        const clientsBefore = JSON.stringify(await t.ctx.db.selectFrom('open311_clients').selectAll().orderBy('id').execute());
        const before = await countRows(t.ctx.db);
        const response = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
        expect(response.statusCode, response.body).toBeLessThan(500);
        expect(() => JSON.parse(response.body) as unknown).not.toThrow();
        const after = await countRows(t.ctx.db);
        if (response.statusCode !== 200) {
          expect(after).toEqual(before);
          expect(JSON.stringify(await t.ctx.db.selectFrom('open311_clients').selectAll().orderBy('id').execute())).toBe(clientsBefore);
        } else expect(after.reports).toBe(before.reports! + 1);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('fuzzes the GET methods with generated arguments: never a 5xx, always a document in the format asked for', async () => {
    const name = fc.constantFrom('service_request_id', 'service_code', 'status', 'start_date', 'end_date', 'page', 'page_size', 'jurisdiction_id', 'extensions', '__proto__');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'open', 'closed,open', '2026-12-01', '2026-12-01T10:00:00+01:00', '0', '-1', '1001', '99999999999', '1e3', 'vallentuna', 'ABCD-EFGH,,', '%', '\uD800'));
    const path = fc.constantFrom('requests', 'servicerequestupdates', 'services', 'services/belysning', 'requests/ABCDEFGH', 'tokens/ABCDEFGH', 'services/%3Cx%3E');
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('json', 'xml'), fc.array(fc.tuple(name, value), { maxLength: 6 }), async (resource, format, args) => {
        const query = new URLSearchParams(args).toString();
        const response = await get(`/open311/v2/${resource}.${format}?${query}`);
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (format === 'json') expect(() => JSON.parse(response.body) as unknown).not.toThrow();
        else expect(() => parseXml(response.body)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('needs jurisdiction_id once several kommuner are hosted, and keeps each key to its kommun', async () => {
    expect((await get('/open311/v2/services.json?jurisdiction_id=finns-inte')).statusCode).toBe(404);
    expect((await get('/open311/v2/services.xml?jurisdiction_id=%3Cx%3E')).statusCode).toBe(404);
    await addKommun(t.ctx.db, { slug: 'grannby', name: 'Grannby kommun' });
    for (const format of ['json', 'xml'] as const) {
      const without = await get(`/open311/v2/services.${format}`);
      expect(without.statusCode).toBe(400);
      expect(errorsOf(without)[0]!.description).toMatch(/^jurisdiction_id:/);
    }
    expect((await get('/open311/v2/services.json?jurisdiction_id=vallentuna')).statusCode).toBe(200);
    expect((await get('/open311/v2/requests.json?jurisdiction_id=grannby')).body).toBe('[]');
    expect((await post({ api_key: key, ...light })).statusCode).toBe(400);
    expect((await post({ api_key: key, ...light, jurisdiction_id: 'vallentuna' })).statusCode).toBe(200);
    // Vallentuna's key says nothing in another kommun.
    const elsewhere = await post({ api_key: key, service_code: 'belysning', lat: '59.6', long: '18.1', jurisdiction_id: 'grannby' });
    expect(elsewhere.statusCode).toBe(403);
  });
});
