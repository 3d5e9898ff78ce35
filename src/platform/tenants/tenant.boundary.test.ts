import { describe, expect, it } from 'vitest';
import { boundaryLimits, boundsOfBoundary, isPointInBoundary, parseBoundary, type BoundaryGeometry } from './tenant.boundary.js';

const square = (minLon: number, minLat: number, maxLon: number, maxLat: number): [number, number][] => [
  [minLon, minLat],
  [maxLon, minLat],
  [maxLon, maxLat],
  [minLon, maxLat],
  [minLon, minLat],
];

describe('reading a kommun boundary from GeoJSON', () => {
  it('accepts a Polygon, a MultiPolygon, a Feature and a collection of one Feature, dropping heights', () => {
    const polygon = { type: 'Polygon', coordinates: [square(18, 59, 18.1, 59.1)] };
    expect(parseBoundary(JSON.stringify(polygon))).toEqual(polygon);
    const multi = { type: 'MultiPolygon', coordinates: [[square(18, 59, 18.1, 59.1)], [square(18.2, 59, 18.3, 59.1)]] };
    expect(parseBoundary(JSON.stringify(multi))).toEqual(multi);
    expect(parseBoundary(JSON.stringify({ type: 'Feature', properties: {}, geometry: polygon }))).toEqual(polygon);
    expect(parseBoundary(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }] }))).toEqual(polygon);
    const withHeights = { type: 'Polygon', coordinates: [square(18, 59, 18.1, 59.1).map(([lon, lat]) => [lon, lat, 12])] };
    expect(parseBoundary(JSON.stringify(withHeights))).toEqual(polygon);
  });

  it.each([
    ['text that is not JSON', '{"type":', 'tenants.boundary.invalidJson'],
    ['a point', JSON.stringify({ type: 'Point', coordinates: [18, 59] }), 'tenants.boundary.wrongType'],
    ['a collection of two features', JSON.stringify({ type: 'FeatureCollection', features: [{}, {}] }), 'tenants.boundary.wrongType'],
    ['coordinates that are not numbers', JSON.stringify({ type: 'Polygon', coordinates: [[['18', '59'], [18.1, 59], [18, 59.1], ['18', '59']]] }), 'tenants.boundary.wrongType'],
    ['a ring of three positions', JSON.stringify({ type: 'Polygon', coordinates: [[[18, 59], [18.1, 59], [18, 59]]] }), 'tenants.boundary.ringTooShort'],
    ['an open ring', JSON.stringify({ type: 'Polygon', coordinates: [[[18, 59], [18.1, 59], [18.1, 59.1], [18, 59.1]]] }), 'tenants.boundary.ringNotClosed'],
    ['an open hole', JSON.stringify({ type: 'Polygon', coordinates: [square(18, 59, 18.1, 59.1), [[18.02, 59.02], [18.05, 59.02], [18.05, 59.05], [18.02, 59.05]]] }), 'tenants.boundary.ringNotClosed'],
    ['a latitude past 90 (swapped)', JSON.stringify({ type: 'Polygon', coordinates: [square(59, 18, 59.1, 95)] }), 'tenants.boundary.outOfRange'],
    ['a longitude past 180', JSON.stringify({ type: 'Polygon', coordinates: [square(179.5, 59, 181, 59.1)] }), 'tenants.boundary.outOfRange'],
  ])('refuses %s', (_name, text, problem) => {
    expect(parseBoundary(text)).toBe(problem);
  });

  it('refuses more positions than the limit, and text longer than the file limit', () => {
    const ring: [number, number][] = Array.from({ length: boundaryLimits.positions }, (_, i) => [18 + Math.cos(i) / 10, 59 + Math.sin(i) / 10]);
    ring.push(ring[0]!);
    expect(parseBoundary(JSON.stringify({ type: 'Polygon', coordinates: [ring] }))).toBe('tenants.boundary.tooLarge');
    expect(parseBoundary(' '.repeat(boundaryLimits.fileBytes + 1))).toBe('tenants.boundary.tooLarge');
  });
});

describe('is this point in the kommun', () => {
  // A square kommun with a lake (a hole) in the middle, and an island in that lake (a second polygon).
  const kommun: BoundaryGeometry = {
    type: 'MultiPolygon',
    coordinates: [[square(18, 59, 18.4, 59.4), square(18.1, 59.1, 18.3, 59.3)], [square(18.15, 59.15, 18.25, 59.25)]],
  };

  it.each([
    ['inside, away from the lake', 59.05, 18.05, true],
    ['on the lake (in the hole)', 59.12, 18.12, false],
    ['on the island in the lake (second polygon)', 59.2, 18.2, true],
    ['outside the kommun, north', 59.5, 18.2, false],
    ['outside the kommun, west', 59.2, 17.9, false],
    ['on the outer edge', 59.0, 18.2, true],
    ['on a corner', 59.4, 18.4, true],
  ])('places a point %s', (_name, lat, lon, inside) => {
    expect(isPointInBoundary(kommun, { lat, lon })).toBe(inside);
  });

  it('handles a concave outline (an L shape) and a plain Polygon', () => {
    const l: BoundaryGeometry = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] };
    expect(isPointInBoundary(l, { lon: 0.5, lat: 1.5 })).toBe(true);
    expect(isPointInBoundary(l, { lon: 1.5, lat: 1.5 })).toBe(false);
    expect(isPointInBoundary(l, { lon: 1.5, lat: 0.5 })).toBe(true);
  });

  it('knows the box around the outer rings', () => {
    expect(boundsOfBoundary(kommun)).toEqual({ minLon: 18, minLat: 59, maxLon: 18.4, maxLat: 59.4 });
  });
});
