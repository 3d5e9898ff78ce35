// Named places of a kommun. Every later module links its records to places, so the service is
// part of the kernel; it validates geometry, keeps the H3 cell and bounding box in step with the
// shape, and audits every change.
import { canIn, requirePermissionIn, type Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { boundsOfRing, closeRing, h3CellOf, pointGeoJson, polygonGeoJson } from './place.geometry.js';
import type { Bounds } from './place.geometry.js';
import { encodePlaceCursor, placePaging } from './place.presenter.js';
import { deletePlace, findPlaceById, findPlaceBySlug, insertPlace, listPlaceSummaries, listPlaces, listPlacesInBox, placeSlugTaken, updatePlace, type Place, type PlaceSummary } from './place.repository.js';
import { placeLimits, polygonRing, type PlaceInput } from './place.schemas.js';
import { slugify } from '../validation/slug.js';

export function slugifyPlace(name: string): string {
  return slugify(name, placeLimits.slug, 'plats');
}

interface Geometry {
  geometryType: 'point' | 'polygon';
  geojson: string;
  lat: number;
  lon: number;
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/** Parses the optional outline; throws a field error that the form shows next to the outline box. */
export function geometryOf(input: Pick<PlaceInput, 'lat' | 'lon' | 'polygon'>): Geometry {
  if (!input.polygon) {
    return { geometryType: 'point', geojson: pointGeoJson(input.lat, input.lon), lat: input.lat, lon: input.lon, minLat: input.lat, minLon: input.lon, maxLat: input.lat, maxLon: input.lon };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(input.polygon);
  } catch {
    throw new ValidationError({ polygon: 'places.polygonInvalid' });
  }
  const coordinates = (raw as { type?: unknown; coordinates?: unknown })?.type === 'Polygon' ? ((raw as { coordinates: unknown[] }).coordinates[0] as unknown) : raw;
  const parsed = polygonRing.safeParse(Array.isArray(coordinates) ? closeRing(coordinates as [number, number][]) : coordinates);
  if (!parsed.success) throw new ValidationError({ polygon: 'places.polygonInvalid' });
  const ring = parsed.data as [number, number][];
  const bounds = boundsOfRing(ring);
  return { geometryType: 'polygon', geojson: polygonGeoJson(ring), lat: input.lat, lon: input.lon, ...bounds };
}

function auditView(place: Place | undefined) {
  return place ? { name: place.name, slug: place.slug, description: place.description, geometryType: place.geometryType, lat: place.lat, lon: place.lon } : undefined;
}

export async function createPlace(ctx: AppContext, actor: Actor | null, kommunId: string, input: PlaceInput, options: { id?: string; now?: Date; system?: boolean } = {}): Promise<Place> {
  if (!options.system) requirePermissionIn(actor, kommunId, 'places.manage');
  const geometry = geometryOf(input);
  const now = (options.now ?? new Date()).toISOString();
  const id = options.id ?? newId();
  return inTransaction(ctx, async ({ trx }) => {
    let slug = slugifyPlace(input.name);
    for (let n = 2; await placeSlugTaken(trx, kommunId, slug); n += 1) slug = `${slugifyPlace(input.name)}-${n}`;
    await insertPlace(trx, {
      id,
      kommun_id: kommunId,
      name: input.name,
      slug,
      description: input.description,
      geometry_type: geometry.geometryType,
      lat: geometry.lat,
      lon: geometry.lon,
      geojson: geometry.geojson,
      min_lat: geometry.minLat,
      min_lon: geometry.minLon,
      max_lat: geometry.maxLat,
      max_lon: geometry.maxLon,
      h3_cell: h3CellOf(geometry.lat, geometry.lon),
      created_at: now,
      updated_at: now,
    });
    const place = await findPlaceById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor?.userId ?? null, kommunId, organisationId: kommunId, action: 'places.place_created', entityType: 'place', entityId: id, after: auditView(place) }, now);
    return place!;
  });
}

