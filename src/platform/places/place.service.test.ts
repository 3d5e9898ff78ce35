import { kommunActor } from '../../../test/actors.js';
import { addKommun } from '../../../test/factories.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCell, getResolution, cellToLatLng } from 'h3-js';
import { createTestContext, dialects, type TestContext } from '../../../test/databases.js';
import { seedDemo } from '../demo.js';
import type { Actor } from '../auth/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { parseInput } from '../http/forms.js';
import { parseBbox } from './place.presenter.js';
import { findPlaceById, findPlaceNames, findPlacePoint, listPlaces, listPlacesInBox } from './place.repository.js';
import { placeInputSchema } from './place.schemas.js';
import { createPlace, editPlace, geometryOf, removePlace, slugifyPlace } from './place.service.js';

const ring: [number, number][] = [
  [18.1, 59.5],
  [18.2, 59.5],
  [18.2, 59.6],
  [18.1, 59.6],
];

describe('place geometry and input', () => {

  it('reads a GeoJSON Polygon, closes its ring and takes its bounding box', () => {
    const geometry = geometryOf({ lat: 59.55, lon: 18.15, polygon: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) });
    expect(geometry.geometryType).toBe('polygon');
    const stored = JSON.parse(geometry.geojson) as { type: string; coordinates: number[][][] };
    expect(stored.type).toBe('Polygon');
    expect(stored.coordinates[0]).toHaveLength(5);
    expect(stored.coordinates[0]![4]).toEqual([18.1, 59.5]);
    expect(geometry).toMatchObject({ minLat: 59.5, maxLat: 59.6, minLon: 18.1, maxLon: 18.2, lat: 59.55, lon: 18.15 });
  });

  it('also reads a bare ring of [lon, lat] pairs', () => {
    expect(geometryOf({ lat: 59.55, lon: 18.15, polygon: JSON.stringify(ring) }).geometryType).toBe('polygon');
  });

  it('stores a point when no outline is given', () => {
    const geometry = geometryOf({ lat: 59.53, lon: 18.08, polygon: '' });
    expect(geometry).toMatchObject({ geometryType: 'point', minLat: 59.53, maxLat: 59.53, minLon: 18.08, maxLon: 18.08 });
    expect(JSON.parse(geometry.geojson)).toEqual({ type: 'Point', coordinates: [18.08, 59.53] });
  });

  it.each([
    ['text that is not JSON', '{"type":'],
    ['too few corners', JSON.stringify({ type: 'Polygon', coordinates: [[[18.1, 59.5], [18.2, 59.5]]] })],
    ['corners outside Sweden', JSON.stringify({ type: 'Polygon', coordinates: [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]] })],
    ['lat and lon swapped', JSON.stringify({ type: 'Polygon', coordinates: [ring.map(([lon, lat]) => [lat, lon])] })],
    ['corners that are not numbers', JSON.stringify({ type: 'Polygon', coordinates: [[['a', 'b'], [18.2, 59.5], [18.2, 59.6], [18.1, 59.5]]] })],
    ['another geometry type', JSON.stringify({ type: 'LineString', coordinates: ring })],
  ])('refuses an outline with %s as a polygon field error', (_name, polygon) => {
    try {
      geometryOf({ lat: 59.55, lon: 18.15, polygon });
      expect.unreachable('geometryOf accepted a bad outline');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual({ polygon: 'places.polygonInvalid' });
    }
  });

  it('keeps points to Sweden and explains swapped coordinates', () => {
    expect(() => parseInput(placeInputSchema, { name: 'X', lat: '18.08', lon: '59.53' })).toThrow(ValidationError);
    try {
      parseInput(placeInputSchema, { name: 'X', lat: '18.08', lon: '59.53' });
    } catch (error) {
      expect((error as ValidationError).fields).toEqual({ lat: 'places.outsideSweden', lon: 'places.outsideSweden' });
    }
    expect(parseInput(placeInputSchema, { name: 'Norr', lat: '67.85', lon: '20.22' })).toMatchObject({ lat: 67.85, lon: 20.22 });
  });

  it('accepts the Swedish decimal comma and refuses blanks and words', () => {
    expect(parseInput(placeInputSchema, { name: 'X', lat: ' 59,534 ', lon: '18,078' })).toMatchObject({ lat: 59.534, lon: 18.078 });
    try {
      parseInput(placeInputSchema, { name: 'X', lat: '', lon: 'norr' });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).fields).toEqual({ lat: 'places.latInvalid', lon: 'places.lonInvalid' });
    }
  });

  it('makes readable slugs from Swedish names', () => {
    expect(slugifyPlace('Torggatan, gången vid Coop och Ica')).toBe('torggatan-gangen-vid-coop-och-ica');
    expect(slugifyPlace('!!!')).toBe('plats');
  });

  it('parses a bbox in west,south,east,north order and refuses anything else', () => {
    expect(parseBbox('18.07,59.53,18.09,59.54')).toEqual({ minLon: 18.07, minLat: 59.53, maxLon: 18.09, maxLat: 59.54 });
    for (const junk of ['', '1,2,3', '1,2,3,4,5', '18,60,19,59', 'NaN,1,2,3', '1e2,1,2,3', '181,0,182,1', '0,-91,1,0', undefined, ['1,2,3,4']]) {
      expect(parseBbox(junk)).toBeNull();
    }
  });
});

