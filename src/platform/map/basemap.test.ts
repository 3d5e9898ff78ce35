import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { ConfigError, loadConfig } from '../config.js';
import { createTestApp, TestClient, type TestApp } from '../../../test/app.js';
import { dialects } from '../../../test/databases.js';
import { testBasemapBounds, writeTestBasemap } from '../../../test/map/test-basemap.js';
import { basemapUrl, parseRange, readPmtilesHeader } from './basemap.js';

const archivePath = writeTestBasemap();
const archive = readFileSync(archivePath);
const size = archive.length;

describe('byte ranges (RFC 9110)', () => {
  it.each([
    ['no header', undefined, { kind: 'full' }],
    ['the first 127 bytes', 'bytes=0-126', { kind: 'range', range: { start: 0, end: 126 } }],
    ['a range in the middle', 'bytes=100-199', { kind: 'range', range: { start: 100, end: 199 } }],
    ['an open end', 'bytes=990-', { kind: 'range', range: { start: 990, end: 999 } }],
    ['a suffix', 'bytes=-10', { kind: 'range', range: { start: 990, end: 999 } }],
    ['a suffix longer than the file', 'bytes=-5000', { kind: 'range', range: { start: 0, end: 999 } }],
    ['an end past the file (clamped)', 'bytes=900-5000', { kind: 'range', range: { start: 900, end: 999 } }],
    ['a start past the file', 'bytes=1000-', { kind: 'unsatisfiable' }],
    ['an end before the start', 'bytes=5-2', { kind: 'unsatisfiable' }],
    ['an empty suffix', 'bytes=-0', { kind: 'unsatisfiable' }],
    ['no numbers', 'bytes=-', { kind: 'unsatisfiable' }],
    ['junk', 'bytes=a-b', { kind: 'unsatisfiable' }],
    ['another unit (ignored)', 'items=0-5', { kind: 'full' }],
    ['several ranges (ignored)', 'bytes=0-1,5-6', { kind: 'full' }],
  ] as const)('reads %s', (_name, header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('finds nothing to send in an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('the PMTiles header check', () => {
  it('reads zooms and bounds of a vector archive', () => {
    const info = readPmtilesHeader(archivePath);
    expect(info).toMatchObject({ minZoom: 0, maxZoom: 13 });
    expect(typeof info === 'object' && info.bounds).toEqual([testBasemapBounds.minLon, testBasemapBounds.minLat, testBasemapBounds.maxLon, testBasemapBounds.maxLat]);
  });

  it('names MAP_PMTILES when the file is missing, is not PMTiles, is version 2 or holds raster tiles', () => {
    const problem = (path: string) => {
      try {
        loadConfig({ MAP_PMTILES: path });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
      }
      return 'accepted';
    };
    expect(problem('/nonexistent/basemap.pmtiles')).toMatch(/^MAP_PMTILES: .*cannot be read/);
    const other = `${archivePath}.txt`;
    writeFileSync(other, Buffer.alloc(200, 65));
    expect(problem(other)).toMatch(/^MAP_PMTILES: .*not a PMTiles archive/);
    const v2 = Buffer.from(archive);
    v2.writeUInt8(2, 7);
    writeFileSync(other, v2);
    expect(problem(other)).toMatch(/version 2/);
    const raster = Buffer.from(archive);
    raster.writeUInt8(2, 99);
    writeFileSync(other, raster);
    expect(problem(other)).toMatch(/PNG tiles.*MAP_TILE_URL/);
    expect(loadConfig({ MAP_PMTILES: archivePath }).map.pmtiles?.maxZoom).toBe(13);
  });
});

describe.each(dialects)('the self-hosted basemap over HTTP (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { MAP_PMTILES: archivePath } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url: basemapUrl, headers });

  it('sends the whole archive without a Range header, saying it takes ranges', async () => {
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers['content-type']).toBe('application/vnd.pmtiles');
    expect(Number(response.headers['content-length'])).toBe(size);
    expect(response.rawPayload.equals(archive)).toBe(true);
  });

  it('answers the first 127 bytes (the header) with 206 and the right Content-Range', async () => {
    const response = await get({ range: 'bytes=0-126' });
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-126/${size}`);
    expect(response.headers['content-length']).toBe('127');
    expect(response.rawPayload.equals(archive.subarray(0, 127))).toBe(true);
    expect(response.rawPayload.toString('ascii', 0, 7)).toBe('PMTiles');
  });

  it('answers a range in the middle and a suffix range byte for byte', async () => {
    const middle = await get({ range: 'bytes=1000-4999' });
    expect(middle.statusCode).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 1000-4999/${size}`);
    expect(middle.rawPayload.equals(archive.subarray(1000, 5000))).toBe(true);
    const suffix = await get({ range: 'bytes=-500' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect(suffix.rawPayload.equals(archive.subarray(size - 500))).toBe(true);
  });

  it('refuses a range past the end or backwards with 416 and the size', async () => {
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=9-3', 'bytes=x-y']) {
      const response = await get({ range });
      expect(response.statusCode, range).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${size}`);
      expect(response.rawPayload.length).toBe(0);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const whole = await get({}, 'HEAD');
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-length']).toBe(String(size));
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.length).toBe(0);
    const part = await get({ range: 'bytes=0-126' }, 'HEAD');
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-126/${size}`);
    expect(part.rawPayload.length).toBe(0);
  });

  it('sends the whole file when If-Range names another version', async () => {
    const current = await get({ range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(current.statusCode).toBe(200);
    const { etag } = (await get({}, 'HEAD')).headers;
    expect((await get({ range: 'bytes=0-9', 'if-range': String(etag) })).statusCode).toBe(206);
  });

  it('serves tiles a PMTiles reader can decode, through range requests only', async () => {
    const requests: string[] = [];
    const source: Source = {
      getKey: () => basemapUrl,
      getBytes: async (offset, length): Promise<RangeResponse> => {
        const range = `bytes=${offset}-${offset + length - 1}`;
        requests.push(range);
        const response = await get({ range });
        expect(response.statusCode).toBe(206);
        const data = response.rawPayload;
        return { data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer };
      },
    };
    const reader = new PMTiles(source);
    expect((await reader.getHeader()).maxZoom).toBe(13);
    // The tile with Vallentuna's centre (59.534 N, 18.078 E) at zoom 12.
    const tile = await reader.getZxy(12, 2253, 1200);
    expect(tile?.data.byteLength).toBeGreaterThan(50);
    expect(requests.every((r) => /^bytes=\d+-\d+$/.test(r))).toBe(true);
  });

  it('points the map island at the archive, with no third-party origin in the CSP', async () => {
    const response = await t.app.inject('/vallentuna/platser');
    expect(response.body).toContain(`data-vector-url="${basemapUrl}"`);
    expect(response.body).toContain('data-vector-max-zoom="13"');
    expect(response.headers['content-security-policy']).not.toMatch(/https?:/);
    const script = await t.app.inject('/assets/vendor/protomaps-leaflet/protomaps-leaflet.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });
});

describe.each(dialects)('maps without any basemap (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no archive to serve', async () => {
    expect((await t.app.inject(basemapUrl)).statusCode).toBe(404);
  });

  it('shows residents the places without an alarming note', async () => {
    const response = await t.app.inject('/vallentuna/platser');
    expect(response.body).toContain('data-map-id="places-map"');
    expect(response.body).not.toContain('data-map-notice');
    expect(response.body).not.toMatch(/Kartbilder kan inte visas|bakgrundskarta/i);
  });

  it('tells staff that no basemap is set up and how to set one, in Swedish and English', async () => {
    const client = new TestClient(t.app);
    await client.signIn('samordnare@vallentuna.example');
    const sv = await client.get('/vallentuna/admin/platser/ny');
    expect(sv.body).toMatch(/data-map-notice hidden>Ingen bakgrundskarta är inställd.*MAP_PMTILES.*MAP_TILE_URL/);
    const english = new TestClient(t.app);
    await english.get('/sprak?till=en&tillbaka=%2F');
    await english.signIn('samordnare@vallentuna.example');
    const en = await english.get('/vallentuna/admin/platser/ny');
    expect(en.body).toMatch(/No background map is set up.*MAP_PMTILES/);
  });
});

describe('the basemap dropped into the data folder', () => {
  it('is used without MAP_PMTILES outside tests, from ./data/basemap.pmtiles', () => {
    const folder = mkdtempSync(join(tmpdir(), 'samtrygg-data-'));
    mkdirSync(join(folder, 'data'));
    copyFileSync(archivePath, join(folder, 'data', 'basemap.pmtiles'));
    const cwd = process.cwd();
    try {
      process.chdir(folder);
      expect(loadConfig({ NODE_ENV: 'development' }).map.pmtiles?.maxZoom).toBe(13);
      expect(loadConfig({ NODE_ENV: 'test' }).map.pmtiles).toBeUndefined();
      rmSync(join(folder, 'data', 'basemap.pmtiles'));
      expect(loadConfig({ NODE_ENV: 'development' }).map.pmtiles).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });
});
