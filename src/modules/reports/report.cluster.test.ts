// The cluster index against a brute-force count of the same points: every zoom, every filter,
// after loading at once and after incremental changes.
import { describe, expect, it } from 'vitest';
import { ClusterIndex, lastZoom, maxClusterZoom, type Bbox, type ClusterFilter, type ClusterPoint } from './report.cluster.js';
import { statusKind } from './report.states.js';
import type { ReportStatus } from './report.tables.js';

const now = Date.parse('2026-12-03T12:00:00Z');
const day = 86_400_000;
const categories = ['belysning', 'klotter', 'otrygg'];
const statuses: ReportStatus[] = ['new', 'in_progress', 'fixed', 'duplicate'];

function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makePoints(n: number, seed = 1): ClusterPoint[] {
  const rnd = random(seed);
  const centres = [
    [59.534, 18.078],
    [59.5295, 18.0741],
    [59.56, 18.2],
  ];
  return Array.from({ length: n }, (_, i) => {
    const centre = centres[i % centres.length]!;
    return {
      reference: `R${String(i).padStart(7, '0')}`,
      lat: centre[0]! + (rnd() - 0.5) * 0.02,
      lon: centre[1]! + (rnd() - 0.5) * 0.04,
      category: categories[Math.floor(rnd() * categories.length)]!,
      status: statuses[Math.floor(rnd() * statuses.length)]!,
      parts: 1 + Math.floor(rnd() * 7),
      createdAt: now - Math.floor(rnd() * 500) * day - 3_600_000,
      weight: 1 + Math.floor(rnd() * 3),
    };
  });
}

const world: Bbox = { minLon: -180, minLat: -85, maxLon: 180, maxLat: 85 };

function matches(point: ClusterPoint, filter: ClusterFilter): boolean {
  if (filter.category !== undefined && point.category !== filter.category) return false;
  if (filter.kind !== undefined && statusKind(point.status) !== filter.kind) return false;
  if (filter.partBit !== undefined && (point.parts & filter.partBit) === 0) return false;
  if (filter.periodDays !== undefined && point.createdAt < Date.parse(new Date(now - filter.periodDays * day).toISOString().slice(0, 10))) return false;
  return true;
}

function totals(index: ClusterIndex, bbox: Bbox, zoom: number, filter: ClusterFilter = {}) {
  const answer = index.query(bbox, zoom, filter, { now, limit: 100_000 });
  let count = 0;
  let weight = 0;
  for (const item of answer.items) {
    if (item.kind === 'cluster') {
      count += item.count;
      weight += item.weight;
    } else {
      count += 1;
      weight += item.point.weight;
    }
  }
  return { count, weight, answer };
}

const inBox = (p: ClusterPoint, b: Bbox) => p.lon >= b.minLon && p.lon <= b.maxLon && p.lat >= b.minLat && p.lat <= b.maxLat;

const filters: ClusterFilter[] = [
  {},
  { category: 'klotter' },
  { kind: 'open' },
  { kind: 'fixed' },
  { partBit: 4 },
  { periodDays: 30 },
  { periodDays: 365 },
  { category: 'belysning', kind: 'open', partBit: 4, periodDays: 90 },
  { category: 'otrygg', kind: 'closed', partBit: 1 },
];

