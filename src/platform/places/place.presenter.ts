// Turns place rows into what pages and the API show: cursors, GeoJSON features, JSON records.
import { mapFeature, type MapFeature } from '../map/map.views.js';
import type { Bounds } from './place.geometry.js';
import type { Place } from './place.repository.js';
import type { PlaceJson } from './place.schemas.js';

export const placePaging = {
  publicPageSize: 50,
  staffPageSize: 50,
  apiPageSize: 100,
  geojsonDefaultLimit: 500,
  geojsonMaxLimit: 2000,
  chooserSize: 200,
} as const;

export const placeSlugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Cursor for alphabetical keyset pagination: the (name, id) of the last row shown. */
export function encodePlaceCursor(place: Pick<Place, 'name' | 'id'>): string {
  return Buffer.from(JSON.stringify([place.name, place.id]), 'utf8').toString('base64url');
}

export function decodePlaceCursor(value: unknown): { name: string; id: string } | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 800) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') return { name: parsed[0], id: parsed[1] };
  } catch {
    return undefined;
  }
  return undefined;
}

const numberPattern = /^[-+]?\d{1,3}(\.\d{1,12})?$/;

/**
 * Parses `minLon,minLat,maxLon,maxLat` (the GeoJSON / OGC order). Returns null for anything else:
 * not four numbers, outside the world, or a minimum above its maximum.
 */
export function parseBbox(value: unknown): Bounds | null {
  if (typeof value !== 'string' || value.length > 120) return null;
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 4 || !parts.every((p) => numberPattern.test(p))) return null;
  const [minLon, minLat, maxLon, maxLat] = parts.map(Number) as [number, number, number, number];
  if ([minLon, maxLon].some((v) => v < -180 || v > 180) || [minLat, maxLat].some((v) => v < -90 || v > 90)) return null;
  if (minLon > maxLon || minLat > maxLat) return null;
  return { minLon, minLat, maxLon, maxLat };
}

export function placeUrl(kommunSlug: string, place: Pick<Place, 'slug'>): string {
  return `/${kommunSlug}/platser/${place.slug}`;
}

export function placeFeature(kommunSlug: string, place: Place): MapFeature | null {
  return mapFeature(place.geojson, { name: place.name, url: placeUrl(kommunSlug, place) }, place.id);
}

/** The feature collection the map island and API clients read. */
export function placesFeatureCollection(kommunSlug: string, places: Place[], truncated: boolean, next: string | null) {
  return {
    type: 'FeatureCollection' as const,
    features: places.flatMap((place) => {
      const feature = placeFeature(kommunSlug, place);
      return feature ? [{ ...feature, properties: { ...feature.properties, slug: place.slug, kind: place.geometryType } }] : [];
    }),
    truncated,
    next,
  };
}

export function placeJson(kommunSlug: string, place: Place): PlaceJson {
  return {
    id: place.id,
    slug: place.slug,
    name: place.name,
    description: place.description,
    geometryType: place.geometryType,
    lat: place.lat,
    lon: place.lon,
    geometry: JSON.parse(place.geojson) as PlaceJson['geometry'],
    h3Cell: place.h3Cell,
    updatedAt: place.updatedAt,
    url: placeUrl(kommunSlug, place),
  };
}

/** Coordinates as people read them: five decimals is about a metre. */
export function formatCoordinate(value: number, locale: string): string {
  return value.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: 5, maximumFractionDigits: 5 });
}

/**
 * The start of a place's description for lists: residents recognise a place by what it is, not by
 * its coordinates. Cut at a word, so a list row stays two or three lines.
 */
export function placeSummary(description: string, maxLength = 160): string {
  const text = description.replace(/\s+/g, ' ').trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxLength / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}
