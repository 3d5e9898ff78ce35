// The public map's cluster index for one kommun: published reports aggregated on a grid per zoom
// level, so that a viewport is answered from a few hundred cells, never from every point. Pure
// and in memory; report.map.service.ts fills it from the database and keeps it current.
//
// Why a grid of our own rather than supercluster: filters. The map filters by category, state,
// time of day and period, in any combination, and supercluster clusters one fixed set of points.
// Here every point has a 13-bit signature (category, status kind, parts of the day, how recent),
// and every cell keeps, besides its totals, one aggregate per signature present in it. A filter
// becomes a table of the signatures it lets through, and a filtered cell is the sum of its
// matching aggregates — a bounded amount of work per cell, whatever the number of points.
//
// Cells are 64 px at their zoom (a 256-px tile holds 4 × 4), keyed by tile coordinates at zoom + 2.
// A cell's one point is found without a list: each aggregate keeps the XOR of its points' slots,
// which is the slot itself when the count is 1. Above `maxClusterZoom` the points themselves are
// answered, from finer cells that do list their points.
import { ReferenceCodes, SlotsByCode } from './report.cluster.references.js';
import type { ReportStatus } from './report.tables.js';
import { statusKind, type StatusKind } from './report.states.js';

export const maxClusterZoom = 16;
/** The map island's last zoom level. */
export const lastZoom = 19;
/** Cells per tile side: 2^cellBits. */
const cellBits = 2;
/** Leaf cells (the points above maxClusterZoom): tile coordinates at this zoom. */
const leafBits = 20;
/** A viewport never looks at more cells than this; a larger one is answered a level coarser. */
const maxCellsPerQuery = 1024;

const kinds: readonly StatusKind[] = ['open', 'fixed', 'closed'];
/** Periods of the filter, in days; a report's recency class is the first period holding it. */
export const mapPeriods = [30, 90, 365] as const;
export type MapPeriod = (typeof mapPeriods)[number];
const maxCategories = 64;

export interface ClusterPoint {
  /** The report's reference: unique, and what a single point links to. */
  reference: string;
  lon: number;
  lat: number;
  category: string;
  status: ReportStatus;
  /** Bits of report.when.ts (parts of the day). */
  parts: number;
  /** When it was sent, ms since the epoch: the period filter reads it (as the list does, by day). */
  createdAt: number;
  /** 1 + "me too": how much a report weighs in a cluster. */
  weight: number;
}

export interface ClusterFilter {
  category?: string | undefined;
  kind?: StatusKind | undefined;
  /** A bit of report.when.ts: reports that feel unsafe at that part of the day. */
  partBit?: number | undefined;
  /** Reports sent in the last so many days (counted from the start of that UTC day, as the list does). */
  periodDays?: MapPeriod | undefined;
}

export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export type ClusterAnswerItem = { kind: 'cluster'; lon: number; lat: number; count: number; weight: number } | { kind: 'point'; point: ClusterPoint };

export interface ClusterAnswer {
  items: ClusterAnswerItem[];
  /** The zoom the cells were taken from (coarser than asked when the box was very large). */
  zoom: number;
  /** More single points matched than `limit` (only above maxClusterZoom). */
  truncated: boolean;
}

const mercX = (lon: number) => (lon + 180) / 360;
function mercY(lat: number): number {
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
}
const lonOf = (x: number) => x * 360 - 180;
const latOf = (y: number) => (360 / Math.PI) * Math.atan(Math.exp((1 - 2 * y) * Math.PI)) - 90;

/** The UTC day (as the list's `since`) that starts a period, in ms. */
function periodStart(now: number, days: number): number {
  return Date.parse(new Date(now - days * 86_400_000).toISOString().slice(0, 10));
}

/** Growable columns of numbers: the cells and aggregates of a level without an object each. */
class Columns<T extends Record<string, Float64Array | Int32Array>> {
  size = 0;
  arrays: T;
  constructor(
    private capacity: number,
    private readonly make: (capacity: number) => T,
  ) {
    this.arrays = make(capacity);
  }
  replace(arrays: T, size: number): void {
    this.arrays = arrays;
    this.size = size;
    this.capacity = arrays[Object.keys(arrays)[0]!]!.length;
  }
  push(): number {
    if (this.size === this.capacity) {
      this.capacity *= 2;
      const next = this.make(this.capacity);
      for (const name of Object.keys(next)) next[name as keyof T]!.set(this.arrays[name as keyof T]!);
      this.arrays = next;
    }
    return this.size++;
  }
}

