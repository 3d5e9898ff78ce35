// Reflow (WCAG 1.4.10): on a 320 CSS px wide screen, also with larger text, every public page
// fits without scrolling sideways.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { launchBrowser, newContext, publicPages, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a resident reads on a 320 px wide screen on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sees every public page without sideways scrolling, with normal and with larger text', async () => {
    const context = await newContext(browser, app, { viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    for (const size of ['normal', 'stor']) {
      await page.goto(`/visning?text=${size}&tillbaka=%2Fvallentuna%2F`);
      for (const path of publicPages) {
        await page.goto(path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} with text=${size} is ${width}px wide`).toBeLessThanOrEqual(320);
      }
    }
    await context.close();
  }, 120_000);
});
