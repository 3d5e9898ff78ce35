// A resident reads an action plan's indicators (charts with their tables) and what changed between
// two versions of an agreement. The kernel's figures are not on a page of their own yet, so the
// test renders them into the site's layout and serves that page from the running app's origin,
// with the app's stylesheets and Content-Security-Policy: axe (closed and open, normal and high
// contrast), keyboard, a 320 px screen and print are checked on what a browser really shows.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../src/platform/http/security-headers.js';
import type { Locale } from '../src/platform/i18n/i18n.js';
import { IndicatorFigure, type IndicatorPoint } from '../src/platform/views/chart.js';
import { FieldDiffTable, TextDiff } from '../src/platform/views/diff.js';
import { Layout } from '../src/platform/views/layout.js';
import { renderPage } from '../src/platform/views/render.js';
import { checkAxe, focusedElement, launchBrowser, newContext, startApp, type RunningApp } from '../test/browser.js';
import { pageContextFor } from '../test/views.js';

let browser: Browser;
let app: RunningApp;
beforeAll(async () => {
  browser = await launchBrowser();
  app = await startApp('sqlite');
}, 120_000);
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const monthly = (values: number[]): IndicatorPoint[] => values.map((value, i) => ({ date: `2017-${months[i]}-01`, value }));
const daily: IndicatorPoint[] = Array.from({ length: 5000 }, (_, i) => ({
  date: new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  value: 50 + Math.round(30 * Math.sin(i / 150)),
}));

function fixturePage(locale: Locale, highContrast = false): string {
  const context = { ...pageContextFor(locale, app.ctx.registry), prefs: { largeText: false, highContrast } };
  return renderPage(
    context,
    <Layout title="Handlingsplan">
      <h1 class="ds-heading" data-size="lg">
        Handlingsplan för ökad trygghet
      </h1>
      <IndicatorFigure
        id="trygghet"
        title="Andel som känner sig trygga i centrum"
        unit="%"
        target={40}
        baseline={12}
        series={[
          { label: 'Kvinnor', points: monthly([12, 14, 8, 18, 17, 20, 22, 21, 25, 27, 31, 30]) },
          { label: 'Män', points: monthly([30, 31, 29, 33, 34, 33, 36, 35, 37, 38, 38, 39]) },
        ]}
      />
      <IndicatorFigure id="anmalningar" title="Anmälda brott per dag" kind="step" series={[{ label: 'Anmälningar', points: daily }]} target={60} tableOpen />
      <IndicatorFigure id="en" title="Ett värde" series={[{ label: 'Andel', points: [{ date: '2017-03-14', value: 12 }] }]} unit="%" />
      <IndicatorFigure id="tom" title="Inga värden" series={[{ label: 'Andel', points: [] }]} />
      <h2 class="ds-heading" data-size="md">
        Ändringar i överenskommelsen
      </h2>
      <TextDiff before="Polisen patrullerar centrum på fredagar." after="Polisen och kommunen patrullerar centrum på fredagar och lördagar." />
      <FieldDiffTable
        caption="Ändringar från version 2 till version 3"
        rows={[
          { label: 'Titel', before: 'Trygg i centrum', after: 'Trygg i centrum' },
          { label: 'Beskrivning', before: 'Belysning vid stationen.', after: 'Belysning och kameror vid stationen.' },
          { label: 'Ansvarig', before: 'Kommunen', after: '' },
        ]}
      />
    </Layout>,
  );
}

/** Serves `html` at `path` on the app's own origin with its CSP, so its stylesheets load as on a real page. */
async function openFixture(page: Page, path: string, html: string): Promise<string[]> {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.route(`${app.baseUrl}${path}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': contentSecurityPolicy([]) }, body: html }),
  );
  await page.goto(path);
  return refused;
}

describe('a resident reads indicator charts and version changes', () => {
  for (const [locale, highContrast] of [
    ['sv', false],
    ['en', false],
    ['sv', true],
  ] as const) {
    it(`meets no axe violations, closed and opened (${locale}${highContrast ? ', high contrast' : ''})`, async () => {
      const context = await newContext(browser, app);
      const page = await context.newPage();
      const refused = await openFixture(page, '/__figures', fixturePage(locale, highContrast));
      await expect(page.getByRole('img', { name: 'Andel som känner sig trygga i centrum' }).count()).resolves.toBe(1);
      // Checked before axe runs: axe itself sets inline styles while it measures.
      expect(refused, 'nothing on the page is refused by the Content-Security-Policy').toEqual([]);
      await checkAxe(page, `figures (${locale}) closed`);
      await page.evaluate(() => document.querySelectorAll('main details').forEach((details) => ((details as HTMLDetailsElement).open = true)));
      await checkAxe(page, `figures (${locale}) opened`);
      await context.close();
    }, 60_000);
  }

  it('opens the table by keyboard, and the table names its region', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await openFixture(page, '/__figures', fixturePage('sv'));
    const summary = page.locator('#trygghet-chart + details > summary');
    await summary.focus();
    expect((await focusedElement(page))?.visible).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.locator('#trygghet-chart + details').getAttribute('open')).resolves.toBe('');
    const region = page.getByRole('region', { name: 'Andel som känner sig trygga i centrum' });
    await expect(region.getByRole('columnheader').allInnerTexts()).resolves.toEqual(['Datum', 'Kvinnor (%)', 'Män (%)']);
    await expect(region.getByRole('rowheader').first().innerText()).resolves.toBe('januari 2017');
    await context.close();
  }, 60_000);

  it('fits a 320 px screen, and prints the closed tables open', async () => {
    const context = await newContext(browser, app, { viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await openFixture(page, '/__figures', fixturePage('sv'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const table = page.locator('#trygghet-chart + details table');
    await expect(table.isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'print' });
    await expect(table.isVisible()).resolves.toBe(true);
    await context.close();
  }, 60_000);
});
