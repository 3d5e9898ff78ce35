// With JavaScript switched off the public site still works: home page, news, the Hjälpmedel
// menu (a <details> element), and signing in through the plain HTML form. axe cannot run with
// javaScriptEnabled: false (it needs timers), so the same pages are also checked in a context
// that refuses every page script, which renders the same thing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, checkAxeWithoutScripts, launchBrowser, newScriptBlockedContext, newContext, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a resident browses without JavaScript on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reads the home page, the news list and the 2016 news page, and opens the Hjälpmedel menu', async () => {
    const context = await newContext(browser, app, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/vallentuna/');
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await checkAxeWithoutScripts(browser, app, '/vallentuna/', context);
    await checkAxeWithoutScripts(browser, app, '/vallentuna/nyheter', context);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Nyheter' }).click();
    await page.waitForURL((url) => url.pathname === '/vallentuna/nyheter');
    await page.getByRole('link', { name: /Kommunen och polisen arbetar tillsammans/ }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('Kommunen och polisen arbetar tillsammans');
    await expect(page.locator('main').innerText()).resolves.toContain('Sidan uppdaterad 12 december 2016');
    await checkAxeWithoutScripts(browser, app, new URL(page.url()).pathname, context);

    // The menu is native HTML: it opens without script, and its links work.
    await page.locator('.aids-menu summary').click();
    await page.getByRole('link', { name: 'Hög kontrast' }).click();
    await expect(page.locator('html').getAttribute('data-contrast')).resolves.toBe('high');
    // Read aloud needs speech synthesis through script: without script it stays hidden.
    await page.locator('.aids-menu summary').click();
    await expect(page.getByRole('button', { name: 'Lyssna på sidan' }).isVisible()).resolves.toBe(false);
    await context.close();
  });

  it('shows the sign-in errors and signs a coordinator in through the HTML form', async () => {
    const context = await newContext(browser, app, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/logga-in?kommun=vallentuna');
    await page.locator('main form button[type=submit]').click();
    // Browser-side validation (required) must not be the only check: submit past it.
    if (new URL(page.url()).pathname === '/logga-in' && (await page.locator('.error-summary').count()) === 0) {
      await page.locator('main form').evaluate((form: HTMLFormElement) => form.setAttribute('novalidate', ''));
      await page.locator('main form button[type=submit]').click();
    }
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await expect(page.getByLabel('E-post').inputValue()).resolves.toBe('');

    const blocked = await newScriptBlockedContext(browser, app);
    const axePage = await blocked.newPage();
    await axePage.goto('/logga-in?kommun=vallentuna');
    await axePage.locator('main form').evaluate((form: HTMLFormElement) => form.setAttribute('novalidate', ''));
    await axePage.locator('main form button[type=submit]').click();
    await expect(axePage.locator('.error-summary').count()).resolves.toBe(1);
    await checkAxe(axePage, 'sign-in form with errors, without page scripts');
    await blocked.close();

    await page.getByLabel('E-post').fill('samordnare@vallentuna.example');
    await page.getByLabel('Lösenord').fill('trygghet-demo-2016');
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL((url) => url.pathname !== '/logga-in');
    await expect(page.getByRole('button', { name: 'Logga ut' }).count()).resolves.toBe(1);
    await context.close();
  });
});
