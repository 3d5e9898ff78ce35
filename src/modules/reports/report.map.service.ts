// The public map's data: one cluster index per kommun, built on first use (or at start) from the
// published reports and kept current. This instance learns of its own moderation through the
// module's events; every instance also polls the reports changed since it last looked (a cheap
// read of reports_updated_idx) about once a second, which is how a second app instance behind
// the same load balancer learns of a report another one published. Nothing in the index is
// personal: the public position (rounded for sensitive categories), category, state, parts of
// the day, date and weight.
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { canReadInThread, readInThread } from '../../platform/db/thread-reader.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { listKommuner, type Kommun } from '../../platform/tenants/index.js';
import { categoryName, type ReportCategory } from './report.categories.js';
import { allCategoriesOf } from './report.categories.service.js';
import { ClusterIndex, type Bbox, type ClusterFilter, type ClusterPoint } from './report.cluster.js';
import { hasPublishedReports, latestChange, listChangedSince, listPublishedForLoad, listPublishedForMap, publishedForLoadQuery, threadLoadKinds, type KeysetCursor, type LoadRow, type MapRow } from './report.map.repository.js';
import { formatReference } from './report.reference.js';
import { reportPaths } from './report.paths.js';
import type { ReportSubmittedEvent } from './report.service.js';
import type { ReportStatus } from './report.tables.js';

/** How often each instance asks the database what changed. */
export const mapPollMs = 1000;
/** Changes are read again this far back: a transaction that committed late with an earlier clock is not missed. */
const pollOverlapMs = 3000;
const loadChunk = 20_000;
const pollChunk = 2000;

interface KommunIndex {
  index: ClusterIndex;
  /** The latest updated_at applied (ISO), and when this instance last saw it move. */
  seen: string;
  seenAt: number;
  polling: Promise<void> | null;
  /** How long the first build took, in ms (the bench reports it). */
  buildMs: number;
}

interface MapState {
  kommuns: Map<string, Promise<KommunIndex>>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

const states = new WeakMap<AppContext, MapState>();

function stateOf(ctx: AppContext): MapState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { kommuns: new Map(), timer: null, stopped: false }));
  return state;
}

const toMs = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(value));
const toIso = (value: string | Date) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

/** A changed report as the map shows it, or null when it is not (or no longer) public. */
function pointOf(row: MapRow): ClusterPoint | null {
  return row.moderation === 'published' ? placedPointOf(row) : null;
}

/** A published report's point; null without a public position. */
function placedPointOf(row: LoadRow): ClusterPoint | null {
  if (row.public_lat === null || row.public_lon === null) return null;
  return {
    reference: row.reference,
    lon: Number(row.public_lon),
    lat: Number(row.public_lat),
    category: row.category_code,
    status: row.status,
    parts: Number(row.when_parts),
    createdAt: toMs(row.created_at),
    weight: 1 + Number(row.supporters),
  };
}

async function buildIndex(ctx: AppContext, kommunId: string): Promise<KommunIndex> {
  const started = Date.now();
  // Read before loading: whatever changes during the load is read again by the first poll.
  const seen = (await latestChange(ctx.db, kommunId)) ?? new Date(0).toISOString();
  // Loaded a chunk at a time: a chunk's points are garbage once the index has them in its columns.
  const index = new ClusterIndex();
  index.startLoad();
  if (canReadInThread(ctx.db)) await loadInThread(ctx, kommunId, index);
  else await loadInPages(ctx, kommunId, index);
  index.finishLoad();
  const buildMs = Date.now() - started;
  // The map answers now; its table of references (needed for the first change) is made just after.
  setImmediate(() => index.has(''));
  ctx.logger.info({ kommunId, reports: index.size, ms: buildMs }, 'report map index built');
  return { index, seen: toIso(seen), seenAt: Date.now(), polling: null, buildMs };
}

/**
 * A SQLite file or PostgreSQL is read in a thread of its own (thread-reader.ts): the next rows are
 * made there (by SQLite, or by pg from PostgreSQL's answer) while the index takes in the chunk
 * before. With a million reports the read and the index were each about half of the build, one
 * after the other (measured under `npm run bench`); on PostgreSQL the build took 6.0 s a page at
 * a time and 4.5 s so (medians of three, side by side).
 */