const cellColumns = (n: number) => ({ cx: new Int32Array(n), cy: new Int32Array(n), count: new Int32Array(n), weight: new Float64Array(n), sx: new Float64Array(n), sy: new Float64Array(n), xor: new Int32Array(n) });
const aggregateColumns = (n: number) => ({ cell: new Int32Array(n), sig: new Int32Array(n), count: new Int32Array(n), weight: new Float64Array(n), xor: new Int32Array(n), next: new Int32Array(n) });

/**
 * The index's points as columns. A point object per report made a million objects (and their
 * boxed numbers) that every full garbage collection walked, a pause felt by every request of the
 * instance; here they are typed arrays, the references too (as codes, report.cluster.references.ts).
 * A point object is made only when a query answers it.
 */
class PointColumns {
  /** Slots in use or freed; a freed slot's reference is NaN. */
  length = 0;
  readonly codes = new ReferenceCodes();
  reference = new Float64Array(1024);
  lon = new Float64Array(1024);
  lat = new Float64Array(1024);
  createdAt = new Float64Array(1024);
  weight = new Float64Array(1024);
  parts = new Uint8Array(1024);
  /** Indexes into `texts`: the category's code and the status. */
  category = new Uint32Array(1024);
  status = new Uint32Array(1024);
  private readonly textIndex = new Map<string, number>();
  private readonly texts: string[] = [];

  private textOf(text: string): number {
    let index = this.textIndex.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(text);
      this.textIndex.set(text, index);
    }
    return index;
  }

  set(slot: number, point: ClusterPoint): void {
    if (slot >= this.lon.length) this.grow();
    if (slot >= this.length) this.length = slot + 1;
    this.reference[slot] = this.codes.encode(point.reference);
    this.lon[slot] = point.lon;
    this.lat[slot] = point.lat;
    this.createdAt[slot] = point.createdAt;
    this.weight[slot] = point.weight;
    this.parts[slot] = point.parts;
    this.category[slot] = this.textOf(point.category);
    this.status[slot] = this.textOf(point.status);
  }

  clear(slot: number): void {
    this.reference[slot] = NaN;
  }

  inUse(slot: number): boolean {
    return !Number.isNaN(this.reference[slot]!);
  }

  categoryOf(slot: number): string {
    return this.texts[this.category[slot]!]!;
  }

  statusOf(slot: number): ReportStatus {
    return this.texts[this.status[slot]!] as ReportStatus;
  }

  /** The point in a slot, made for an answer; undefined for a freed slot. */
  get(slot: number): ClusterPoint | undefined {
    const code = this.reference[slot]!;
    if (Number.isNaN(code)) return undefined;
    return {
      reference: this.codes.decode(code),
      lon: this.lon[slot]!,
      lat: this.lat[slot]!,
      category: this.categoryOf(slot),
      status: this.statusOf(slot),
      parts: this.parts[slot]!,
      createdAt: this.createdAt[slot]!,
      weight: this.weight[slot]!,
    };
  }

  /** Whether the slot holds exactly this point's values. */
  equals(slot: number, point: ClusterPoint): boolean {
    return (
      this.lon[slot] === point.lon &&
      this.lat[slot] === point.lat &&
      this.categoryOf(slot) === point.category &&
      this.statusOf(slot) === point.status &&
      this.parts[slot] === point.parts &&
      this.createdAt[slot] === point.createdAt &&
      this.weight[slot] === point.weight
    );
  }

  private grow(): void {
    const size = this.lon.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Uint32Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.reference = grown(this.reference, (n) => new Float64Array(n));
    this.lon = grown(this.lon, (n) => new Float64Array(n));
    this.lat = grown(this.lat, (n) => new Float64Array(n));
    this.createdAt = grown(this.createdAt, (n) => new Float64Array(n));
    this.weight = grown(this.weight, (n) => new Float64Array(n));
    this.parts = grown(this.parts, (n) => new Uint8Array(n));
    this.category = grown(this.category, (n) => new Uint32Array(n));
    this.status = grown(this.status, (n) => new Uint32Array(n));
  }
}

