import { latLngToCell } from 'h3-js';

/** Resolution 9 cells are about 0.1 km²: fine enough for a square or a park, coarse enough to aggregate. */
export const h3Resolution = 9;

export function h3CellOf(lat: number, lon: number): string {
  return latLngToCell(lat, lon, h3Resolution);
}

export interface Bounds {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export function boundsOfRing(ring: [number, number][]): Bounds {
  const lons = ring.map(([lon]) => lon);
  const lats = ring.map(([, lat]) => lat);
  return { minLat: Math.min(...lats), minLon: Math.min(...lons), maxLat: Math.max(...lats), maxLon: Math.max(...lons) };
}

/** Closes a ring if the last point differs from the first, as GeoJSON requires. */
export function closeRing(ring: [number, number][]): [number, number][] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) return [...ring, first];
  return ring;
}

export function pointGeoJson(lat: number, lon: number): string {
  return JSON.stringify({ type: 'Point', coordinates: [lon, lat] });
}

export function polygonGeoJson(ring: [number, number][]): string {
  return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
}
