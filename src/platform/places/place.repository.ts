// The only file with SQL for places.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import type { PlaceTable } from '../db/tables.js';
import type { Bounds } from './place.geometry.js';

export interface Place {
  id: string;
  kommunId: string;
  name: string;
  slug: string;
  description: string;
  geometryType: PlaceTable['geometry_type'];
  lat: number;
  lon: number;
  geojson: string;
  h3Cell: string;
  updatedAt: string;
}

function toPlace(row: PlaceTable): Place {
  return {
    id: row.id,
    kommunId: row.kommun_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    geometryType: row.geometry_type,
    lat: Number(row.lat),
    lon: Number(row.lon),
    geojson: row.geojson,
    h3Cell: row.h3_cell,
    updatedAt: row.updated_at,
  };
}

export async function insertPlace(db: Db, row: PlaceTable): Promise<void> {
  await db.insertInto('places').values(row).execute();
}

export async function updatePlace(db: Db, kommunId: string, id: string, changes: Partial<Omit<PlaceTable, 'id' | 'kommun_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('places').set(changes).where('kommun_id', '=', kommunId).where('id', '=', id).execute();
}

export async function deletePlace(db: Db, kommunId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('places').where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Prepared once (db/prepared.ts).
const selectPlaceById = preparedQuery((db, v: { kommunId: string; id: string }) => db.selectFrom('places').selectAll().where('kommun_id', '=', v.kommunId).where('id', '=', v.id));

export async function findPlaceById(db: Db, kommunId: string, id: string): Promise<Place | undefined> {
  const [row] = await selectPlaceById(db, { kommunId, id });
  return row ? toPlace(row) : undefined;
}

/** A place's name and position: what a report sent from a named place needs of it. */
export type PlacePoint = Pick<Place, 'id' | 'name' | 'lat' | 'lon'>;

// Read for every report sent from a named place. Only the columns it needs: a place's outline
// (geojson) can be long enough to sit on pages of its own, which the full row reads every time.
const selectPlacePoint = preparedQuery((db, v: { kommunId: string; id: string }) => db.selectFrom('places').select(['id', 'name', 'lat', 'lon']).where('kommun_id', '=', v.kommunId).where('id', '=', v.id));

/** The kommun's place `id`, its name and position; undefined for an unknown id or another kommun's place. */
export async function findPlacePoint(db: Db, kommunId: string, id: string): Promise<PlacePoint | undefined> {
  const [row] = await selectPlacePoint(db, { kommunId, id });
  return row ? { id: row.id, name: row.name, lat: Number(row.lat), lon: Number(row.lon) } : undefined;
}

/**
 * The names of the kommun's places among `ids`, in one query: for lists that show the place of
 * each row (at most a page's worth of ids). Unknown ids and other kommuners' places are absent.
 */
export async function findPlaceNames(db: Db, kommunId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('places').select(['id', 'name']).where('kommun_id', '=', kommunId).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A name folded for a search that ignores case, the same in both databases: SQLite's lower()
 * folds only A–Z, so the capitals of Nordic names are folded by hand (as they must be on a PostgreSQL
 * database with the C locale too). The text searched for is folded in JS to match.
 */
function foldedName(name: Expression<string>): RawBuilder<string> {
  return sql<string>`replace(replace(replace(replace(replace(replace(replace(lower(${name}), 'Å', 'å'), 'Ä', 'ä'), 'Ö', 'ö'), 'Æ', 'æ'), 'Ø', 'ø'), 'É', 'é'), 'Ü', 'ü')`;
}

function foldPlaceName(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A LIKE pattern matching `text` literally (escape character: backslash). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface PlaceMatch {
  id: string;
  name: string;
  /** The whole name is the text searched for (ignoring case). */
  exact: boolean;
}

/**
 * The kommun's places whose name contains `text`, ignoring case: exact names first, then names
 * that begin with it, then the rest, each alphabetically; at most `limit`. The text is matched
 * literally (a % or _ is not a wildcard). The search reads the kommun's part of
 * places_kommun_name_idx and folds each name, which stays well under a millisecond for a few
 * thousand places; no index can serve a match inside a name.
 */
export async function searchPlacesByName(db: Db, kommunId: string, text: string, limit: number): Promise<PlaceMatch[]> {
  const folded = foldPlaceName(text);
  if (folded === '') return [];
  const literal = likeLiteral(folded);
  const rows = await db
    .selectFrom('places')
    .select(['id', 'name'])
    .select((eb) => sql<number>`case when ${foldedName(eb.ref('name'))} = ${folded} then 0 when ${foldedName(eb.ref('name'))} like ${`${literal}%`} escape '\\' then 1 else 2 end`.as('rank'))
    .where('kommun_id', '=', kommunId)
    .where((eb) => sql<SqlBool>`${foldedName(eb.ref('name'))} like ${`%${literal}%`} escape '\\'`)
    .orderBy('rank')
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, exact: Number(r.rank) === 0 }));
}