interface Level {
  /** Cells per side: 2^(zoom + cellBits). */
  side: number;
  /**
   * Cells by their coordinates folded to 15 bits each (small integers, which V8's maps keep
   * unboxed). Folded coordinates of one kommun's cells never meet (they would be 2^15 cells,
   * 2,500 km at zoom 16, apart); should they, the later cell goes to `farCells` by its exact key.
   */
  cellOf: Map<number, number>;
  farCells: Map<number, number>;
  cells: Columns<ReturnType<typeof cellColumns>>;
  /** First aggregate of each cell (-1: none); the rest chain through aggregates' `next`. */
  firstAggregate: Int32Array;
  /**
   * After load(), each cell's aggregates lie side by side sorted by signature (so by category):
   * `blockStart` (-1: none) and `blockLength` say where; aggregates made later are chained in
   * front of the block.
   */
  blockStart: Int32Array;
  blockLength: Int32Array;
  /** Only while load() runs: finds a cell's aggregate of a signature without walking its chain. */
  aggregateOf: Map<number, number> | null;
  aggregates: Columns<ReturnType<typeof aggregateColumns>>;
}

function newLevel(zoom: number): Level {
  return {
    side: 2 ** (zoom + cellBits),
    cellOf: new Map(),
    farCells: new Map(),
    cells: new Columns(64, cellColumns),
    firstAggregate: new Int32Array(64).fill(-1),
    blockStart: new Int32Array(64).fill(-1),
    blockLength: new Int32Array(64),
    aggregateOf: null,
    aggregates: new Columns(256, aggregateColumns),
  };
}

export class ClusterIndex {
  private readonly levels: Level[] = [];
  /**
   * Slots by reference, for changes. load() leaves it unmade: a million string keys cost a large
   * part of a build, and the map can answer before the first change arrives.
   */
  private slotMap: SlotsByCode | null = new SlotsByCode();
  private count = 0;
  private loading = false;
  private readonly points = new PointColumns();
  private freeSlots: number[] = [];
  private sigs = new Int32Array(1024);
  private leafNext = new Int32Array(1024);
  private readonly leafHead = new Map<number, number>();
  private readonly categories = new Map<string, number>();
  private cutoffs: number[] = [];
  private day = '';
  private readonly matchCache = new Map<string, Uint8Array>();

  constructor(now = Date.now()) {
    for (let zoom = 0; zoom <= maxClusterZoom; zoom += 1) this.levels.push(newLevel(zoom));
    this.setDay(now);
  }

  get size(): number {
    return this.count;
  }

  has(reference: string): boolean {
    const code = this.points.codes.codeOf(reference);
    return code !== undefined && this.slotOf().has(code);
  }

  private slotOf(): SlotsByCode {
    if (!this.slotMap) {
      const codes = this.points.reference;
      this.slotMap = new SlotsByCode(this.count);
      for (let slot = 0; slot < this.points.length; slot += 1) {
        if (!Number.isNaN(codes[slot]!)) this.slotMap.set(codes[slot]!, slot);
      }
    }
    return this.slotMap;
  }

  /** Adds a published report, or replaces what the index knew of it. */
  upsert(point: ClusterPoint): void {
    const code = this.points.codes.codeOf(point.reference);
    const slot = code === undefined ? undefined : this.slotOf().get(code);
    if (slot !== undefined) {
      if (this.points.equals(slot, point)) return;
      this.remove(point.reference);
    }
    this.insert(point);
  }

  /**
   * Fills an empty index at once: the finest level from the points, then each coarser level from
   * the one below (a parent's aggregate is the sum of its children's, its XOR their XOR), so the
   * work is the number of aggregates, not the points times the levels.
   */
  load(points: Iterable<ClusterPoint>): void {
    this.startLoad();
    this.loadMore(points);
    this.finishLoad();
  }

  /** load() in parts, for points read a page at a time: startLoad, loadMore for each page, finishLoad. */
  startLoad(): void {
    if (this.count > 0 || this.loading) throw new Error('load() fills an empty index; use upsert() after');
    this.loading = true;
    // References are unique in the database; the map of them is made at the first change.
    this.slotMap = null;
    for (const level of this.levels) level.aggregateOf = new Map();
  }