export async function editPlace(ctx: AppContext, actor: Actor | null, kommunId: string, id: string, input: PlaceInput): Promise<Place> {
  requirePermissionIn(actor, kommunId, 'places.manage');
  const geometry = geometryOf(input);
  const now = new Date().toISOString();
  return inTransaction(ctx, async ({ trx }) => {
    const before = await findPlaceById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    await updatePlace(trx, kommunId, id, {
      name: input.name,
      description: input.description,
      geometry_type: geometry.geometryType,
      lat: geometry.lat,
      lon: geometry.lon,
      geojson: geometry.geojson,
      min_lat: geometry.minLat,
      min_lon: geometry.minLon,
      max_lat: geometry.maxLat,
      max_lon: geometry.maxLon,
      h3_cell: h3CellOf(geometry.lat, geometry.lon),
      updated_at: now,
    });
    const after = await findPlaceById(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor?.userId ?? null, kommunId, organisationId: kommunId, action: 'places.place_updated', entityType: 'place', entityId: id, before: auditView(before), after: auditView(after) }, now);
    return after!;
  });
}

export async function removePlace(ctx: AppContext, actor: Actor | null, kommunId: string, id: string): Promise<void> {
  requirePermissionIn(actor, kommunId, 'places.manage');
  const now = new Date().toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const before = await findPlaceById(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    await deletePlace(trx, kommunId, id);
    await writeAudit(trx, { actorUserId: actor?.userId ?? null, kommunId, organisationId: kommunId, action: 'places.place_deleted', entityType: 'place', entityId: id, before: auditView(before) }, now);
  });
}

// ---- reads -----------------------------------------------------------------------------------

/** One page of the kommun's places in alphabetical order, and the cursor of the next page, if any. */
export async function listPlacesPage(ctx: AppContext, kommunId: string, size: number, after: { name: string; id: string } | undefined): Promise<{ places: Place[]; next: string | null }> {
  const rows = await listPlaces(ctx.db, kommunId, { limit: size + 1, after });
  const places = rows.slice(0, size);
  const last = places[places.length - 1];
  return { places, next: rows.length > size && last ? encodePlaceCursor(last) : null };
}

/** A page of the public list: what it shows of each place, and the cursor of the next page. */
export async function listPlaceSummariesPage(ctx: AppContext, kommunId: string, size: number, after: { name: string; id: string } | undefined): Promise<{ places: PlaceSummary[]; next: string | null }> {
  const rows = await listPlaceSummaries(ctx.db, kommunId, { limit: size + 1, after });
  const places = rows.slice(0, size);
  const last = places[places.length - 1];
  return { places, next: rows.length > size && last ? encodePlaceCursor(last) : null };
}

/** Places in a map view: as many as `limit` allows, and whether there are more (zoom in to see them). */
export async function listPlacesInView(ctx: AppContext, kommunId: string, bbox: Bounds, limit: number): Promise<{ places: Place[]; truncated: boolean }> {
  const rows = await listPlacesInBox(ctx.db, kommunId, bbox, limit + 1);
  return { places: rows.slice(0, limit), truncated: rows.length > limit };
}

export async function getPlace(ctx: AppContext, kommunId: string, slug: string): Promise<Place> {
  const place = await findPlaceBySlug(ctx.db, kommunId, slug);
  if (!place) throw new NotFoundError();
  return place;
}

/** A place for the staff editor; nobody without places.manage learns whether it exists. */
export async function getPlaceForEditing(ctx: AppContext, actor: Actor | null, kommunId: string, id: string): Promise<Place> {
  if (!canIn(actor, kommunId, 'places.manage')) throw new NotFoundError();
  const place = await findPlaceById(ctx.db, kommunId, id);
  if (!place) throw new NotFoundError();
  return place;
}

/** The places the editor offers to start from (a point near another place). */
export async function listPlaceChoices(ctx: AppContext, kommunId: string): Promise<Place[]> {
  return listPlaces(ctx.db, kommunId, { limit: placePaging.chooserSize });
}
