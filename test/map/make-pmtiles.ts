// Makes a small PMTiles v3 archive of Mapbox vector tiles from GeoJSON, for tests and screenshots
// (no real OpenStreetMap extract can be downloaded where tests run, and binaries are not
// committed). geojson-vt cuts the features into tiles, vt-pbf encodes each tile, and the archive
// is written here: the pmtiles package only reads. The layout follows the v3 specification
// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a 127-byte header, one root
// directory (small archives need no leaf directories), JSON metadata, then the tiles in tile-id
// order. Nothing is compressed, so every reader can open it.
import { writeFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import geojsonvt from 'geojson-vt';
import { zxyToTileId } from 'pmtiles';
import { fromGeojsonVt } from 'vt-pbf';

export interface ArchiveBounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface MakePmtilesOptions {
  /** One vector-tile layer per entry, e.g. { earth, water, roads, places }. */
  layers: Record<string, FeatureCollection>;
  bounds: ArchiveBounds;
  minZoom?: number;
  maxZoom?: number;
}

const headerBytes = 127;
const compressionNone = 1;
const tileTypeMvt = 1;

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A directory as the spec lays it out: count, tile-id deltas, run lengths, lengths, offsets. */
export function serializeDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = [];
  varint(out, entries.length);
  let lastId = 0;
  for (const entry of entries) {
    varint(out, entry.tileId - lastId);
    lastId = entry.tileId;
  }
  for (const entry of entries) varint(out, entry.runLength);
  for (const entry of entries) varint(out, entry.length);
  entries.forEach((entry, index) => {
    const previous = entries[index - 1];
    // 0 means "right after the previous tile"; anything else is the offset plus one.
    if (previous && entry.offset === previous.offset + previous.length) varint(out, 0);
    else varint(out, entry.offset + 1);
  });
  return Uint8Array.from(out);
}

function lonToTileX(lon: number, zoom: number): number {
  return Math.min(2 ** zoom - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** zoom)));
}

function latToTileY(lat: number, zoom: number): number {
  const rad = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** zoom;
  return Math.min(2 ** zoom - 1, Math.max(0, Math.floor(y)));
}

/** The archive's bytes. */
export function makePmtiles(options: MakePmtilesOptions): Buffer {
  const minZoom = options.minZoom ?? 0;
  const maxZoom = options.maxZoom ?? 12;
  const { bounds } = options;
  const indexes = Object.entries(options.layers).map(([name, collection]) => [name, geojsonvt(collection, { maxZoom, indexMaxZoom: 4, buffer: 64 })] as const);

  const tiles: { tileId: number; data: Uint8Array }[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = lonToTileX(bounds.minLon, z); x <= lonToTileX(bounds.maxLon, z); x++) {
      for (let y = latToTileY(bounds.maxLat, z); y <= latToTileY(bounds.minLat, z); y++) {
        const layers: Record<string, geojsonvt.Tile> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) layers[name] = tile;
        }
        if (Object.keys(layers).length === 0) continue;
        tiles.push({ tileId: zxyToTileId(z, x, y), data: fromGeojsonVt(layers, { version: 2 }) });
      }
    }
  }
  tiles.sort((a, b) => a.tileId - b.tileId);

  const entries: Entry[] = [];
  let offset = 0;
  for (const tile of tiles) {
    entries.push({ tileId: tile.tileId, offset, length: tile.data.length, runLength: 1 });
    offset += tile.data.length;
  }
  const rootDirectory = serializeDirectory(entries);
  const metadata = Buffer.from(
    JSON.stringify({
      name: 'Samtrygg test basemap',
      description: 'Generated from test GeoJSON; not real map data',
      attribution: 'Testdata',
      vector_layers: Object.keys(options.layers).map((id) => ({ id, fields: {}, minzoom: minZoom, maxzoom: maxZoom })),
    }),
    'utf8',
  );
  const tileData = Buffer.concat(tiles.map((t) => t.data));

  const header = Buffer.alloc(headerBytes);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = headerBytes;
  const metadataOffset = rootOffset + rootDirectory.length;
  const tileDataOffset = metadataOffset + metadata.length;
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(rootDirectory.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(0, 40); // no leaf directories
  u64(0, 48);
  u64(tileDataOffset, 56);
  u64(tileData.length, 64);
  u64(tiles.length, 72); // addressed tiles
  u64(entries.length, 80); // tile entries
  u64(tiles.length, 88); // tile contents
  header.writeUInt8(1, 96); // clustered: tiles are in tile-id order
  header.writeUInt8(compressionNone, 97);
  header.writeUInt8(compressionNone, 98);
  header.writeUInt8(tileTypeMvt, 99);
  header.writeUInt8(minZoom, 100);
  header.writeUInt8(maxZoom, 101);
  const e7 = (value: number) => Math.round(value * 1e7);
  header.writeInt32LE(e7(bounds.minLon), 102);
  header.writeInt32LE(e7(bounds.minLat), 106);
  header.writeInt32LE(e7(bounds.maxLon), 110);
  header.writeInt32LE(e7(bounds.maxLat), 114);
  header.writeUInt8(Math.min(maxZoom, 11), 118);
  header.writeInt32LE(e7((bounds.minLon + bounds.maxLon) / 2), 119);
  header.writeInt32LE(e7((bounds.minLat + bounds.maxLat) / 2), 123);

  return Buffer.concat([header, rootDirectory, metadata, tileData]);
}

export function writePmtiles(path: string, options: MakePmtilesOptions): void {
  writeFileSync(path, makePmtiles(options));
}