  loadMore(points: Iterable<ClusterPoint>): void {
    if (!this.loading) throw new Error('loadMore() comes between startLoad() and finishLoad()');
    const finest = this.levels[maxClusterZoom]!;
    for (const point of points) {
      const slot = this.points.length;
      this.points.set(slot, point);
      this.growSlots(slot);
      this.count += 1;
      const sig = this.signatureOf(point.createdAt, point.parts, point.status, point.category);
      this.sigs[slot] = sig;
      this.addToLevel(finest, slot, mercX(point.lon), mercY(point.lat), point.weight, sig, 1);
      this.linkLeaf(slot);
    }
  }

  finishLoad(): void {
    if (!this.loading) throw new Error('finishLoad() ends a startLoad()');
    this.loading = false;
    for (let zoom = maxClusterZoom - 1; zoom >= 0; zoom -= 1) {
      const child = this.levels[zoom + 1]!;
      const parent = this.levels[zoom]!;
      const cells = child.cells.arrays;
      const aggregates = child.aggregates.arrays;
      for (let cell = 0; cell < child.cells.size; cell += 1) {
        const parentCell = this.cellAt(parent, cells.cx[cell]! >> 1, cells.cy[cell]! >> 1);
        const p = parent.cells.arrays;
        p.count[parentCell]! += cells.count[cell]!;
        p.weight[parentCell]! += cells.weight[cell]!;
        p.sx[parentCell]! += cells.sx[cell]!;
        p.sy[parentCell]! += cells.sy[cell]!;
        p.xor[parentCell]! ^= cells.xor[cell]!;
        for (let a = child.firstAggregate[cell]!; a !== -1; a = aggregates.next[a]!) {
          const target = this.aggregateAt(parent, parentCell, aggregates.sig[a]!);
          const t = parent.aggregates.arrays;
          t.count[target]! += aggregates.count[a]!;
          t.weight[target]! += aggregates.weight[a]!;
          t.xor[target]! ^= aggregates.xor[a]!;
        }
      }
    }
    for (const level of this.levels) {
      level.aggregateOf = null;
      compactAggregates(level);
    }
  }

  /** Forgets a report (rejected, deleted, no longer public); unknown references are ignored. */
  remove(reference: string): void {
    const code = this.points.codes.codeOf(reference);
    if (code === undefined) return;
    const slot = this.slotOf().get(code);
    if (slot === undefined) return;
    this.aggregate(slot, this.sigs[slot]!, -1);
    this.unlinkLeaf(slot);
    this.points.clear(slot);
    this.slotOf().delete(code);
    this.count -= 1;
    this.freeSlots.push(slot);
  }

