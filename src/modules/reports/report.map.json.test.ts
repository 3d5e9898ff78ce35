// The viewport's GeoJSON is written as text from the features' known shape (for speed): it must
// read back as exactly what JSON.stringify would have written, whatever the names and numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureCollectionJson, type MapFeatureCollection } from './report.map.service.js';

const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-324));
const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const coordinates = fc.tuple(anyNumber, anyNumber);

const cluster = fc.record({
  type: fc.constant('Feature' as const),
  geometry: fc.record({ type: fc.constant('Point' as const), coordinates }),
  properties: fc.record({ cluster: fc.constant(true as const), count: anyNumber, weight: anyNumber, name: anyText }),
});
const point = fc.record(
  {
    type: fc.constant('Feature' as const),
    id: anyText,
    geometry: fc.record({ type: fc.constant('Point' as const), coordinates }),
    properties: fc.record({
      cluster: fc.constant(false as const),
      name: anyText,
      url: anyText,
      reference: anyText,
      category: anyText,
      status: fc.constantFrom('new' as const, 'fixed' as const),
      weight: anyNumber,
    }),
  },
  { requiredKeys: ['type', 'geometry', 'properties'] },
);
const collection: fc.Arbitrary<MapFeatureCollection> = fc.record(
  {
    type: fc.constant('FeatureCollection' as const),
    features: fc.array(fc.oneof(cluster, point), { maxLength: 20 }),
    truncated: fc.boolean(),
    zoom: fc.integer({ min: 0, max: 22 }),
    next: fc.option(anyText, { nil: null }),
  },
  { requiredKeys: ['type', 'features', 'truncated'] },
);

describe('featureCollectionJson', () => {
  it('reads back as JSON.stringify’s text of the same collection', () => {
    fc.assert(
      fc.property(collection, (c) => {
        expect(JSON.parse(featureCollectionJson(c))).toEqual(JSON.parse(JSON.stringify(c)));
      }),
      { numRuns: 500 },
    );
  });

  it('writes each feature’s members in JSON.stringify’s order', () => {
    const c: MapFeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [18.05, 59.5] }, properties: { cluster: true, count: 3, weight: 4, name: '3 rapporter' } },
        { type: 'Feature', id: 'ABCD2345', geometry: { type: 'Point', coordinates: [18.1, 59.6] }, properties: { cluster: false, name: 'Belysning "x"', url: '/v/r', reference: 'ABCD2345', category: 'belysning', status: 'new', weight: 1 } },
      ],
      truncated: false,
      zoom: 15,
    };
    const { features, ...rest } = c;
    expect(featureCollectionJson(c)).toBe(JSON.stringify({ features, ...rest }));
  });
});
