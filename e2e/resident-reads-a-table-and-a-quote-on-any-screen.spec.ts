// A coordinator publishes news with a Markdown table and a quote; a resident reads it on a phone
// and on a desktop. The table scrolls sideways in its own named, focusable region (never the
// page), links and the quote's border take the kommun's colours, the page passes axe, and the text
// is set in Inter from our own origin.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, focusedElement, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const table = (heading: string, headers: string) => `## ${heading}

| ${headers} |
|---|---|---|---|--:|
| Onsdag 6 maj | 18.00–20.00 | Kulturhuset, entrén mot Torget | Centrum och Torggatan | [Anmäl dig](https://example.org/anmalan) |
| Onsdag 13 maj | 18.00–20.00 | Bibliotekets parkering | Bällstaberg och gångvägen vid sjön | 12 |`;

const quote = `> Efter vandringen byttes tre trasiga lampor ut vid gångtunneln.
>
> — En deltagare från Bällstaberg`;

const item = {
  title: 'Trygghetsvandringar i maj',
  summary: 'Följ med när kommunen, polisen och nattvandrarna går genom tre områden.',
  body: `Vi går tillsammans genom tre områden.\n\n${table('Datum och platser', 'Datum | Tid | Samlingsplats | Område | Platser kvar')}\n\n${quote}`,
  titleEn: 'Safety walks in May',
  bodyEn: `We walk together through three areas.\n\n${table('Dates and places', 'Date | Time | Meeting point | Area | Places left')}`,
};

/** The colour a CSS expression computes to on this page, as getComputedStyle reports colours. */
async function computedColour(page: Page, value: string): Promise<string> {
  return page.evaluate((v) => {
    const probe = document.createElement('span');
    probe.style.color = v;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, value);
}

describe.each(dialects)('a resident reads a table and a quote on any screen on %s', (dialect) => {
  let app: RunningApp;
  let path: string;
  beforeAll(async () => {
    app = await startApp(dialect);
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/vallentuna/admin/nyheter/ny');
    await page.getByLabel('Rubrik', { exact: true }).fill(item.title);
    await page.locator('main [name=summary]').fill(item.summary);
    await page.locator('main [name=body]').fill(item.body);
    await page.locator('main [name=titleEn]').fill(item.titleEn);
    await page.locator('main [name=bodyEn]').fill(item.bodyEn);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form.content-form button[type=submit]').click()]);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Publicera', exact: true }).click()]);
    await page.goto('/vallentuna/nyheter');
    path = (await page.getByRole('link', { name: item.title }).getAttribute('href'))!;
    await context.close();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    it(`reads it at ${viewport.width} px: the page fits, the table scrolls by keyboard in its named region, colours are the kommun's`, async () => {
      const context = await newContext(browser, app, { viewport });
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      const region = page.getByRole('region', { name: 'Tabell: Datum och platser' });
      await expect(region.getByRole('columnheader').count()).resolves.toBe(5);
      // The last column is right-aligned by "--:" in the source, through a class the CSP allows.
      await expect(region.locator('td').last().evaluate((cell) => getComputedStyle(cell).textAlign)).resolves.toBe('right');
      // Checked before axe runs: axe itself sets inline styles while it measures.
      expect(blocked, 'nothing on the page is refused by the Content-Security-Policy').toEqual([]);
      await checkAxe(page, `${path} at ${viewport.width} px`);

      // Reachable by Tab, with visible focus, and the arrow keys scroll it when it is too wide.
      await page.getByRole('link', { name: 'Anmäl dig' }).focus();
      await page.keyboard.press('Shift+Tab');
      const stop = await focusedElement(page);
      expect(stop?.tag).toBe('div');
      expect(stop?.visible).toBe(true);
      const [scrollWidth, clientWidth] = await region.evaluate((r) => [r.scrollWidth, r.clientWidth]);
      if (viewport.width < 600) {
        expect(scrollWidth).toBeGreaterThan(clientWidth);
        await page.keyboard.press('ArrowRight');
        await expect(region.evaluate((r) => r.scrollLeft)).resolves.toBeGreaterThan(0);
      }

      const linkColour = await computedColour(page, 'var(--ds-color-accent-text-default)');
      await expect(region.getByRole('link', { name: 'Anmäl dig' }).evaluate((a) => getComputedStyle(a).color)).resolves.toBe(linkColour);
      await expect(page.locator('footer a').first().evaluate((a) => getComputedStyle(a).color)).resolves.toBe(linkColour);
      await expect(page.locator('main blockquote').evaluate((q) => getComputedStyle(q).borderLeftColor)).resolves.toBe(await computedColour(page, 'var(--kommun-brand)'));
      await expect(page.locator('main blockquote').innerText()).resolves.toContain('En deltagare från Bällstaberg');

      const inter = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].some((face) => face.family.replace(/"/g, '') === 'Inter' && face.status === 'loaded');
      });
      expect(inter, 'Inter is served from /assets/vendor/inter/ (npm package @fontsource-variable/inter)').toBe(true);
      await context.close();
    }, 60_000);
  }

  it('names the table region in English on the English page', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(`/sprak?till=en&tillbaka=${encodeURIComponent(path)}`);
    await expect(page.getByRole('region', { name: 'Table: Dates and places' }).count()).resolves.toBe(1);
    await checkAxe(page, `${path} in English`);
    await context.close();
  });
});