  /**
   * Recency is relative to today: when the UTC day changes, reports move to an older period.
   * Called before every answer; it costs a pass over the points once a day.
   */
  setDay(now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day === this.day) return;
    this.day = day;
    this.cutoffs = mapPeriods.map((days) => periodStart(now, days));
    const points = this.points;
    for (let slot = 0; slot < points.length; slot += 1) {
      if (!points.inUse(slot)) continue;
      const sig = this.signatureOf(points.createdAt[slot]!, points.parts[slot]!, points.statusOf(slot), points.categoryOf(slot));
      if (sig === this.sigs[slot]) continue;
      this.aggregate(slot, this.sigs[slot]!, -1);
      this.sigs[slot] = sig;
      this.aggregate(slot, sig, 1);
    }
  }

  query(bbox: Bbox, zoom: number, filter: ClusterFilter = {}, options: { limit?: number; now?: number } = {}): ClusterAnswer {
    this.setDay(options.now ?? Date.now());
    const limit = options.limit ?? 500;
    const match = this.matchesOf(filter);
    if (match === null) return { items: [], zoom, truncated: false };
    const z = Math.max(0, Math.min(Math.floor(zoom), maxClusterZoom + 1));
    if (z > maxClusterZoom) {
      const answer = this.queryPoints(bbox, Math.floor(zoom), match, filter, limit);
      if (answer) return { ...answer, zoom: z };
    }
    let level = Math.min(z, maxClusterZoom);
    while (level > 0 && cellCount(bbox, this.levels[level]!.side) > maxCellsPerQuery) level -= 1;
    return { items: this.queryCells(this.levels[level]!, bbox, match, filter), zoom: level, truncated: false };
  }

  private queryCells(level: Level, bbox: Bbox, match: Uint8Array, filter: ClusterFilter): ClusterAnswerItem[] {
    const cells = level.cells.arrays;
    return this.cellsIn(level, bbox, match, filter).map(({ cell, count, weight, xor }): ClusterAnswerItem => {
      if (count === 1) return { kind: 'point', point: this.points.get(xor)! };
      // A filtered cluster sits at its cell's centre of weight: close enough at 64 px, and exact
      // again once zoomed in to its points.
      const w = cells.weight[cell]!;
      return { kind: 'cluster', lon: lonOf(cells.sx[cell]! / w), lat: latOf(cells.sy[cell]! / w), count, weight };
    });
  }

  /** The level's cells touching the box that hold matching reports, with their filtered sums. */
  private cellsIn(level: Level, bbox: Bbox, match: Uint8Array, filter: ClusterFilter): { cell: number; count: number; weight: number; xor: number }[] {
    const { x0, x1, y0, y1 } = cellRange(bbox, level.side);
    const found: { cell: number; count: number; weight: number; xor: number }[] = [];
    const unfiltered = isEmptyFilter(filter);
    const cells = level.cells.arrays;
    const aggregates = level.aggregates.arrays;
    const category = filter.category === undefined ? -1 : (this.categories.get(filter.category) ?? -1);
    const sums: Sums = { count: 0, weight: 0, xor: 0 };
    const visit = (cell: number) => {
      if (unfiltered) {
        if (cells.count[cell]! > 0) found.push({ cell, count: cells.count[cell]!, weight: cells.weight[cell]!, xor: cells.xor[cell]! });
        return;
      }
      sums.count = 0;
      sums.weight = 0;
      sums.xor = 0;
      const blockStart = level.blockStart[cell]!;
      // Made since load(): chained in front of the block.
      for (let a = level.firstAggregate[cell]!; a !== -1 && a !== blockStart; a = aggregates.next[a]!) addMatching(sums, aggregates, match, a);
      if (blockStart !== -1) {
        const end = blockStart + level.blockLength[cell]!;
        let a = blockStart;
        if (category !== -1) {
          // The category's run, found by halving: the block is sorted by signature.
          let high = end;
          const first = category << 7;
          while (a < high) {
            const middle = (a + high) >> 1;
            if (aggregates.sig[middle]! < first) a = middle + 1;
            else high = middle;
          }
        }
        for (; a < end && (category === -1 || aggregates.sig[a]! >> 7 === category); a += 1) addMatching(sums, aggregates, match, a);
      }
      if (sums.count > 0) found.push({ cell, count: sums.count, weight: sums.weight, xor: sums.xor });
    };
    // The whole index in a few cells is common at low zooms; walking the cells is then cheaper.
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > level.cells.size) {
      for (let cell = 0; cell < level.cells.size; cell += 1) {
        const x = cells.cx[cell]!;
        const y = cells.cy[cell]!;
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) visit(cell);
      }
    } else {
      for (let y = y0; y <= y1; y += 1) {
        for (let x = x0; x <= x1; x += 1) {
          const cell = findCell(level, x, y);
          if (cell !== -1) visit(cell);
        }
      }
    }
    return found;
  }

  /**
   * The points themselves, for zooms past the clusters; null when the box is too large for that.
   * The finest cluster level says which of its cells hold matching points: a cell with one gives
   * it by its XOR, and only cells with several are read point by point (4 × 4 leaf cells each).
   */
  private queryPoints(bbox: Bbox, zoom: number, match: Uint8Array, filter: ClusterFilter, limit: number): Omit<ClusterAnswer, 'zoom'> | null {
    const level = this.levels[maxClusterZoom]!;
    if (cellCount(bbox, level.side) > maxCellsPerQuery) return null;
    const leaves = cellRange(bbox, 2 ** leafBits);
    const perCell = 2 ** (leafBits - maxClusterZoom - cellBits);
    const items: ClusterAnswerItem[] = [];
    const { lon, lat } = this.points;
    const inBox = (slot: number) => lon[slot]! >= bbox.minLon && lon[slot]! <= bbox.maxLon && lat[slot]! >= bbox.minLat && lat[slot]! <= bbox.maxLat;
    const cells = this.cellsIn(level, bbox, match, filter);
    // More than can be shown: the finest clusters say more than a first few hundred points would,
    // and cost no reading of points; only at the map's last zoom are the points cut at the limit.
    if (zoom < lastZoom && cells.reduce((sum, c) => sum + c.count, 0) > limit) return null;
    for (const { cell, count, xor } of cells) {
      if (count === 1) {
        if (!inBox(xor)) continue;
        if (items.length === limit) return { items, truncated: true };
        items.push({ kind: 'point', point: this.points.get(xor)! });
        continue;
      }
      const cx = level.cells.arrays.cx[cell]!;
      const cy = level.cells.arrays.cy[cell]!;
      for (let y = Math.max(leaves.y0, cy * perCell); y <= Math.min(leaves.y1, cy * perCell + perCell - 1); y += 1) {
        for (let x = Math.max(leaves.x0, cx * perCell); x <= Math.min(leaves.x1, cx * perCell + perCell - 1); x += 1) {
          for (let slot = this.leafHead.get(leafKeyOf(x, y)) ?? -1; slot !== -1; slot = this.leafNext[slot]!) {
            if (match[this.sigs[slot]!] === 0) continue;
            if (!inBox(slot)) continue;
            if (items.length === limit) return { items, truncated: true };
            items.push({ kind: 'point', point: this.points.get(slot)! });
          }
        }
      }
    }
    return { items, truncated: false };
  }

  private insert(point: ClusterPoint): void {
    const slot = this.freeSlots.pop() ?? this.points.length;
    this.points.set(slot, point);
    this.growSlots(slot);
    this.slotOf().set(this.points.reference[slot]!, slot);
    this.count += 1;
    const sig = this.signatureOf(point.createdAt, point.parts, point.status, point.category);
    this.sigs[slot] = sig;
    this.aggregate(slot, sig, 1);
    this.linkLeaf(slot);
  }

  private growSlots(slot: number): void {
    if (slot < this.sigs.length) return;
    const sigs = new Int32Array(this.sigs.length * 2);
    sigs.set(this.sigs);
    this.sigs = sigs;
    const next = new Int32Array(this.leafNext.length * 2);
    next.set(this.leafNext);
    this.leafNext = next;
  }

  private linkLeaf(slot: number): void {
    const key = leafKey(this.points.lon[slot]!, this.points.lat[slot]!);
    this.leafNext[slot] = this.leafHead.get(key) ?? -1;
    this.leafHead.set(key, slot);
  }

  private unlinkLeaf(slot: number): void {
    const key = leafKey(this.points.lon[slot]!, this.points.lat[slot]!);
    const head = this.leafHead.get(key);
    if (head === slot) {
      const next = this.leafNext[slot]!;
      if (next === -1) this.leafHead.delete(key);
      else this.leafHead.set(key, next);
      return;
    }
    for (let s = head ?? -1; s !== -1; s = this.leafNext[s]!) {
      if (this.leafNext[s] === slot) {
        this.leafNext[s] = this.leafNext[slot]!;
        return;
      }
    }
  }

  /** Adds (sign 1) or takes away (sign -1) a point at every level. */
  private aggregate(slot: number, sig: number, sign: 1 | -1): void {
    const x = mercX(this.points.lon[slot]!);
    const y = mercY(this.points.lat[slot]!);
    const weight = this.points.weight[slot]!;
    for (const level of this.levels) this.addToLevel(level, slot, x, y, weight, sig, sign);
  }

  private addToLevel(level: Level, slot: number, x: number, y: number, pointWeight: number, sig: number, sign: 1 | -1): void {
    const weight = pointWeight * sign;
    const cell = this.cellAt(level, Math.min(level.side - 1, Math.floor(x * level.side)), Math.min(level.side - 1, Math.floor(y * level.side)));
    const cells = level.cells.arrays;
    cells.count[cell]! += sign;
    cells.weight[cell]! += weight;
    cells.sx[cell]! += weight * x;
    cells.sy[cell]! += weight * y;
    cells.xor[cell]! ^= slot;
    const aggregate = this.aggregateAt(level, cell, sig);
    const aggregates = level.aggregates.arrays;
    aggregates.count[aggregate]! += sign;
    aggregates.weight[aggregate]! += weight;
    aggregates.xor[aggregate]! ^= slot;
  }

  /** The cell at (x, y), made when missing. Cells stay once made (a removal leaves a count of 0). */
  private cellAt(level: Level, x: number, y: number): number {
    let cell = findCell(level, x, y);
    if (cell !== -1) return cell;
    cell = level.cells.push();
    const folded = foldedKey(x, y);
    if (level.cellOf.has(folded)) level.farCells.set(y * level.side + x, cell);
    else level.cellOf.set(folded, cell);
    level.cells.arrays.cx[cell] = x;
    level.cells.arrays.cy[cell] = y;
    if (cell >= level.firstAggregate.length) {
      const grow = (from: Int32Array, fill: number) => {
        const to = new Int32Array(from.length * 2).fill(fill);
        to.set(from);
        return to;
      };
      level.firstAggregate = grow(level.firstAggregate, -1);
      level.blockStart = grow(level.blockStart, -1);
      level.blockLength = grow(level.blockLength, 0);
    }
    return cell;
  }

  private aggregateAt(level: Level, cell: number, sig: number): number {
    const key = cell * 8192 + sig;
    let aggregate = level.aggregateOf ? level.aggregateOf.get(key) : undefined;
    if (aggregate !== undefined) return aggregate;
    if (!level.aggregateOf) {
      const columns = level.aggregates.arrays;
      for (let a = level.firstAggregate[cell]!; a !== -1; a = columns.next[a]!) if (columns.sig[a] === sig) return a;
    }
    aggregate = level.aggregates.push();
    level.aggregateOf?.set(key, aggregate);
    const columns = level.aggregates.arrays;
    columns.cell[aggregate] = cell;
    columns.sig[aggregate] = sig;
    columns.next[aggregate] = level.firstAggregate[cell]!;
    level.firstAggregate[cell] = aggregate;
    return aggregate;
  }

  private categoryIndex(code: string): number {
    let index = this.categories.get(code);
    if (index === undefined) {
      // A kommun has a dozen categories; past 63 the last index is shared (and filters by them blur).
      index = Math.min(this.categories.size, maxCategories - 1);
      this.categories.set(code, index);
    }
    return index;
  }

  private signatureOf(createdAt: number, parts: number, status: ReportStatus, category: string): number {
    const recency = createdAt >= this.cutoffs[0]! ? 0 : createdAt >= this.cutoffs[1]! ? 1 : createdAt >= this.cutoffs[2]! ? 2 : 3;
    // Category in the top bits: sorted by signature, a cell's aggregates run category by category.
    return recency | ((parts & 7) << 2) | (kinds.indexOf(statusKind(status)) << 5) | (this.categoryIndex(category) << 7);
  }

  /** The signatures a filter lets through (1 = yes), or null when it matches nothing at all. */
  private matchesOf(filter: ClusterFilter): Uint8Array | null {
    let category = -1;
    if (filter.category !== undefined) {
      const index = this.categories.get(filter.category);
      if (index === undefined) return null;
      category = index;
    }
    const cacheKey = `${category}|${filter.kind ?? ''}|${filter.partBit ?? ''}|${filter.periodDays ?? ''}`;
    const cached = this.matchCache.get(cacheKey);
    if (cached) return cached;
    const kind = filter.kind ? kinds.indexOf(filter.kind) : -1;
    const maxRecency = filter.periodDays ? mapPeriods.indexOf(filter.periodDays) : 3;
    const match = new Uint8Array(8192);
    for (let sig = 0; sig < 8192; sig += 1) {
      const ok =
        (category === -1 || sig >> 7 === category) &&
        (kind === -1 || ((sig >> 5) & 3) === kind) &&
        (filter.partBit === undefined || (((sig >> 2) & 7) & filter.partBit) !== 0) &&
        (sig & 3) <= maxRecency;
      match[sig] = ok ? 1 : 0;
    }
    this.matchCache.set(cacheKey, match);
    return match;
  }
}