describe.each(dialects)('places service on %s', (dialect) => {
  let ctx: TestContext;
  let kommunId: string;
  let coordinator: Actor;
  let volunteer: Actor;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedDemo(ctx);
    kommunId = seed.kommunId;
    coordinator = kommunActor(seed, 'coordinator', 'coordinator');
    volunteer = kommunActor(seed, 'volunteer', 'volunteer');
  });
  afterAll(async () => ctx.destroy());

  it('names the kommun’s places among the ids asked for, in one read, and nothing of another kommun', async () => {
    const [first, second] = await listPlaces(ctx.db, kommunId, { limit: 2 });
    const elsewhere = await ctx.db.selectFrom('places').select('id').where('kommun_id', '!=', kommunId).executeTakeFirst();
    const names = await findPlaceNames(ctx.db, kommunId, [first!.id, second!.id, first!.id, '00000000-0000-7000-8000-000000000000', ...(elsewhere ? [elsewhere.id] : [])]);
    expect([...names.entries()].sort()).toEqual([[first!.id, first!.name], [second!.id, second!.name]].sort());
    expect(await findPlaceNames(ctx.db, kommunId, [])).toEqual(new Map());
  });

  it('gives a place’s name and position for a report, and nothing for another kommun asking for it', async () => {
    const [place] = await listPlaces(ctx.db, kommunId, { limit: 1 });
    const full = await findPlaceById(ctx.db, kommunId, place!.id);
    expect(await findPlacePoint(ctx.db, kommunId, place!.id)).toEqual({ id: full!.id, name: full!.name, lat: full!.lat, lon: full!.lon });
    expect(typeof (await findPlacePoint(ctx.db, kommunId, place!.id))?.lat).toBe('number');
    const otherKommunId = await addKommun(ctx.db, { slug: 'punkt-annan', name: 'Annan kommun' });
    expect(await findPlacePoint(ctx.db, otherKommunId, place!.id)).toBeUndefined();
    expect(await findPlacePoint(ctx.db, kommunId, '00000000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('gives every place the resolution 9 H3 cell of its label point', async () => {
    const place = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Busstorget', lat: '59.5335', lon: '18.0772' }));
    expect(isValidCell(place.h3Cell)).toBe(true);
    expect(getResolution(place.h3Cell)).toBe(9);
    const [lat, lon] = cellToLatLng(place.h3Cell);
    expect(Math.abs(lat - 59.5335)).toBeLessThan(0.01);
    expect(Math.abs(lon - 18.0772)).toBeLessThan(0.01);
  });

  it('finds a polygon whose outline overlaps the box even when its label point is outside it', async () => {
    const created = await createPlace(
      ctx,
      coordinator,
      kommunId,
      parseInput(placeInputSchema, { name: 'Stora fältet', lat: '59.55', lon: '18.15', polygon: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) }),
    );
    const corner = { minLon: 18.19, minLat: 59.59, maxLon: 18.3, maxLat: 59.7 };
    expect((await listPlaces(ctx.db, kommunId, { limit: 50, bbox: corner })).map((p) => p.id)).toEqual([created.id]);
    const inside = { minLon: 18.14, minLat: 59.54, maxLon: 18.16, maxLat: 59.56 };
    expect((await listPlaces(ctx.db, kommunId, { limit: 50, bbox: inside })).map((p) => p.id)).toEqual([created.id]);
    const beside = { minLon: 18.21, minLat: 59.5, maxLon: 18.3, maxLat: 59.6 };
    expect(await listPlaces(ctx.db, kommunId, { limit: 50, bbox: beside })).toEqual([]);
    // The map's query answers the same, without the alphabetical sort.
    expect((await listPlacesInBox(ctx.db, kommunId, corner, 50)).map((p) => p.id)).toEqual([created.id]);
    expect(await listPlacesInBox(ctx.db, kommunId, beside, 50)).toEqual([]);
  });

  it('moves the H3 cell and the box with the shape when a place is edited', async () => {
    const place = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Flyttbar', lat: '59.53', lon: '18.08' }));
    const moved = await editPlace(ctx, coordinator, kommunId, place.id, parseInput(placeInputSchema, { name: 'Flyttbar', lat: '59.60', lon: '18.20' }));
    expect(moved.h3Cell).not.toBe(place.h3Cell);
    expect(await listPlaces(ctx.db, kommunId, { limit: 50, bbox: { minLon: 18.19, minLat: 59.59, maxLon: 18.21, maxLat: 59.61 } })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: place.id })]),
    );
    const rows = await ctx.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_id', '=', place.id).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['places.place_created', 'places.place_updated']);
    expect(JSON.parse(rows[1]!.before_json!)).toMatchObject({ lat: 59.53 });
    expect(JSON.parse(rows[1]!.after_json!)).toMatchObject({ lat: 59.6 });
  });

  it('gives a second place with the same name its own address', async () => {
    const first = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Lekplatsen', lat: '59.53', lon: '18.08' }));
    const second = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Lekplatsen', lat: '59.54', lon: '18.09' }));
    expect(first.slug).toBe('lekplatsen');
    expect(second.slug).toBe('lekplatsen-2');
  });

  it('refuses a volunteer and leaves nothing behind', async () => {
    const input = parseInput(placeInputSchema, { name: 'Inte tillåten', lat: '59.53', lon: '18.08' });
    await expect(createPlace(ctx, volunteer, kommunId, input)).rejects.toBeInstanceOf(ForbiddenError);
    const place = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Skyddad', lat: '59.53', lon: '18.08' }));
    await expect(editPlace(ctx, volunteer, kommunId, place.id, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removePlace(ctx, volunteer, kommunId, place.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await findPlaceById(ctx.db, kommunId, place.id))?.name).toBe('Skyddad');
    const names = (await listPlaces(ctx.db, kommunId, { limit: 500 })).map((p) => p.name);
    expect(names).not.toContain('Inte tillåten');
  });

  it('answers NotFound for a place of another kommun or one already removed', async () => {
    const place = await createPlace(ctx, coordinator, kommunId, parseInput(placeInputSchema, { name: 'Tillfällig', lat: '59.53', lon: '18.08' }));
    await expect(removePlace(ctx, coordinator, 'another-kommun', place.id)).rejects.toBeInstanceOf(NotFoundError);
    await removePlace(ctx, coordinator, kommunId, place.id);
    await expect(removePlace(ctx, coordinator, kommunId, place.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages alphabetically through all places without repeats or gaps', async () => {
    const all = await listPlaces(ctx.db, kommunId, { limit: 1000 });
    const seen: string[] = [];
    let after: { name: string; id: string } | undefined;
    for (;;) {
      const page = await listPlaces(ctx.db, kommunId, { limit: 3, after });
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.id));
      const last = page[page.length - 1]!;
      after = { name: last.name, id: last.id };
    }
    expect(seen).toEqual(all.map((p) => p.id));
    expect(new Set(seen).size).toBe(seen.length);
    // And the order is alphabetical by name (then id), as the keyset walks it.
    const byId = new Map(all.map((p) => [p.id, p]));
    const walked = seen.map((id) => byId.get(id)!);
    const sorted = [...walked].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(walked.map((p) => p.id)).toEqual(sorted.map((p) => p.id));
    expect(walked.length).toBeGreaterThan(3);
  });
});
