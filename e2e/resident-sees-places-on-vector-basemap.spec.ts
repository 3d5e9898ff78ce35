// The self-hosted vector basemap in a real browser: the map island draws the PMTiles archive
// (generated from test GeoJSON) with protomaps-leaflet, every request stays on our own origin,
// the CSP holds, and the page passes axe. MAP_SCREENSHOT_DIR=… also saves screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAxe, launchBrowser, newContext, startApp, type RunningApp } from '../test/browser.js';
import { dialects } from '../test/databases.js';
import { writeTestBasemap } from '../test/map/test-basemap.js';

const archive = writeTestBasemap();
const screenshotDir = process.env.MAP_SCREENSHOT_DIR;
/** How long a poll waits for the island to reach a state (vitest's default of 1 s is short on a busy machine). */
const settle = { timeout: 20_000, interval: 100 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Distinct colours in the drawn basemap tiles: land alone is one, roads, water and parks add more. */
async function basemapColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const colours = new Set<string>();
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.leaflet-tile-pane canvas.leaflet-tile')) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
    }
    return colours.size;
  });
}

describe.each(dialects)('a resident sees the places on the self-hosted vector basemap (%s)', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect, { config: { MAP_PMTILES: archive } });
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const viewport of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`draws vector tiles from our own origin on a ${viewport.name} (${viewport.width} px), with no CSP violation and no axe finding`, async () => {
      const context = await newContext(browser, app, { viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      const elsewhere: string[] = [];
      const ranges: number[] = [];
      const problems: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(app.baseUrl) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) elsewhere.push(request.url());
      });
      page.on('response', (response) => {
        if (response.url().endsWith('/assets/basemap.pmtiles')) ranges.push(response.status());
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto('/vallentuna/platser');
      const map = page.locator('[data-map-id="places-map"]');
      await expect.poll(() => map.getAttribute('data-tiles'), settle).toBe('ok');
      await expect.poll(() => map.getAttribute('data-feature-count'), settle).toBe('5');
      expect(await page.locator('.leaflet-tile-pane canvas.leaflet-tile').count()).toBeGreaterThan(0);
      await expect.poll(() => basemapColours(page), settle).toBeGreaterThan(2);
      expect(await map.locator('[data-map-notice]').isHidden()).toBe(true);
      // The demo's approximate boundary is drawn, labelled, and the map fits it (the whole kommun).
      await expect.poll(() => map.getAttribute('data-boundary'), settle).toBe('shown');
      expect(await page.locator('path.map-boundary').count()).toBe(1);
      expect(await map.locator('[data-map-boundary-note]').textContent()).toContain('ungefärlig gräns');
      expect(await map.locator('[data-map-boundary-note]').isVisible()).toBe(true);
      const outline = await page.locator('path.map-boundary').boundingBox();
      const canvas = await map.locator('[data-map-canvas]').boundingBox();
      expect(outline && canvas && outline.width <= canvas.width && outline.height <= canvas.height && (outline.width > canvas.width / 3 || outline.height > canvas.height / 3), JSON.stringify({ outline, canvas })).toBe(true);
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.every((status) => status === 206)).toBe(true);
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      await checkAxe(page);
      if (screenshotDir && dialect === 'sqlite') {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: join(screenshotDir, `places-vector-basemap-${viewport.name}-${viewport.width}.png`), fullPage: true });
      }
      await context.close();
    }, 60_000);
  }

  it('falls back to the plain background, saying so, when the archive cannot be loaded', async () => {
    const context = await newContext(browser, app);
    await context.route('**/assets/basemap.pmtiles', (route) => route.fulfill({ status: 404, body: '' }));
    const page = await context.newPage();
    await page.goto('/vallentuna/platser');
    const map = page.locator('[data-map-id="places-map"]');
    await expect.poll(() => map.getAttribute('data-tiles'), settle).toBe('failed');
    await expect.poll(() => map.locator('[data-map-notice]').textContent(), settle).toContain('Bakgrundskartan kunde inte laddas');
    expect(await map.locator('[data-map-notice]').isVisible()).toBe(true);
    await expect.poll(() => map.getAttribute('data-feature-count'), settle).toBe('5');
    await context.close();
  }, 60_000);
});
