import { z } from 'zod';

export const placeLimits = { name: 120, slug: 120, description: 2000, polygonPoints: 500 } as const;

// Sweden with a margin: a point outside this box is almost certainly a typo (swapped lat/lon).
export const swedenBounds = { minLat: 55.0, maxLat: 69.2, minLon: 10.5, maxLon: 24.3 } as const;

/** Form text to a number: accepts the Swedish decimal comma; blank or junk stays a non-number. */
function decimal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : value;
}

export const latitude = z.preprocess(decimal, z
  .number({ error: 'places.latInvalid' })
  .min(swedenBounds.minLat, 'places.outsideSweden')
  .max(swedenBounds.maxLat, 'places.outsideSweden'));
export const longitude = z.preprocess(decimal, z
  .number({ error: 'places.lonInvalid' })
  .min(swedenBounds.minLon, 'places.outsideSweden')
  .max(swedenBounds.maxLon, 'places.outsideSweden'));

/** A GeoJSON Polygon ring as [lon, lat] pairs (GeoJSON order). */
export const polygonRing = z
  .array(z.tuple([longitude, latitude]))
  .min(4, 'places.polygonTooSmall')
  .max(placeLimits.polygonPoints, 'places.polygonTooLarge');

export const placeInputSchema = z.object({
  name: z.string().trim().min(1).max(placeLimits.name),
  description: z.string().trim().max(placeLimits.description).default(''),
  lat: latitude,
  lon: longitude,
  /** Optional outline as GeoJSON text; when given, lat/lon is its label point. */
  polygon: z.string().trim().max(50_000).default(''),
});

export type PlaceInput = z.output<typeof placeInputSchema>;
