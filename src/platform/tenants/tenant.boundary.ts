// A kommun's boundary: a GeoJSON Polygon or MultiPolygon in WGS84, checked on the way in so that
// maps can fit it and "is this point in the kommun" can trust it. Pure functions, no SQL.

export type Position = [number, number];
export type BoundaryGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface BoundaryBounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** One set of limits for the schema, the form's hint and the tests. */
export const boundaryLimits = {
  /** A pasted boundary (a form field) and an uploaded .geojson file. */
  pastedChars: 100_000,
  fileBytes: 1_000_000,
  /** Enough for a kommun outline simplified to a few metres; more only slows every check. */
  positions: 20_000,
  source: 300,
} as const;

export type BoundaryProblem =
  | 'tenants.boundary.invalidJson'
  | 'tenants.boundary.wrongType'
  | 'tenants.boundary.ringTooShort'
  | 'tenants.boundary.ringNotClosed'
  | 'tenants.boundary.outOfRange'
  | 'tenants.boundary.tooLarge';

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && (value.length === 2 || value.length === 3) && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function checkRing(ring: unknown, count: { positions: number }): Position[] | BoundaryProblem {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return 'tenants.boundary.wrongType';
  if (ring.length < 4) return 'tenants.boundary.ringTooShort';
  count.positions += ring.length;
  if (count.positions > boundaryLimits.positions) return 'tenants.boundary.tooLarge';
  for (const [lon, lat] of ring) {
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return 'tenants.boundary.outOfRange';
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'tenants.boundary.ringNotClosed';
  // Heights (a third number) mean nothing for a boundary; they are dropped.
  return ring.map(([lon, lat]) => [lon, lat] as Position);
}

function checkPolygon(polygon: unknown, count: { positions: number }): Position[][] | BoundaryProblem {
  if (!Array.isArray(polygon) || polygon.length === 0) return 'tenants.boundary.wrongType';
  const rings: Position[][] = [];
  for (const ring of polygon) {
    const checked = checkRing(ring, count);
    if (typeof checked === 'string') return checked;
    rings.push(checked);
  }
  return rings;
}

/**
 * Reads a boundary from GeoJSON text: a Polygon or MultiPolygon geometry, or a Feature (or a
 * FeatureCollection of exactly one Feature) holding one, as map tools export them. Rings must be
 * closed, have four positions or more and lie within WGS84's ranges.
 */
export function parseBoundary(text: string): BoundaryGeometry | BoundaryProblem {
  if (text.length > boundaryLimits.fileBytes) return 'tenants.boundary.tooLarge';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'tenants.boundary.invalidJson';
  }
  const object = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  let geometry = object(value);
  if (geometry.type === 'FeatureCollection' && Array.isArray(geometry.features) && geometry.features.length === 1) geometry = object(geometry.features[0]);
  if (geometry.type === 'Feature') geometry = object(geometry.geometry);
  const count = { positions: 0 };
  if (geometry.type === 'Polygon') {
    const rings = checkPolygon(geometry.coordinates, count);
    return typeof rings === 'string' ? rings : { type: 'Polygon', coordinates: rings };
  }
  if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates) && geometry.coordinates.length > 0) {
    const polygons: Position[][][] = [];
    for (const polygon of geometry.coordinates) {
      const rings = checkPolygon(polygon, count);
      if (typeof rings === 'string') return rings;
      polygons.push(rings);
    }
    return { type: 'MultiPolygon', coordinates: polygons };
  }
  return 'tenants.boundary.wrongType';
}

function polygonsOf(geometry: BoundaryGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function boundsOfBoundary(geometry: BoundaryGeometry): BoundaryBounds {
  const bounds = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of polygonsOf(geometry)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      bounds.minLon = Math.min(bounds.minLon, lon);
      bounds.maxLon = Math.max(bounds.maxLon, lon);
      bounds.minLat = Math.min(bounds.minLat, lat);
      bounds.maxLat = Math.max(bounds.maxLat, lat);
    }
  }
  return bounds;
}

export function countPositions(geometry: BoundaryGeometry): number {
  return polygonsOf(geometry).reduce((sum, polygon) => sum + polygon.reduce((s, ring) => s + ring.length, 0), 0);
}

function isOnSegment(lon: number, lat: number, a: Position, b: Position): boolean {
  const cross = (b[0] - a[0]) * (lat - a[1]) - (b[1] - a[1]) * (lon - a[0]);
  if (Math.abs(cross) > 1e-12) return false;
  return lon >= Math.min(a[0], b[0]) && lon <= Math.max(a[0], b[0]) && lat >= Math.min(a[1], b[1]) && lat <= Math.max(a[1], b[1]);
}

/** -1 outside, 0 on the ring's edge, 1 inside (even-odd ray casting). */
function ringSide(ring: Position[], lon: number, lat: number): -1 | 0 | 1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (isOnSegment(lon, lat, a, b)) return 0;
    if (a[1] > lat !== b[1] > lat && lon < ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 1 : -1;
}

/**
 * Whether a point lies in the boundary: inside one polygon's outer ring and in none of its holes.
 * A point on an edge counts as inside (a report on the boundary road belongs to the kommun); a
 * point on a hole's edge too. Degrees are treated as plane coordinates, which is exact enough at
 * a kommun's scale.
 */
export function isPointInBoundary(geometry: BoundaryGeometry, point: { lat: number; lon: number }): boolean {
  const { lat, lon } = point;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    if (!outer || ringSide(outer, lon, lat) < 0) continue;
    if (holes.some((hole) => ringSide(hole, lon, lat) > 0)) continue;
    return true;
  }
  return false;
}
