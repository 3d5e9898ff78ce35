// A resident reads the cooperation's public pages: they fit a 320 px screen, also with larger text,
// the plan's filter works without JavaScript, and the print version leaves the site's menus off
// paper. axe checks every one of these pages, in Swedish and in English, in the site-wide sweep
// (e2e/everyone-meets-no-axe-violations.spec.ts reads them from the manifest's samplePages).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/databases.js';
import { launchBrowser, newContext, newScriptBlockedContext, startApp, type RunningApp } from '../../../../test/browser.js';
import { cooperationModule } from '../index.js';

const pages = (cooperationModule.testing?.samplePages ?? []).filter((p) => !p.staff).map((p) => p.path);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a resident reads plans and löften on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('fits every page into 320 px, also with larger text', async () => {
    const context = await newContext(browser, app, { viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    for (const size of ['normal', 'stor']) {
      await page.goto(`/visning?text=${size}&tillbaka=%2Fvallentuna%2F`);
      for (const path of pages) {
        await page.goto(path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} with text=${size} is ${width}px wide`).toBeLessThanOrEqual(320);
      }
    }
    await context.close();
  }, 120_000);

  it('filters the plan without JavaScript and prints without the site’s menus', async () => {
    const context = await newScriptBlockedContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/atgardsplaner/2017');
    await page.getByLabel('Ansvarig part').selectOption('police');
    await page.getByRole('button', { name: 'Visa aktiviteter' }).click();
    await page.waitForURL(/part=police/);
    await expect(page.locator('.coop-card').count()).resolves.toBe(1);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Visar 1 av 5 aktiviteter');

    await page.goto('/vallentuna/atgardsplaner/2017/utskrift');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-footer').isVisible()).resolves.toBe(false);
    await expect(page.locator('.coop-print-activity').count()).resolves.toBe(5);
    await context.close();
  }, 60_000);
});
