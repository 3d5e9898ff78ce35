import { z } from 'zod';
import { idPattern } from '../db/ids.js';
import { decodePlaceCursor, parseBbox, placePaging, placeSlugPattern } from './place.presenter.js';

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

// ---- addresses and queries -----------------------------------------------------------------

export const placeIdParams = z.object({ id: z.string().regex(idPattern) });
export const placeSlugParams = z.object({ slug: z.string().max(placeLimits.slug + 10).regex(placeSlugPattern) });

/** The (name, id) of the last place seen; one that cannot be read means the first page. */
const placeCursor = z.string().max(800).optional().transform(decodePlaceCursor).catch(undefined).meta({ description: 'places.api.cursor' });

/** /{kommun}/platser and its staff list: the page after a place (efter). */
export const placeListQuery = z.object({ efter: placeCursor });
export const placeApiListQuery = z.object({ after: placeCursor });

export const placeGeojsonQuery = z.object({
  bbox: z
    .string()
    .max(120)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const bbox = parseBbox(value);
      if (!bbox) ctx.addIssue({ code: 'custom', message: 'places.bboxInvalid' });
      return bbox ?? undefined;
    })
    .meta({ description: 'places.api.bbox' }),
  limit: z.coerce
    .number({ error: `places.limitInvalid|${placePaging.geojsonMaxLimit}` })
    .int({ error: `places.limitInvalid|${placePaging.geojsonMaxLimit}` })
    .min(1, { error: `places.limitInvalid|${placePaging.geojsonMaxLimit}` })
    .max(placePaging.geojsonMaxLimit, { error: `places.limitInvalid|${placePaging.geojsonMaxLimit}` })
    .default(placePaging.geojsonDefaultLimit)
    .meta({ description: 'places.api.limit' }),
  after: placeCursor,
});

// ---- JSON answers ----------------------------------------------------------------------------

const geometry = z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.array(z.unknown()) });

export const placeJsonSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  geometryType: z.enum(['point', 'polygon']),
  lat: z.number(),
  lon: z.number(),
  geometry,
  h3Cell: z.string(),
  updatedAt: z.string().meta({ format: 'date-time' }),
  url: z.string(),
});
export type PlaceJson = z.output<typeof placeJsonSchema>;

export const placeListResponse = z.object({ data: z.array(placeJsonSchema), next: z.string().nullable() });
export const placeResponse = z.object({ data: placeJsonSchema });

export const placesFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string().optional(),
      geometry,
      properties: z.object({ name: z.string(), url: z.string().optional(), slug: z.string(), kind: z.enum(['point', 'polygon']) }),
    }),
  ),
  /** More places lie in the box than the limit allowed: zoom in. */
  truncated: z.boolean(),
  next: z.string().nullable(),
});