export async function loadInThread(ctx: AppContext, kommunId: string, index: ClusterIndex): Promise<void> {
  for await (const chunk of readInThread(ctx.db, publishedForLoadQuery(ctx.db, kommunId), threadLoadKinds)) {
    const [reference, category, status, lat, lon, parts, createdAt, supporters] = chunk.columns as [string[], string[], ReportStatus[], Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const points: ClusterPoint[] = [];
    for (let i = 0; i < chunk.rows; i += 1) {
      // No public position (never, for a published report; as placedPointOf).
      if (Number.isNaN(lat[i]) || Number.isNaN(lon[i])) continue;
      points.push({ reference: reference[i]!, lon: lon[i]!, lat: lat[i]!, category: category[i]!, status: status[i]!, parts: parts[i]!, createdAt: createdAt[i]!, weight: 1 + supporters[i]! });
    }
    index.loadMore(points);
  }
}

/**
 * An in-memory SQLite database (only its own connection sees it): a page at a time, on the event
 * loop. The tests also build with it on PostgreSQL, to compare with the thread's build.
 */
export async function loadInPages(ctx: AppContext, kommunId: string, index: ClusterIndex): Promise<void> {
  // The next page is asked for as soon as a page arrives, so that the database reads it (on
  // PostgreSQL, in its own process) while this one is added to the index.
  const pageAfter = (after?: KeysetCursor) => {
    const page = listPublishedForLoad(ctx.db, kommunId, loadChunk, after);
    // Awaited below; if the build fails first, its rejection is not left unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<LoadRow[]> | null = pageAfter();
  while (next) {
    const rows: LoadRow[] = await next;
    const last: LoadRow | undefined = rows.length === loadChunk ? rows[rows.length - 1] : undefined;
    next = last ? pageAfter({ at: toIso(last.created_at), id: last.id }) : null;
    const points: ClusterPoint[] = [];
    for (const row of rows) {
      const point = placedPointOf(row);
      if (point) points.push(point);
    }
    index.loadMore(points);
  }
}

/** The kommun's index, built on first use; concurrent first requests share one build. */
export async function mapIndexOf(ctx: AppContext, kommunId: string): Promise<KommunIndex> {
  const state = stateOf(ctx);
  let entry = state.kommuns.get(kommunId);
  if (!entry) {
    entry = buildIndex(ctx, kommunId);
    state.kommuns.set(kommunId, entry);
    entry.catch(() => state.kommuns.delete(kommunId));
    startPolling(ctx, state);
  }
  return entry;
}

/** Whether this instance has (or is building) the kommun's index. */
export function hasMapIndex(ctx: AppContext, kommunId: string): boolean {
  return stateOf(ctx).kommuns.has(kommunId);
}

/** Applies what changed in the kommun's reports since the index last looked. */
export async function refreshMapIndex(ctx: AppContext, kommunId: string): Promise<void> {
  const entry = stateOf(ctx).kommuns.get(kommunId);
  if (!entry) return;
  const built = await entry;
  // One poll at a time per kommun; a second caller waits for the running one and then looks again.
  while (built.polling) await built.polling;
  built.polling = applyChanges(ctx, kommunId, built).finally(() => {
    built.polling = null;
  });
  await built.polling;
}

async function applyChanges(ctx: AppContext, kommunId: string, built: KommunIndex): Promise<void> {
  // Right after a change, look a little further back for a late commit; once things are quiet,
  // read only from the latest change on, so a burst of writes is not read again every second.
  const since = Date.now() - built.seenAt < 3 * pollOverlapMs ? new Date(Date.parse(built.seen) - pollOverlapMs).toISOString() : built.seen;
  let after: KeysetCursor | undefined;
  for (;;) {
    const rows = await listChangedSince(ctx.db, kommunId, since, pollChunk, after);
    for (const row of rows) {
      const point = pointOf(row);
      if (point) built.index.upsert(point);
      else built.index.remove(row.reference);
      const at = toIso(row.updated_at);
      if (at > built.seen) {
        built.seen = at;
        built.seenAt = Date.now();
      }
    }
    if (rows.length < pollChunk) return;
    const last = rows[rows.length - 1]!;
    after = { at: toIso(last.updated_at), id: last.id };
  }
}

function startPolling(ctx: AppContext, state: MapState): void {
  if (state.timer || state.stopped) return;
  state.timer = setInterval(() => {
    for (const kommunId of state.kommuns.keys()) {
      refreshMapIndex(ctx, kommunId).catch((error: unknown) => ctx.logger.warn({ err: error, kommunId }, 'report map poll failed'));
    }
  }, mapPollMs);
  // The poll never keeps a process alive on its own.
  state.timer.unref();
}

/**
 * At start: builds the index of every kommun with published reports, one after another, so the
 * first map request does not wait for it ("ready within seconds of start", issue 8 item 11).
 */
export async function warmMapIndexes(ctx: AppContext): Promise<void> {
  for (const kommun of await listKommuner(ctx.db)) {
    if (stateOf(ctx).stopped) return;
    if (await hasPublishedReports(ctx.db, kommun.id)) await mapIndexOf(ctx, kommun.id);
  }
}

/** Stops this app's polling (the server's onClose). */
export function stopMapIndexes(ctx: AppContext): void {
  const state = stateOf(ctx);
  state.stopped = true;
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** This instance's own moderation reaches its map at once, without waiting for the poll. */
export function listenForMapChanges(ctx: AppContext): void {
  const refresh = (event: ReportSubmittedEvent) => refreshMapIndex(ctx, event.kommunId);
  ctx.events.on<ReportSubmittedEvent>('reports.report_published', refresh);
  ctx.events.on<ReportSubmittedEvent>('reports.report_changed', refresh);
}

// ---- answers -------------------------------------------------------------------------------

export interface MapQuery {
  bbox: Bbox;
  zoom: number;
  filter: ClusterFilter;
  limit: number;
}

type Properties =
  | { cluster: true; count: number; weight: number; name: string }
  | { cluster: false; name: string; url: string; reference: string; category: string; status: ReportStatus; weight: number };

export interface MapFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: { type: 'Point'; coordinates: [number, number] }; properties: Properties }[];
  truncated: boolean;
  zoom?: number;
  next?: string | null;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

type MapFeature = MapFeatureCollection['features'][number];

/** A number as JSON writes it (null when not finite). */
const jsonNumber = (value: number) => (Number.isFinite(value) ? String(value) : 'null');
const jsonText = (value: string) => JSON.stringify(value);

function featureJson(feature: MapFeature): string {
  const [lon, lat] = feature.geometry.coordinates;
  const head = `{"type":"Feature",${feature.id === undefined ? '' : `"id":${jsonText(feature.id)},`}"geometry":{"type":"Point","coordinates":[${jsonNumber(lon)},${jsonNumber(lat)}]},"properties":`;
  const p = feature.properties;
  return p.cluster
    ? `${head}{"cluster":true,"count":${jsonNumber(p.count)},"weight":${jsonNumber(p.weight)},"name":${jsonText(p.name)}}}`
    : `${head}{"cluster":false,"name":${jsonText(p.name)},"url":${jsonText(p.url)},"reference":${jsonText(p.reference)},"category":${jsonText(p.category)},"status":${jsonText(p.status)},"weight":${jsonNumber(p.weight)}}}`;
}

/**
 * The collection as JSON text, as JSON.stringify would write it. A deep zoom answers a few
 * hundred features, and JSON.stringify walking their objects was ~40 % of the request (profiled
 * at z15); written from the features' known shape it takes about a third of that time (measured).
 * report.map.json.test.ts reads generated collections back and compares them with JSON.stringify's.
 */
export function featureCollectionJson(collection: MapFeatureCollection): string {
  const { features, ...rest } = collection;
  let out = '{"features":[';
  for (let i = 0; i < features.length; i += 1) out += (i === 0 ? '' : ',') + featureJson(features[i]!);
  // The rest (type, truncated, zoom, next) as JSON.stringify writes it, after the features.
  return `${out}],${JSON.stringify(rest).slice(1)}`;
}

export interface FeatureWords {
  locale: Locale;
  clusterName: (count: number) => string;
  statusName: (status: ReportStatus) => string;
}

function pointFeature(slug: string, categories: Map<string, ReportCategory>, words: FeatureWords, point: ClusterPoint) {
  const category = categories.get(point.category);
  const name = `${category ? categoryName(category, words.locale) : point.category} (${formatReference(point.reference)}), ${words.statusName(point.status)}`;
  return {
    type: 'Feature' as const,
    id: point.reference,
    geometry: { type: 'Point' as const, coordinates: [round6(point.lon), round6(point.lat)] as [number, number] },
    properties: { cluster: false as const, name, url: `/${slug}/${reportPaths.report(point.reference)}`, reference: point.reference, category: point.category, status: point.status, weight: point.weight },
  };
}

/** A viewport: clusters with their count and weight, or single reports, a few hundred at most. */
export async function mapViewport(ctx: AppContext, kommun: Kommun, query: MapQuery, words: FeatureWords): Promise<MapFeatureCollection> {
  const { index } = await mapIndexOf(ctx, kommun.id);
  const answer = index.query(query.bbox, query.zoom, query.filter, { limit: query.limit });
  // Category names only where single reports are named: a view of clusters reads no table at all.
  const categories = answer.items.some((item) => item.kind === 'point') ? await allCategoriesOf(ctx.db, kommun.id) : [];
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const features = answer.items.map((item) =>
    item.kind === 'point'
      ? pointFeature(kommun.slug, byCode, words, item.point)
      : {
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [round6(item.lon), round6(item.lat)] as [number, number] },
          properties: { cluster: true as const, count: item.count, weight: item.weight, name: words.clusterName(item.count) },
        },
  );
  return { type: 'FeatureCollection', features, truncated: answer.truncated, zoom: answer.zoom };
}

export function encodeMapCursor(cursor: KeysetCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

export function decodeMapCursor(value: string): KeysetCursor | null {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const time = at ? Date.parse(at) : Number.NaN;
  if (!isId(id) || Number.isNaN(time)) return null;
  // Written back as the database wrote it, so PostgreSQL never meets a date it cannot read.
  return { at: new Date(time).toISOString(), id };
}

/** Open data: every published report as a point, in creation order, a page at a time (keyset). */
export async function mapPointsPage(ctx: AppContext, kommun: Kommun, limit: number, after: KeysetCursor | undefined, words: FeatureWords): Promise<MapFeatureCollection> {
  const [rows, categories] = await Promise.all([listPublishedForMap(ctx.db, kommun.id, limit + 1, after), allCategoriesOf(ctx.db, kommun.id)]);
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const page = rows.slice(0, limit);
  const features = page.flatMap((row) => {
    const point = pointOf(row);
    return point ? [pointFeature(kommun.slug, byCode, words, point)] : [];
  });
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? encodeMapCursor({ at: toIso(last.created_at), id: last.id }) : null;
  return { type: 'FeatureCollection', features, truncated: next !== null, next };
}

/** Where a kommun's reports are, on the whole: the map's first view when the kommun has no boundary. */
export async function mapCentre(ctx: AppContext, kommunId: string): Promise<{ lat: number; lon: number } | null> {
  const { index } = await mapIndexOf(ctx, kommunId);
  const answer = index.query({ minLon: -180, minLat: -85, maxLon: 180, maxLat: 85 }, 0);
  let weight = 0;
  let lat = 0;
  let lon = 0;
  for (const item of answer.items) {
    const w = item.kind === 'cluster' ? item.count : 1;
    const at = item.kind === 'cluster' ? item : item.point;
    weight += w;
    lat += at.lat * w;
    lon += at.lon * w;
  }
  return weight > 0 ? { lat: round6(lat / weight), lon: round6(lon / weight) } : null;
}

/** The kommun's index build time and size, for the bench's figures. */
export async function mapIndexFigures(ctx: AppContext, kommunId: string): Promise<{ reports: number; buildMs: number }> {
  const built = await mapIndexOf(ctx, kommunId);
  return { reports: built.index.size, buildMs: built.buildMs };
}