/** A cell's sums over the aggregates that match a filter, added up in cellsIn. */
interface Sums {
  count: number;
  weight: number;
  xor: number;
}

/**
 * Adds aggregate `a` to the sums when it matches. A module function, not one made in cellsIn for
 * each cell: a function made per call is also named per call where the code runs through tsx
 * (esbuild's __name), and that was half of a filtered viewport's time (profiled at z14).
 */
function addMatching(sums: Sums, aggregates: ReturnType<typeof aggregateColumns>, match: Uint8Array, a: number): void {
  if (aggregates.count[a]! === 0 || match[aggregates.sig[a]!] === 0) return;
  sums.count += aggregates.count[a]!;
  sums.weight += aggregates.weight[a]!;
  sums.xor ^= aggregates.xor[a]!;
}

/**
 * Lays each cell's aggregates side by side, so that summing a cell reads memory in order: after
 * load() they lie in the order the points came, and a filtered viewport would wait on the cache
 * for each one. Aggregates added later are chained on at the cell's front.
 */
function compactAggregates(level: Level): void {
  const from = level.aggregates.arrays;
  const to = aggregateColumns(Math.max(256, level.aggregates.size));
  // A cell has at most 8192 signatures: sig * 8192 + its place in the chain sorts as one integer.
  const order = new Int32Array(8192);
  const chain = new Int32Array(8192);
  let k = 0;
  for (let cell = 0; cell < level.cells.size; cell += 1) {
    let n = 0;
    for (let a = level.firstAggregate[cell]!; a !== -1; a = from.next[a]!) {
      chain[n] = a;
      order[n] = from.sig[a]! * 8192 + n;
      n += 1;
    }
    const sorted = order.subarray(0, n).sort();
    const start = k;
    for (let i = 0; i < n; i += 1) {
      const a = chain[sorted[i]! % 8192]!;
      to.cell[k] = cell;
      to.sig[k] = from.sig[a]!;
      to.count[k] = from.count[a]!;
      to.weight[k] = from.weight[a]!;
      to.xor[k] = from.xor[a]!;
      to.next[k] = i === n - 1 ? -1 : k + 1;
      k += 1;
    }
    level.firstAggregate[cell] = n > 0 ? start : -1;
    level.blockStart[cell] = n > 0 ? start : -1;
    level.blockLength[cell] = n;
  }
  level.aggregates.replace(to, k);
}

