// axe-core (WCAG 2.0/2.1 A and AA) on every public page of the Foundation issue, on forms showing
// validation errors, and on the staff pages each demo role can open.
//
// Each page is checked once: axe reads markup, and markup does not depend on the database. The
// public pages (Swedish and English) are swept on SQLite, everything else on PostgreSQL, so both
// databases serve a browser; test/sample-pages.test.ts requests every sample page on both.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/platform/db/database.js';
import { checkAxe, launchBrowser, newContext, publicPages, signIn, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function visit(page: Page, path: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(expectedStatus);
}

/** Submits the main form as it is, past the browser's own checks, and expects 422 from the server. */
async function submitEmpty(page: Page, formSelector = 'main form'): Promise<void> {
  const form = page.locator(formSelector).first();
  await form.evaluate((element: HTMLFormElement) => element.setAttribute('novalidate', ''));
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.locator('button[type=submit]').last().click()]);
  expect(response.status(), `empty ${formSelector} on ${page.url()}`).toBe(422);
  await page.waitForLoadState('load');
  await expect(page.locator('.error-summary').count()).resolves.toBe(1);
}

type Sweep = 'public pages' | 'places, errors and staff pages';
const sweeps: [Dialect, Sweep][] = [
  ['sqlite', 'public pages'],
  ['postgres', 'places, errors and staff pages'],
];

describe.each(sweeps)('axe finds no WCAG 2.1 AA violations on %s: %s', (dialect, sweep) => {
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await newContext(browser, app);
    page = await context.newPage();
    return page;
  }

  // One test per language, each within its own time limit: the pages grow with every module.
  if (sweep === 'public pages') it('on every public page, in Swedish', async () => {
    await freshPage();
    for (const path of publicPages) {
      await visit(page, path);
      await checkAxe(page, path);
    }
    await context.close();
  }, 240_000);

  if (sweep === 'public pages') it('on every public page, in English', async () => {
    await freshPage();
    await page.goto('/sprak?till=en&tillbaka=%2Fvallentuna%2F');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    for (const path of publicPages) {
      await visit(page, path);
      await checkAxe(page, `${path} in English`);
    }
    await context.close();
  }, 240_000);

  if (sweep !== 'public pages') it('on every place page and the places map', async () => {
    await freshPage();
    await visit(page, '/vallentuna/platser');
    const placeLinks = await page.locator('main a[href^="/vallentuna/platser/"]').evaluateAll((links) => [...new Set(links.map((l) => l.getAttribute('href')!))]);
    expect(placeLinks.length).toBeGreaterThan(0);
    for (const href of placeLinks) {
      await visit(page, href);
      await checkAxe(page, href);
    }
    await context.close();
  });

  if (sweep !== 'public pages') it('on the not-found page and on forms showing validation errors', async () => {
    await freshPage();
    await visit(page, '/vallentuna/finns-inte', 404);
    await checkAxe(page, 'not found inside a kommun');
    await visit(page, '/ingen-sadan-kommun/', 404);
    await checkAxe(page, 'unknown kommun');

    await visit(page, '/logga-in');
    await submitEmpty(page);
    await checkAxe(page, 'sign-in form with errors');
    // The error summary links to the fields it names.
    const summaryLinks = await page.locator('.error-summary a').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    for (const href of summaryLinks) await expect(page.locator(href!).count(), `target of ${href}`).resolves.toBe(1);

    await visit(page, '/glomt-losenord');
    await submitEmpty(page);
    await checkAxe(page, 'forgotten-password form with errors');

    await visit(page, '/vallentuna/tillganglighet');
    await submitEmpty(page, 'main form[method=post]');
    await checkAxe(page, 'accessibility report form with errors');
    await context.close();
  });

  for (const email of sweep === 'public pages' ? [] : ['samordnare@vallentuna.example', 'admin@vallentuna.example', 'kommunpolis@taby-polis.example', 'volontar@vallentuna.example']) {
    it(`on every staff page ${email} can open`, async () => {
      await freshPage();
      await signIn(page, email);
      const staffLinks = new Set<string>(['/konto']);
      await page.goto('/vallentuna/admin');
      for (const href of await page.locator('nav.staff-nav a').evaluateAll((links) => links.map((l) => l.getAttribute('href')!))) staffLinks.add(href);
      // Pages one click further: "new" forms linked from the staff pages.
      for (const href of [...staffLinks]) {
        await visit(page, href);
        await checkAxe(page, `${href} as ${email}`);
        for (const more of await page.locator('main a[href$="/ny"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')!))) {
          if (staffLinks.has(more)) continue;
          staffLinks.add(more);
          await visit(page, more);
          await checkAxe(page, `${more} as ${email}`);
          if ((await page.locator('main form[method=post] button[type=submit]').count()) > 0) {
            await submitEmpty(page, 'main form[method=post]');
            await checkAxe(page, `${more} with errors as ${email}`);
          }
        }
      }
      await context.close();
    }, 300_000);
  }
});
