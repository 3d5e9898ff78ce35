// The public map's island in a real browser, by keyboard: without JavaScript the page is the
// list; with it, the filters reach both the list and the map's clusters, which agree on the
// count. Tab reaches a cluster (a button named with its count); Enter, then Space, zooms in and
// the island fetches that part of the map again, until single reports appear as links to their
// pages. One browser context on PostgreSQL (the SQLite side of the map's data is in
// report.map.test.ts); axe checks the page without scripts and with the map drawn.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAxe, launchBrowser, newContext, startApp, type RunningApp } from '../../../../test/browser.js';

/** How long a poll waits for the island (vitest's default of 1 s is short on a busy machine). */
const settle = { timeout: 20_000, interval: 100 };
const scriptFiles = /\.m?js(\?.*)?$/;

let browser: Browser;
let app: RunningApp;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startApp('postgres');
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

/** Presses Tab until an element matching `selector` has focus; returns how many presses it took. */
async function tabUntil(page: Page, selector: string, max = 80): Promise<number> {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return i;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** What the map shows: each cluster's visible number and each single report's link. */
async function drawnMarkers(page: Page): Promise<{ clusters: number[]; links: string[] }> {
  return page.evaluate(() => ({
    clusters: [...document.querySelectorAll('#reports-map .report-cluster')].map((element) => Number(element.textContent)),
    links: [...document.querySelectorAll<HTMLAnchorElement>('#reports-map .report-point__link')].map((link) => link.getAttribute('href') ?? ''),
  }));
}

describe('a resident explores the reports on the map by keyboard (postgres)', () => {
  it('lists them without JavaScript, and with it filters, zooms into clusters by Enter and Space, and opens a single report', async () => {
    const context = await newContext(browser, app, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()} ${JSON.stringify(message.location())} ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });

    // Without JavaScript (every script file refused; the CSP allows no inline script) the map
    // says so, the list carries the reports, and the filters are a form the browser sends.
    await context.route(scriptFiles, (route) => route.abort());
    await page.goto('/vallentuna/karta');
    expect(await page.locator('#reports-map .map__noscript').textContent()).toContain('Samma rapporter finns i listan under kartan');
    expect(await page.locator('.report-map-list .report-card').count()).toBe(25);
    await checkAxe(page, '/vallentuna/karta without page scripts');
    await page.getByLabel('Kategori').selectOption({ label: 'Trafik' });
    await page.getByLabel('Status').selectOption({ label: 'Åtgärdade' });
    // The browser's own form check must not stop the form at "Alla" in the other selects.
    await Promise.all([page.waitForURL(/\?kategori=trafik&status=fixed&tid=&period=$/), page.getByRole('button', { name: 'Visa', exact: true }).click()]);
    const filtered = page.url();
    await context.unroute(scriptFiles);
    problems.length = 0;

    // The same page with JavaScript: the island asks for the filtered reports only.
    const layerRequests: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/vallentuna/reports.geojson') layerRequests.push(url);
    });
    await page.goto(filtered);
    const map = page.locator('#reports-map');
    await expect.poll(() => map.getAttribute('data-report-map'), settle).toBe('ready');

    // The list and the map agree: the same filtered reports, counted alike (all on one page).
    const cards = page.locator('.report-map-list .report-card');
    const listed = await cards.count();
    expect(listed).toBeGreaterThan(1);
    expect(listed).toBeLessThan(25);
    expect(await page.locator('.report-map-list .report-status').evaluateAll((badges) => badges.map((b) => b.className))).toEqual(Array(listed).fill('report-status report-status--fixed'));
    expect((await cards.allTextContents()).every((text) => text.includes('Trafik'))).toBe(true);
    const listHrefs = await cards.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    const first = await drawnMarkers(page);
    expect(first.clusters.length).toBeGreaterThan(0);
    expect(first.clusters.reduce((sum, n) => sum + n, 0) + first.links.length).toBe(listed);
    expect(await map.getAttribute('data-report-count')).toBe(String(listed));
    expect(layerRequests.every((url) => url.searchParams.get('category') === 'trafik' && url.searchParams.get('status') === 'fixed')).toBe(true);
    expect(problems).toEqual([]);
    // axe's own style probes are refused by the CSP and logged: what it logs is not the page's.
    await checkAxe(page, '/vallentuna/karta with the map drawn');
    problems.length = 0;

    // Tab reaches a cluster: a button whose name says how many reports it holds.
    await tabUntil(page, '#reports-map .report-cluster');
    const shown = Number(await page.evaluate(() => document.activeElement?.textContent));
    const named = page.getByRole('button', { name: new RegExp(`^${shown} rapporter här`) });
    expect(await named.evaluateAll((buttons) => buttons.some((button) => button === document.activeElement))).toBe(true);

    // Enter, then Space, on a cluster zooms in around it; each time the island asks for the
    // smaller view (with the filters) and draws its answer, until single reports appear.
    const zooms: number[] = [Number(await map.getAttribute('data-report-zoom'))];
    const keys: string[] = [];
    let drawn = first;
    for (let step = 0; drawn.links.length === 0; step += 1) {
      expect(step, `no single report after zooming ${keys.join(', ')}`).toBeLessThan(6);
      const key = step === 0 ? 'Enter' : 'Space';
      const before = layerRequests.length;
      await page.keyboard.press(key);
      keys.push(key);
      await expect.poll(async () => Number(await map.getAttribute('data-report-zoom')), settle).toBeGreaterThan(zooms[zooms.length - 1]!);
      zooms.push(Number(await map.getAttribute('data-report-zoom')));
      expect(layerRequests.length).toBeGreaterThan(before);
      expect(layerRequests[layerRequests.length - 1]!.searchParams.get('zoom')).toBe(String(zooms[zooms.length - 1]));
      // The focused cluster went with the reload; focus is on the map, whose next stops are the new markers.
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-map-canvas'))).toBe(true);
      drawn = await drawnMarkers(page);
      expect(drawn.clusters.reduce((sum, n) => sum + n, 0) + drawn.links.length).toBeLessThanOrEqual(listed);
      if (drawn.links.length === 0) await tabUntil(page, '#reports-map .report-cluster');
    }
    expect(keys).toContain('Enter');
    expect(keys).toContain('Space');
    expect(drawn).not.toEqual(first);
    // Every single report on the map is one of the list's.
    expect(drawn.links.every((href) => listHrefs.includes(href))).toBe(true);

    // Tab reaches a single report: a link named after it, and Enter opens its page.
    await tabUntil(page, '#reports-map .report-point__link');
    const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(href).toMatch(/^\/vallentuna\/rapporter\/[A-Z0-9]{8}$/);
    expect(name).toMatch(/^Trafik/);
    expect(await page.getByRole('link', { name: name! }).evaluateAll((links) => links.some((link) => link === document.activeElement))).toBe(true);
    await Promise.all([page.waitForURL(`**${href}`), page.keyboard.press('Enter')]);
    const reference = href!.slice(-8);
    expect(await page.locator('h1').textContent()).toBe(`Rapport ${reference.slice(0, 4)}-${reference.slice(4)}`);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
