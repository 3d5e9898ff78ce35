// A coordinator writing news switches to English halfway: what was typed is still there. Long
// titles get a live count instead of being cut silently, and text over the limit is refused
// by the server with a clear error rather than truncated.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a coordinator switches language mid-form on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the typed title and body when switching to English, then forgets them', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/vallentuna/admin/nyheter/ny');
    await page.locator('#field-title').fill('Prata trygghet med oss på Torggatan');
    await page.locator('#field-body').fill('Vi finns vid **Kulturhuset** på onsdag.');
    await Promise.all([page.waitForURL('**/vallentuna/admin/nyheter/ny'), page.getByRole('link', { name: 'In English' }).click()]);
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The island puts the text back once its script has loaded.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#field-title')?.value !== '');
    expect(await page.locator('#field-title').inputValue()).toBe('Prata trygghet med oss på Torggatan');
    expect(await page.locator('#field-body').inputValue()).toBe('Vi finns vid **Kulturhuset** på onsdag.');
    expect(await page.locator('input[name=_csrf]').first().inputValue()).not.toBe('');
    // Kept only for that one return: a fresh visit shows an empty form.
    await page.reload();
    await page.locator('#field-title-count').waitFor();
    expect(await page.locator('#field-title').inputValue()).toBe('');
    await context.close();
  });

  it('counts characters as a title is typed and refuses one over the limit instead of cutting it', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/vallentuna/admin/nyheter/ny');
    const title = page.locator('#field-title');
    await page.locator('#field-title-count').waitFor();
    expect(await page.locator('#field-title-count').textContent()).toBe('0 av 200 tecken');
    await title.fill('Trygghetsvandring i centrum');
    expect(await page.locator('#field-title-count').textContent()).toBe('27 av 200 tecken');
    expect(await title.getAttribute('aria-describedby')).toContain('field-title-count');
    expect(await page.locator('[aria-live=polite]').count()).toBeGreaterThan(0);
    await checkAxe(page, 'news editor with counters');

    const long = 'Lång rubrik '.repeat(18); // 216 characters
    await title.fill(long);
    expect(await title.inputValue()).toBe(long);
    expect(await page.locator('#field-title-count').textContent()).toBe(`För långt: ${long.length} av högst 200 tecken`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Spara som utkast' }).click()]);
    expect(await page.locator('.error-summary').textContent()).toContain('Skriv högst 200 tecken.');
    await context.close();
  });
});
