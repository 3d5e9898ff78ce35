// Positions: distance, the box around a point, the rounded position sensitive categories show,
// and the kommun's boundary, read once per change of the kommun rather than once per report.
import { latLngToCell } from 'h3-js';
import type { AppContext } from '../../platform/context.js';
import { findKommunBoundary, isPointInBoundary, type Kommun } from '../../platform/tenants/index.js';

const metresPerDegreeLat = 111_320;

export interface Point {
  lat: number;
  lon: number;
}

export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The box holding every point within `metres` of `point` (a little more, never less). */
export function boxAround(point: Point, metres: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = metres / metresPerDegreeLat;
  const dLon = metres / (metresPerDegreeLat * Math.max(0.01, Math.cos((point.lat * Math.PI) / 180)));
  return { minLat: point.lat - dLat, maxLat: point.lat + dLat, minLon: point.lon - dLon, maxLon: point.lon + dLon };
}

/**
 * The centre of the grid square holding the point, squares `metres` wide: what the public sees of
 * a sensitive report. Every report in a square shows at the same spot, so the exact place cannot
 * be read from it. The longitude step is taken at the square's latitude band, so it is stable.
 */
export function roundToGrid(point: Point, metres: number): Point {
  const latStep = metres / metresPerDegreeLat;
  const band = Math.floor(point.lat / latStep);
  const lat = (band + 0.5) * latStep;
  const lonStep = metres / (metresPerDegreeLat * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const lon = (Math.floor(point.lon / lonStep) + 0.5) * lonStep;
  return { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) };
}

export function h3CellOf(point: Point): string {
  return latLngToCell(point.lat, point.lon, 9);
}

export function isValidPoint(point: Point): boolean {
  return Number.isFinite(point.lat) && Number.isFinite(point.lon) && Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180;
}

// The kommun's boundary is checked for every report; reading and parsing it each time would cost
// more than the rest of a submission. The kommun's updatedAt changes with its boundary.
const boundaries = new WeakMap<AppContext, Map<string, { updatedAt: string; check: (p: Point) => 'inside' | 'outside' | 'unknown' }>>();

export async function locateInKommun(ctx: AppContext, kommun: Kommun, point: Point): Promise<'inside' | 'outside' | 'unknown'> {
  const bounds = kommun.boundary?.bounds;
  if (bounds) {
    if (point.lon < bounds.minLon || point.lon > bounds.maxLon || point.lat < bounds.minLat || point.lat > bounds.maxLat) return 'outside';
  }
  let cache = boundaries.get(ctx);
  if (!cache) boundaries.set(ctx, (cache = new Map()));
  const cached = cache.get(kommun.id);
  if (cached && cached.updatedAt === kommun.updatedAt) return cached.check(point);
  const geometry = await findKommunBoundary(ctx.db, kommun.id);
  const check = geometry ? (p: Point) => (isPointInBoundary(geometry, p) ? ('inside' as const) : ('outside' as const)) : () => 'unknown' as const;
  cache.set(kommun.id, { updatedAt: kommun.updatedAt, check });
  return check(point);
}
