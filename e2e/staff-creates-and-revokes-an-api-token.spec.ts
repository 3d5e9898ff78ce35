// A coordinator makes a personal API token on their account page, copies it from the one page
// that shows it, calls the JSON API with it from a script, and revokes it. Every step is clean
// under axe, and the pages work with their scripts blocked (plain forms).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, checkAxeWithoutScripts, launchBrowser, newContext, newScriptBlockedContext, signIn, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a coordinator creates and revokes an API token on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the token once, lets a script write with it, and stops it on revocation', async () => {
    // Without page scripts: the forms alone must do the work.
    const context = await newScriptBlockedContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/konto');
    await page.getByRole('link', { name: 'API-nycklar' }).click();
    await page.waitForURL('**/konto/api-nycklar');
    await checkAxe(page, 'API tokens, none yet');

    // An empty name is refused with the error summary.
    await page.getByLabel('Namn').fill('');
    await page.locator('main form').first().evaluate((form: HTMLFormElement) => form.setAttribute('novalidate', ''));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Skapa nyckel' }).click()]);
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await checkAxe(page, 'API token form with errors');

    await page.getByLabel('Namn').fill('Nyhetsimport');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Skapa nyckel' }).click()]);
    const token = await page.getByLabel('Din nya API-nyckel').inputValue();
    expect(token).toMatch(/^stg_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole('heading', { name: 'Kopiera nyckeln nu' }).count()).resolves.toBe(1);
    await checkAxe(page, 'API token just created');

    const write = (title: string) =>
      fetch(`${app.baseUrl}/api/v1/vallentuna/content`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
    expect((await write('Från ett skript')).status).toBe(201);

    await page.goto('/konto/api-nycklar');
    await expect(page.content()).resolves.not.toContain(token);
    await checkAxe(page, 'API tokens listed');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Återkalla nyckeln Nyhetsimport' }).click()]);
    await expect(page.locator('.flash').innerText()).resolves.toContain('återkallad');
    await checkAxe(page, 'API token revoked');
    const refused = await write('Efter återkallelse');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    await context.close();

    // The page in English, with page scripts, is clean too.
    const english = await newContext(browser, app, { locale: 'en-GB' });
    const englishPage = await english.newPage();
    await signIn(englishPage, 'samordnare@vallentuna.example');
    await englishPage.goto('/sprak?till=en&tillbaka=%2Fkonto%2Fapi-nycklar');
    await expect(englishPage.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('API tokens');
    await checkAxe(englishPage, 'API tokens in English');
    await checkAxeWithoutScripts(browser, app, '/konto/api-nycklar', english);
    await english.close();
  }, 120_000);
});