describe('the cluster index', () => {
  const points = makePoints(3000);
  const loaded = new ClusterIndex(now);
  loaded.load(points);
  const incremental = new ClusterIndex(now);
  for (const point of points) incremental.upsert(point);
  // As the map's build loads it: a page of points at a time.
  const paged = new ClusterIndex(now);
  paged.startLoad();
  for (let from = 0; from < points.length; from += 700) paged.loadMore(points.slice(from, from + 700));
  paged.finishLoad();

  it('counts every point once at every zoom, with or without filters, loaded at once, by pages or one by one', () => {
    for (const index of [loaded, paged, incremental]) {
      for (let zoom = 0; zoom <= maxClusterZoom; zoom += 1) {
        for (const filter of filters) {
          const expected = points.filter((p) => matches(p, filter));
          const { count, weight } = totals(index, world, zoom, filter);
          expect({ zoom, filter, count }).toEqual({ zoom, filter, count: expected.length });
          expect(weight).toBe(expected.reduce((sum, p) => sum + p.weight, 0));
        }
      }
    }
  });

  it('answers a box with the points in it (and at most the cells it touches), never with every point', () => {
    const box: Bbox = { minLon: 18.07, minLat: 59.53, maxLon: 18.085, maxLat: 59.538 };
    for (const zoom of [10, 12, 14, 16]) {
      for (const filter of filters) {
        const inside = points.filter((p) => inBox(p, box) && matches(p, filter)).length;
        const { count, answer } = totals(loaded, box, zoom, filter);
        expect(count).toBeGreaterThanOrEqual(inside);
        // A 64-px cell at this zoom, in degrees: the box widened by one cell on each side bounds the count.
        const cell = 360 / 2 ** (answer.zoom + 2);
        const widened = { minLon: box.minLon - cell, maxLon: box.maxLon + cell, minLat: box.minLat - cell, maxLat: box.maxLat + cell };
        expect(count).toBeLessThanOrEqual(points.filter((p) => inBox(p, widened) && matches(p, filter)).length);
        expect(answer.items.length).toBeLessThanOrEqual(1024);
      }
    }
  });

  it('gives single reports themselves, with their reference, where a cell holds one', () => {
    const sparse: Bbox = { minLon: 18.18, minLat: 59.55, maxLon: 18.22, maxLat: 59.57 };
    const answer = loaded.query(sparse, maxClusterZoom, {}, { now });
    expect(answer.zoom).toBe(maxClusterZoom);
    const singles = answer.items.filter((i) => i.kind === 'point');
    expect(singles.length).toBeGreaterThan(0);
    for (const single of singles) expect(points).toContainEqual(single.kind === 'point' ? single.point : null);
    // Filtered down to one, a crowded cell answers with the one report that matches.
    const one = points[17]!;
    const only = new ClusterIndex(now);
    only.load([...points.slice(0, 17), ...points.slice(18), { ...one, category: 'unik' }]);
    const found = only.query(world, 0, { category: 'unik' }, { now });
    expect(found.items).toEqual([{ kind: 'point', point: { ...one, category: 'unik' } }]);
  });

  it('answers points themselves past the cluster zooms, in the box only, and says when there are more than the limit', () => {
    const box: Bbox = { minLon: 18.07, minLat: 59.53, maxLon: 18.085, maxLat: 59.538 };
    for (const filter of filters) {
      const inside = points.filter((p) => inBox(p, box) && matches(p, filter));
      const answer = loaded.query(box, 18, filter, { now, limit: 5000 });
      expect(answer.items.every((i) => i.kind === 'point')).toBe(true);
      expect(answer.items.map((i) => (i.kind === 'point' ? i.point.reference : '')).sort()).toEqual(inside.map((p) => p.reference).sort());
    }
    // More than the limit: the finest clusters instead, except at the map's last zoom, where the points are cut.
    const clustered = loaded.query(box, 18, {}, { now, limit: 3 });
    expect(clustered.zoom).toBe(maxClusterZoom);
    expect(clustered.items.some((i) => i.kind === 'cluster')).toBe(true);
    const limited = loaded.query(box, lastZoom, {}, { now, limit: 3 });
    expect(limited.items).toHaveLength(3);
    expect(limited.truncated).toBe(true);
  });

  it('takes reports in, moves them, reweighs them and lets them go, one at a time', () => {
    const index = new ClusterIndex(now);
    index.load(points.slice(0, 1000));
    const kept = new Map(points.slice(0, 1000).map((p) => [p.reference, p]));
    for (const point of points.slice(1000, 1500)) {
      index.upsert(point);
      kept.set(point.reference, point);
    }
    for (const point of points.slice(0, 300)) {
      index.remove(point.reference);
      kept.delete(point.reference);
    }
    for (const point of points.slice(300, 600)) {
      const moved = { ...point, lat: point.lat + 0.01, status: 'fixed' as const, weight: point.weight + 4, category: 'klotter' };
      index.upsert(moved);
      kept.set(point.reference, moved);
    }
    index.remove('no-such-reference');
    expect(index.size).toBe(kept.size);
    const all = [...kept.values()];
    for (const zoom of [0, 8, 12, 16]) {
      for (const filter of filters) {
        const expected = all.filter((p) => matches(p, filter));
        const { count, weight } = totals(index, world, zoom, filter);
        expect({ zoom, count }).toEqual({ zoom, count: expected.length });
        expect(weight).toBe(expected.reduce((sum, p) => sum + p.weight, 0));
      }
    }
    const points18 = index.query(world, 18, {}, { now, limit: 100_000 });
    // Too large a box for single points: answered as clusters a level down instead.
    expect(points18.zoom).toBeLessThanOrEqual(maxClusterZoom);
  });

  it('moves reports to an older period as the days pass', () => {
    const index = new ClusterIndex(now);
    const recent = { ...points[0]!, createdAt: now - 25 * day };
    index.load([recent]);
    expect(totals(index, world, 5, { periodDays: 30 }).count).toBe(1);
    const later = now + 10 * day;
    expect(index.query(world, 5, { periodDays: 30 }, { now: later }).items).toEqual([]);
    expect(index.query(world, 5, { periodDays: 90 }, { now: later }).items).toHaveLength(1);
  });

  it('matches nothing for a category it has never seen, rather than everything', () => {
    expect(loaded.query(world, 3, { category: 'finns-inte' }, { now }).items).toEqual([]);
  });
});
