// A coordinator works through the cooperation's staff pages by browser: every page axe-clean,
// the plan form's errors (422) and a concurrent save's conflict page (409) too, on a phone-width
// screen as well; the conflict is resolved by saving again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../../../platform/demo.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';

const base = '/vallentuna/admin/samverkan';
const activity = demoId('coop:activity:2025-2026:lighting-now');
const pages = [
  base,
  `${base}/planer/ny`,
  `${base}/planer/${demoId('coop:plan:2025-2026')}`,
  `${base}/aktiviteter/${activity}`,
  `${base}/aktiviteter/${activity}/redigera`,
  `${base}/aktiviteter/${activity}/uppfoljning`,
  `${base}/aktiviteter/${activity}/indikatorer/${demoId('coop:indicator:2025-2026:lighting-now:0')}`,
  `${base}/aktiviteter/${activity}/ta-bort`,
  `${base}/loften/ny`,
  `${base}/loften/${demoId('coop:promise:2025-2026')}`,
];

// axe takes seconds a page on a busy machine: the tests get generous timeouts.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The pages are the same HTML on both databases (the services are tested on both): SQLite only.
describe('a coordinator uses the cooperation staff pages', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp('sqlite');
  });
  afterAll(async () => {
    await app?.close();
  });

  async function signedIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await newContext(browser, app, { viewport });
    const page = await context.newPage();
    await signIn(page, email);
    return page;
  }

  it('meets no axe violations on any staff page', { timeout: 600_000 }, async () => {
    const page = await signedIn('samordnare@vallentuna.example');
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await checkAxe(page, path);
    }
    await page.context().close();
  });

  it('shows errors (422) and a conflict (409) axe-clean, also on a phone, and saves the second time', { timeout: 300_000 }, async () => {
    const page = await signedIn('samordnare@vallentuna.example', { width: 375, height: 800 });
    await page.goto(`${base}/planer/ny`);
    await page.getByLabel('Planens namn').fill('Plan med fel');
    await page.getByLabel('Periodens första dag').fill('2027-12-31');
    await page.getByLabel('Periodens sista dag').fill('2027-01-01');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 422), page.locator('main form button[type=submit]').click()]);
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await checkAxe(page, 'plan form with errors');

    const edit = `${base}/aktiviteter/${activity}/redigera`;
    const other = await signedIn('admin@vallentuna.example');
    await page.goto(edit);
    await other.goto(edit);
    await other.getByLabel('Operativt mål').fill('Administratörens mål');
    await Promise.all([other.waitForURL(`**${base}/aktiviteter/${activity}`), other.locator('main form.coop-form button[type=submit]').click()]);
    await page.getByLabel('Operativt mål').fill('Samordnarens mål');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 409), page.locator('main form.coop-form button[type=submit]').click()]);
    await expect(page.locator('.coop-conflict').textContent()).resolves.toContain('Administratörens mål');
    await checkAxe(page, 'activity conflict on a phone');
    await expect(page.getByLabel('Operativt mål').inputValue()).resolves.toBe('Samordnarens mål');
    await Promise.all([page.waitForURL(`**${base}/aktiviteter/${activity}`), page.locator('main form.coop-form button[type=submit]').click()]);
    await expect(page.locator('main').textContent()).resolves.toContain('Samordnarens mål');
    await page.context().close();
    await other.context().close();
  });
});
