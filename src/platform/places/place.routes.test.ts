import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../demo.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';

interface FeatureCollection {
  type: string;
  truncated: boolean;
  next: string | null;
  features: { type: string; id: string; geometry: { type: string; coordinates: unknown }; properties: { name: string; url: string; slug: string } }[];
}

const coordinator = 'samordnare@vallentuna.example';
const volunteer = 'volontar@vallentuna.example';

describe.each(dialects)('places pages and API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('lists every demo place alphabetically with links, and a map container that needs no inline style', async () => {
    const response = await t.app.inject('/vallentuna/platser');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    const names = ['Kulturhuset', 'Parken vid Vallentunasjön', 'Torggatan, gången vid Coop och Ica', 'Vallentuna centrum', 'Vallentuna station'];
    const positions = names.map((name) => body.indexOf(`>${name}</a>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain('href="/vallentuna/platser/kulturhuset"');
    expect(body).toContain('data-module="map"');
    expect(body).toContain('data-layers="[&quot;/api/v1/vallentuna/places.geojson&quot;]"');
    // No basemap is configured in tests: residents get no note about it.
    expect(body).not.toContain('data-map-notice');
    expect(body).not.toMatch(/style="/);
    expect(body).not.toMatch(/<style/);
  });

  it('pages the list with a cursor when there are more places than fit on a page', async () => {
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    for (let n = 0; n < 50; n += 1) {
      const response = await client.submitForm('/vallentuna/admin/platser/ny', '/vallentuna/admin/platser', { name: `Zpaging ${String(n).padStart(2, '0')}`, description: '', lat: '59.5', lon: '18.0', polygon: '' });
      expect(response.statusCode).toBe(303);
    }
    const first = await t.app.inject('/vallentuna/platser');
    expect(first.body).toContain('Zpaging 44');
    expect(first.body).not.toContain('Zpaging 45');
    const next = /href="(\/vallentuna\/platser\?efter=[^"]+)"/.exec(first.body)?.[1];
    expect(next).toBeDefined();
    const second = await t.app.inject(next!.replace(/&amp;/g, '&'));
    expect(second.body).toContain('Zpaging 45');
    expect(second.body).toContain('Zpaging 49');
    expect(second.body).not.toContain('>Kulturhuset<');
    expect(second.body).toContain('href="/vallentuna/platser"');
  });

  it('describes the places to residents in words, keeping coordinates for the staff list', async () => {
    const list = await t.app.inject('/vallentuna/platser');
    expect(list.body).toContain('<p class="place-list__meta">Kommunens kulturhus med bibliotek.');
    expect(list.body).not.toMatch(/Latitud|Punkt ·/);
    const place = await t.app.inject('/vallentuna/platser/kulturhuset');
    expect(place.body).not.toContain('Latitud');
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    expect((await client.get('/vallentuna/admin/platser')).body).toContain('Latitud 59,53452, longitud 18,08051');
  });

  it('shows one place with its description and a small map of its shape', async () => {
    const response = await t.app.inject('/vallentuna/platser/kulturhuset');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1 class="ds-heading" data-size="lg">Kulturhuset</h1>');
    expect(response.body).toContain('Kommunens kulturhus med bibliotek');
    expect(response.body).toContain('data-features="');
    expect(response.body).toContain('map--small');
  });

  it('answers 404 for an unknown place', async () => {
    expect((await t.app.inject('/vallentuna/platser/finns-inte')).statusCode).toBe(404);
    expect((await t.app.inject('/vallentuna/platser/Ogiltig%20slug')).statusCode).toBe(404);
  });

  it('serves the places as a GeoJSON FeatureCollection with points and the centre polygon', async () => {
    const response = await t.app.inject('/api/v1/vallentuna/places.geojson?limit=2000');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    const collection = response.json<FeatureCollection>();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.truncated).toBe(false);
    const station = collection.features.find((f) => f.properties.slug === 'vallentuna-station');
    expect(station).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [18.07655, 59.53428] }, properties: { name: 'Vallentuna station', url: '/vallentuna/platser/vallentuna-station' } });
    const centre = collection.features.find((f) => f.properties.slug === 'vallentuna-centrum');
    expect(centre?.geometry.type).toBe('Polygon');
    expect(centre?.id).toBe(demoId('place:centrum'));
  });

  it('filters by bbox: keeps places inside and polygons that only overlap the box, drops the rest', async () => {
    // A small box north-east of Kulturhuset's point, inside the centre polygon's outline only.
    const overlap = await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=18.0805,59.5345,18.0900,59.5400');
    const slugs = overlap.json<FeatureCollection>().features.map((f) => f.properties.slug);
    expect(slugs).toContain('vallentuna-centrum');
    expect(slugs).not.toContain('vallentuna-station');
    expect(slugs).not.toContain('parken-vid-vallentunasjon');
    // The park lies south-west of the centre.
    const park = await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=18.0690,59.5300,18.0720,59.5310');
    expect(park.json<FeatureCollection>().features.map((f) => f.properties.slug)).toEqual(['parken-vid-vallentunasjon']);
    const nowhere = await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=20,65,21,66');
    expect(nowhere.json<FeatureCollection>().features).toEqual([]);
    const all = (await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=18,59,19,60&limit=2000')).json<FeatureCollection>();
    expect(all.features.length).toBeGreaterThanOrEqual(5);
    expect(all.truncated).toBe(false);
    const some = (await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=18,59,19,60&limit=2')).json<FeatureCollection>();
    expect(some.features).toHaveLength(2);
    expect(some.truncated).toBe(true);
  });

  it('says when a GeoJSON answer is truncated and gives a cursor to the rest', async () => {
    const first = (await t.app.inject('/api/v1/vallentuna/places.geojson?limit=2')).json<FeatureCollection>();
    expect(first.features).toHaveLength(2);
    expect(first.truncated).toBe(true);
    expect(first.next).toEqual(expect.any(String));
    const second = (await t.app.inject(`/api/v1/vallentuna/places.geojson?limit=2&after=${encodeURIComponent(first.next!)}`)).json<FeatureCollection>();
    expect(second.features.map((f) => f.id)).not.toContain(first.features[0]!.id);
    expect(second.features.map((f) => f.properties.name) > first.features.map((f) => f.properties.name)).toBe(true);
  });

  it.each([
    ['not numbers', 'bbox=a,b,c,d'],
    ['three numbers', 'bbox=18,59,19'],
    ['min above max', 'bbox=19,59,18,60'],
    ['outside the world', 'bbox=18,59,190,60'],
    ['an empty value', 'bbox='],
    ['a zero limit', 'limit=0'],
    ['a huge limit', 'limit=100000'],
  ])('refuses a GeoJSON query with %s with 422 and a field error, like any refused input', async (_name, query) => {
    const response = await t.app.inject(`/api/v1/vallentuna/places.geojson?${query}`);
    expect(response.statusCode).toBe(422);
    const body = response.json<{ error: { code: string; fields: Record<string, { code: string; message: string }> } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toHaveLength(1);
    expect(Object.values(body.error.fields)[0]?.code).toMatch(/^places\.(bbox|limit)Invalid$/);
  });

  it('serves the map island and the Leaflet files it imports', async () => {
    const island = await t.app.inject('/assets/places/map.js');
    expect(island.statusCode).toBe(200);
    expect(island.headers['content-type']).toContain('javascript');
    const imports = [...island.body.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
    expect(imports).toContain('/assets/vendor/leaflet/leaflet-src.esm.js');
    for (const url of [...imports, '/assets/vendor/leaflet/leaflet.css', '/assets/kernel/places.css']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
    expect((await t.app.inject('/assets/islands.js')).body).toContain('"map":"/assets/places/map.js"');
  });

  it('lists places as JSON with their geometry and H3 cell', async () => {
    const response = await t.app.inject('/api/v1/vallentuna/places');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ data: { slug: string; h3Cell: string; geometry: { type: string }; lat: number }[]; next: string | null }>();
    const kulturhuset = body.data.find((p) => p.slug === 'kulturhuset');
    expect(kulturhuset?.lat).toBe(59.53452);
    expect(kulturhuset?.h3Cell).toMatch(/^89[0-9a-f]{13}$/);
    expect(kulturhuset?.geometry.type).toBe('Point');
    expect((await t.app.inject('/api/v1/vallentuna/places/kulturhuset')).json<{ data: { name: string } }>().data.name).toBe('Kulturhuset');
    expect((await t.app.inject('/api/v1/vallentuna/places/nej')).statusCode).toBe(404);
  });
});

describe.each(dialects)('staff places editor on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function auditActions(entityId: string): Promise<string[]> {
    const rows = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute();
    return rows.map((r) => r.action);
  }

  it('sends someone who is not signed in to the sign-in page', async () => {
    const response = await t.app.inject('/vallentuna/admin/platser');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/logga-in\?/);
  });

  it('hides the editor from a volunteer with 404, also for posts', async () => {
    const client = new TestClient(t.app);
    await client.signIn(volunteer);
    expect((await client.get('/vallentuna/admin/platser')).statusCode).toBe(404);
    expect((await client.get('/vallentuna/admin/platser/ny')).statusCode).toBe(404);
    const page = await client.get('/vallentuna/platser');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const created = await client.post('/vallentuna/admin/platser', { _csrf: token, name: 'Smygplats', lat: '59.5', lon: '18.0' });
    expect(created.statusCode).toBe(404);
    const removed = await client.post(`/vallentuna/admin/platser/${demoId('place:station')}/ta-bort`, { _csrf: token });
    expect(removed.statusCode).toBe(404);
    expect((await t.app.inject('/vallentuna/platser/vallentuna-station')).statusCode).toBe(200);
  });

  it('lets a coordinator create a place with the map picker fields, and audits it', async () => {
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    const form = await client.get('/vallentuna/admin/platser/ny');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-pick-lat="lat"');
    expect(form.body).toContain('data-pick-lon="lon"');
    expect(form.body).toContain('data-pick-choose="place-copy-from"');
    expect(form.body).toContain('data-lat="59.53452"');
    const response = await client.submitForm('/vallentuna/admin/platser/ny', '/vallentuna/admin/platser', {
      name: 'Fritidsgården Åby',
      description: 'Fritidsgård med kvällsöppet.',
      lat: '59,5401',
      lon: '18.0612',
      polygon: '',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/vallentuna/admin/platser');
    const list = await client.get('/vallentuna/admin/platser');
    expect(list.body).toContain('Platsen har lagts till.');
    expect(list.body).toContain('Fritidsgården Åby');
    const detail = await t.app.inject('/vallentuna/platser/fritidsgarden-aby');
    expect(detail.statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('places').select(['id', 'h3_cell', 'lat']).where('slug', '=', 'fritidsgarden-aby').executeTakeFirstOrThrow();
    expect(Number(row.lat)).toBe(59.5401);
    expect(await auditActions(row.id)).toEqual(['places.place_created']);
  });

  it('re-renders the form with 422, an error summary and the typed values when input is wrong', async () => {
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    const response = await client.submitForm('/vallentuna/admin/platser/ny', '/vallentuna/admin/platser', {
      name: 'Felplats',
      description: 'Behålls',
      lat: '18.07',
      lon: '59.53',
      polygon: '',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('error-summary');
    expect(response.body).toContain('Punkten ligger utanför Sverige');
    expect(response.body).toContain('value="Felplats"');
    expect(response.body).toContain('value="18.07"');
    expect(response.body).toContain('>Behålls</textarea>');
    const junkPolygon = await client.submitForm('/vallentuna/admin/platser/ny', '/vallentuna/admin/platser', { name: 'Yta', lat: '59.5', lon: '18.0', polygon: '{"type":"Polygon"' });
    expect(junkPolygon.statusCode).toBe(422);
    expect(junkPolygon.body).toContain('Ytan kunde inte läsas');
    expect(junkPolygon.body).toContain('{&quot;type&quot;:&quot;Polygon&quot;</textarea>');
  });

  it('edits a place into an area and back, with audit rows for each change', async () => {
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    const id = demoId('place:kulturhuset');
    const form = await client.get(`/vallentuna/admin/platser/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Kulturhuset"');
    const polygon = JSON.stringify({ type: 'Polygon', coordinates: [[[18.08, 59.534], [18.081, 59.534], [18.081, 59.535], [18.08, 59.535]]] });
    const edited = await client.submitForm(`/vallentuna/admin/platser/${id}`, `/vallentuna/admin/platser/${id}`, { name: 'Kulturhuset', description: 'Nytt', lat: '59.5345', lon: '18.0805', polygon });
    expect(edited.statusCode).toBe(303);
    const collection = (await t.app.inject('/api/v1/vallentuna/places.geojson?bbox=18.0809,59.5349,18.0812,59.5352')).json<FeatureCollection>();
    expect(collection.features.find((f) => f.id === id)?.geometry.type).toBe('Polygon');
    const wrong = await client.submitForm(`/vallentuna/admin/platser/${id}`, `/vallentuna/admin/platser/${id}`, { name: '', description: '', lat: 'x', lon: '18', polygon: '' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Skriv latitud som ett tal');
    expect(await auditActions(id)).toEqual(['places.place_created', 'places.place_updated']);
    expect((await client.get(`/vallentuna/admin/platser/${demoId('place:finns-inte')}`)).statusCode).toBe(404);
  });

  it('deletes a place only after the confirmation page, and audits it', async () => {
    const client = new TestClient(t.app);
    await client.signIn(coordinator);
    const id = demoId('place:ekebyparken');
    const confirm = await client.get(`/vallentuna/admin/platser/${id}/ta-bort`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Ta bort Parken vid Vallentunasjön?');
    expect((await t.app.inject('/vallentuna/platser/parken-vid-vallentunasjon')).statusCode).toBe(200);
    const removed = await client.submitForm(`/vallentuna/admin/platser/${id}/ta-bort`, `/vallentuna/admin/platser/${id}/ta-bort`, {});
    expect(removed.statusCode).toBe(303);
    expect((await t.app.inject('/vallentuna/platser/parken-vid-vallentunasjon')).statusCode).toBe(404);
    expect(await auditActions(id)).toEqual(['places.place_created', 'places.place_deleted']);
    expect((await client.submitForm('/vallentuna/admin/platser', `/vallentuna/admin/platser/${id}/ta-bort`, {})).statusCode).toBe(404);
  });

  it('shows the editor in English too', async () => {
    const client = new TestClient(t.app);
    await client.get('/sprak?till=en&tillbaka=%2F');
    await client.signIn(coordinator);
    const page = await client.get('/vallentuna/admin/platser/ny');
    expect(page.body).toContain('Take the position from another place');
    expect(page.body).toContain('No background map is set up');
  });
});
