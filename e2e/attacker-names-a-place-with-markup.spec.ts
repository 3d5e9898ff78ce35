// Security item 11: nothing a user types becomes markup in the browser. A place name full of
// HTML must show as text in the map's tooltip (popups were already built from text nodes), and
// no element it describes may exist anywhere on the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../src/platform/demo.js';
import { createPlace } from '../src/platform/places/index.js';
import { dialects } from '../test/databases.js';
import { launchBrowser, newContext, startApp, type RunningApp } from '../test/browser.js';

const markup = '<img src="/x" id="injected" data-pwned="1"><b id="bold">Torget</b>';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a place name with markup on the map on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
    await createPlace(
      app.ctx,
      null,
      demoId('org:vallentuna'),
      { name: markup, description: 'Ett område vars namn är skrivet som HTML.', lat: 59.5375, lon: 18.085, polygon: JSON.stringify([[18.083, 59.536], [18.087, 59.536], [18.087, 59.539], [18.083, 59.539], [18.083, 59.536]]) },
      { system: true },
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the name as text in the tooltip, and creates none of its elements', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/platser');
    await page.locator('[data-map-ready="true"]').first().waitFor();
    // The map opens on the whole kommun (its boundary); zoom in on the centre, where the areas
    // are, so each is large enough to hover.
    await page.locator('[data-map-id="places-map"] [data-map-canvas]').focus();
    for (let i = 0; i < 5; i += 1) {
      // Each zoom ends in a reload of the places for the new view; wait for it before the next.
      await Promise.all([page.waitForResponse((response) => response.url().includes('places.geojson?bbox=')), page.keyboard.press('+')]);
    }
    const areas = page.locator('path.map-area');
    await areas.first().waitFor();
    let tooltipText = '';
    for (let i = 0; i < (await areas.count()); i += 1) {
      await areas.nth(i).hover({ force: true });
      // A tooltip of an area hovered before may still be open; look at the one naming this area.
      const tooltip = page.locator('.leaflet-tooltip', { hasText: 'Torget' });
      if ((await tooltip.count()) > 0) {
        tooltipText = await tooltip.first().innerText();
        await expect(tooltip.first().locator('*').count()).resolves.toBe(0);
        break;
      }
    }
    expect(tooltipText).toBe(markup);
    await expect(page.locator('#injected, #bold, [data-pwned]').count()).resolves.toBe(0);
    await context.close();
  });
});