export async function findPlaceBySlug(db: Db, kommunId: string, slug: string): Promise<Place | undefined> {
  const row = await db.selectFrom('places').selectAll().where('kommun_id', '=', kommunId).where('slug', '=', slug).executeTakeFirst();
  return row ? toPlace(row) : undefined;
}

export async function placeSlugTaken(db: Db, kommunId: string, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('places').select('id').where('kommun_id', '=', kommunId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Alphabetical, keyset-paginated on (name, id). */
export async function listPlaces(db: Db, kommunId: string, options: { limit: number; after?: { name: string; id: string } | undefined; bbox?: Bounds | undefined }): Promise<Place[]> {
  let query = db.selectFrom('places').selectAll().where('kommun_id', '=', kommunId);
  const { after, bbox } = options;
  // A row-value comparison, which both databases turn into one range scan of places_kommun_name_idx.
  if (after) query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after.name, after.id)));
  if (bbox) query = overlapping(query, bbox);
  const rows = await query.orderBy('name').orderBy('id').limit(options.limit).execute();
  return rows.map(toPlace);
}

/** What the public list of places shows: a link with the name and the start of the description. */
export type PlaceSummary = Pick<Place, 'id' | 'slug' | 'name' | 'description'>;

/**
 * listPlaces with the four columns the public list shows: reading all sixteen made the query
 * three quarters of the page's database cost on SQLite (180 µs against 47 µs for 51 rows).
 */
export async function listPlaceSummaries(db: Db, kommunId: string, options: { limit: number; after?: { name: string; id: string } | undefined }): Promise<PlaceSummary[]> {
  let query = db.selectFrom('places').select(['id', 'slug', 'name', 'description']).where('kommun_id', '=', kommunId);
  const { after } = options;
  if (after) query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after.name, after.id)));
  return query.orderBy('name').orderBy('id').limit(options.limit).execute();
}

type PlaceQuery = ReturnType<typeof selectPlaces>;
function selectPlaces(db: Db) {
  return db.selectFrom('places').selectAll();
}

/** Overlap test on each place's bounding box, so outlines that cross the view edge are kept. */
function overlapping<Q extends PlaceQuery>(query: Q, bbox: Bounds): Q {
  return query
    .where('max_lat', '>=', bbox.minLat)
    .where('min_lat', '<=', bbox.maxLat)
    .where('max_lon', '>=', bbox.minLon)
    .where('min_lon', '<=', bbox.maxLon) as Q;
}

/**
 * Places whose bounding box overlaps the box, for maps: at most `limit`, in the order of
 * places_kommun_bbox_idx so the database reads that index and stops once it has enough, instead of
 * sorting every match (a whole-country view of a million places). Which places a truncated answer
 * holds is not meaningful; the caller says it is truncated and the map asks people to zoom in.
 */
export async function listPlacesInBox(db: Db, kommunId: string, bbox: Bounds, limit: number): Promise<Place[]> {
  const query = overlapping(selectPlaces(db).where('kommun_id', '=', kommunId), bbox);
  const rows = await query.orderBy('max_lat').limit(limit).execute();
  return rows.map(toPlace);
}

export async function countPlaces(db: Db, kommunId: string): Promise<number> {
  const row = await db.selectFrom('places').select((eb) => eb.fn.countAll<number>().as('n')).where('kommun_id', '=', kommunId).executeTakeFirstOrThrow();
  return Number(row.n);
}
