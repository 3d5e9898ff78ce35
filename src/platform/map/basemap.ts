// A self-hosted vector basemap: one PMTiles archive (an OpenStreetMap extract of the kommun's
// region) served from our own origin with HTTP range requests, so residents' browsers never ask a
// third party for map data. The archive is read in ranges from disk and streamed; it can be
// gigabytes and is never read whole.
import { createReadStream, closeSync, openSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where pages and the island find the archive. Under /assets, which no kommun slug can take. */
export const basemapUrl = '/assets/basemap.pmtiles';

export interface BasemapInfo {
  path: string;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees, from the archive's header. */
  bounds: [number, number, number, number];
}

const headerBytes = 127;
const tileTypes: Record<number, string> = { 0: 'unknown', 1: 'vector (MVT)', 2: 'PNG', 3: 'JPEG', 4: 'WebP', 5: 'AVIF' };

/**
 * Reads and checks a PMTiles v3 header. Returns what the island needs, or a sentence saying what
 * is wrong with the file (for the configuration error). Only vector archives are accepted: raster
 * tiles are served through MAP_TILE_URL instead.
 */
export function readPmtilesHeader(path: string): BasemapInfo | string {
  let header: Buffer;
  try {
    if (!statSync(path).isFile()) return `${path} is not a file`;
    const fd = openSync(path, 'r');
    try {
      header = Buffer.alloc(headerBytes);
      const read = readSync(fd, header, 0, headerBytes, 0);
      if (read < headerBytes) return `${path} is too short to be a PMTiles archive`;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (header.toString('ascii', 0, 7) !== 'PMTiles') return `${path} is not a PMTiles archive`;
  const version = header.readUInt8(7);
  if (version !== 3) return `${path} is PMTiles version ${version}; convert it to version 3 (pmtiles convert)`;
  const tileType = header.readUInt8(99);
  if (tileType !== 1) return `${path} holds ${tileTypes[tileType] ?? 'unknown'} tiles; a basemap archive must hold vector tiles (raster tiles go in MAP_TILE_URL)`;
  const e7 = (at: number) => header.readInt32LE(at) / 1e7;
  return { path, minZoom: header.readUInt8(100), maxZoom: header.readUInt8(101), bounds: [e7(102), e7(106), e7(110), e7(114)] };
}

export type ByteRange = { start: number; end: number };

/**
 * What a Range header asks of a file of `size` bytes (RFC 9110 §14): `full` for no header, a unit
 * other than bytes, or several ranges (we may ignore those and send the whole file; PMTiles
 * clients only ask for one); one `range` (end inclusive, clamped to the file); or
 * `unsatisfiable` for a malformed range or one that starts past the end.
 */
export function parseRange(header: string | undefined, size: number): { kind: 'full' } | { kind: 'range'; range: ByteRange } | { kind: 'unsatisfiable' } {
  if (header === undefined) return { kind: 'full' };
  const match = /^\s*([A-Za-z]+)=(.*)$/.exec(header);
  if (!match || match[1]!.toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = match[2]!.split(',');
  if (specs.length > 1) return { kind: 'full' };
  const spec = /^\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/.exec(specs[0]!);
  if (!spec) return { kind: 'unsatisfiable' };
  const [, first, last] = spec as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start || start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', range: { start, end: Math.min(end, size - 1) } };
}

/** GET and HEAD of the archive, with single byte ranges. */
export function registerBasemapRoute(app: FastifyInstance, basemap: BasemapInfo): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    let size: number;
    let modified: Date;
    try {
      const stats = await stat(basemap.path);
      size = stats.size;
      modified = stats.mtime;
    } catch {
      // Removed while running: the island then falls back to the plain background.
      return reply.code(404).header('cache-control', 'no-store').send();
    }
    // Strong enough for If-Range: a replaced archive has another size or time.
    const etag = `"${size.toString(36)}-${Math.floor(modified.getTime()).toString(36)}"`;
    reply
      .header('accept-ranges', 'bytes')
      .header('content-type', 'application/vnd.pmtiles')
      .header('etag', etag)
      .header('last-modified', modified.toUTCString())
      .header('cache-control', 'public, max-age=3600');
    const ifRange = request.headers['if-range'];
    const rangeHeader = ifRange !== undefined && ifRange !== etag ? undefined : request.headers.range;
    const asked = parseRange(rangeHeader, size);
    if (asked.kind === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${size}`).header('content-length', '0').send();
    }
    const { start, end } = asked.kind === 'range' ? asked.range : { start: 0, end: size - 1 };
    if (asked.kind === 'range') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    reply.header('content-length', String(Math.max(0, end - start + 1)));
    if (request.method === 'HEAD' || size === 0) return reply.send();
    return reply.send(createReadStream(basemap.path, { start, end }));
  };
  app.route({ method: ['GET', 'HEAD'], url: basemapUrl, exposeHeadRoute: false, handler: serve });
}
