// A made-up basemap around Vallentuna for tests and screenshots: land, a lake, a park, a few roads
// and the locality's name, in the layer names and `kind` values of the Protomaps basemap schema
// (what protomaps-leaflet's "light" flavour paints). The shapes are invented, not real geography.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { writePmtiles, type ArchiveBounds } from './make-pmtiles.js';

export const testBasemapBounds: ArchiveBounds = { minLon: 17.85, minLat: 59.4, maxLon: 18.4, maxLat: 59.68 };
export const testBasemapMaxZoom = 13;

function collection(features: { geometry: Geometry; properties: Record<string, string | number> }[]): FeatureCollection {
  return { type: 'FeatureCollection', features: features.map((f): Feature => ({ type: 'Feature', ...f })) };
}

function box(minLon: number, minLat: number, maxLon: number, maxLat: number): Geometry {
  return { type: 'Polygon', coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]] };
}

export function testBasemapLayers(): Record<string, FeatureCollection> {
  const b = testBasemapBounds;
  return {
    earth: collection([{ geometry: box(b.minLon - 0.1, b.minLat - 0.1, b.maxLon + 0.1, b.maxLat + 0.1), properties: { kind: 'earth' } }]),
    water: collection([
      {
        geometry: { type: 'Polygon', coordinates: [[[17.99, 59.5], [18.03, 59.505], [18.045, 59.53], [18.03, 59.555], [18.0, 59.55], [17.985, 59.525], [17.99, 59.5]]] },
        properties: { kind: 'water', name: 'Testsjön' },
      },
    ]),
    landuse: collection([
      { geometry: box(18.07, 59.528, 18.085, 59.537), properties: { kind: 'park', name: 'Testparken' } },
      { geometry: box(18.09, 59.52, 18.11, 59.535), properties: { kind: 'forest' } },
    ]),
    roads: collection([
      { geometry: { type: 'LineString', coordinates: [[18.02, 59.43], [18.06, 59.5], [18.078, 59.534], [18.1, 59.6], [18.12, 59.67]] }, properties: { kind: 'major_road', name: 'Testvägen' } },
      { geometry: { type: 'LineString', coordinates: [[17.9, 59.52], [18.0, 59.528], [18.078, 59.534], [18.2, 59.54], [18.35, 59.55]] }, properties: { kind: 'major_road', name: 'Tvärvägen' } },
      { geometry: { type: 'LineString', coordinates: [[18.07, 59.53], [18.075, 59.538], [18.09, 59.54]] }, properties: { kind: 'minor_road', name: 'Torggatan' } },
      { geometry: { type: 'LineString', coordinates: [[18.065, 59.525], [18.085, 59.53], [18.095, 59.528]] }, properties: { kind: 'minor_road', name: 'Kyrkvägen' } },
    ]),
    places: collection([{ geometry: { type: 'Point', coordinates: [18.078, 59.534] }, properties: { kind: 'locality', name: 'Vallentuna', min_zoom: 6, population_rank: 9 } }]),
  };
}

/** Writes the archive into a fresh temporary folder and returns its path. */
export function writeTestBasemap(maxZoom = testBasemapMaxZoom): string {
  const path = join(mkdtempSync(join(tmpdir(), 'samtrygg-basemap-')), 'test-basemap.pmtiles');
  writePmtiles(path, { layers: testBasemapLayers(), bounds: testBasemapBounds, minZoom: 0, maxZoom });
  return path;
}