function foldedKey(x: number, y: number): number {
  return ((y & 0x7fff) << 15) | (x & 0x7fff);
}

function findCell(level: Level, x: number, y: number): number {
  const cell = level.cellOf.get(foldedKey(x, y));
  if (cell === undefined) return -1;
  const cells = level.cells.arrays;
  if (cells.cx[cell] === x && cells.cy[cell] === y) return cell;
  return level.farCells.get(y * level.side + x) ?? -1;
}

function isEmptyFilter(filter: ClusterFilter): boolean {
  return filter.category === undefined && filter.kind === undefined && filter.partBit === undefined && filter.periodDays === undefined;
}

/**
 * Leaf cells are keyed modulo 2^15 on each axis (600 km apart at leaf size) so keys stay small
 * integers, which V8's maps hold without boxing; the rare far-away neighbour in a chain is left
 * out by queryPoints' own box check.
 */
function leafKey(lon: number, lat: number): number {
  const side = 2 ** leafBits;
  return leafKeyOf(Math.min(side - 1, Math.floor(mercX(lon) * side)), Math.min(side - 1, Math.floor(mercY(lat) * side)));
}

const leafKeyOf = foldedKey;

function cellRange(bbox: Bbox, side: number) {
  const clamp = (v: number) => Math.max(0, Math.min(side - 1, Math.floor(v * side)));
  return { x0: clamp(mercX(bbox.minLon)), x1: clamp(mercX(bbox.maxLon)), y0: clamp(mercY(bbox.maxLat)), y1: clamp(mercY(bbox.minLat)) };
}

function cellCount(bbox: Bbox, side: number): number {
  const { x0, x1, y0, y1 } = cellRange(bbox, side);
  return (x1 - x0 + 1) * (y1 - y0 + 1);
}
