// A resident reads Vallentuna's samverkansöverenskommelse, opens its version history and
// compares the first two versions; a coordinator opens the staff pages, starts a new version,
// and meets a conflict when saving over someone else's save. axe finds nothing on any of them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';
import { demoId } from '../../../platform/demo.js';

const publicBase = '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna';
const staffBase = `/vallentuna/admin/samverkan/overenskommelser/${demoId('coop:agreement:main')}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('agreement pages in a browser on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets a resident read the agreement, its history and what changed, axe clean', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    for (const path of ['/vallentuna/samverkansoverenskommelser', publicBase, `${publicBase}/versioner`, `${publicBase}/versioner/1`]) {
      await page.goto(path);
      await checkAxe(page);
    }
    await page.goto(`${publicBase}/versioner`);
    await page.getByRole('link', { name: 'Jämför med version 1' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('från version 1 till version 2');
    await expect(page.locator('.field-diff .text-diff del').first().textContent()).resolves.toContain('borttaget');
    await checkAxe(page);
    await context.close();
  }, 180_000);

  it('lets a coordinator start a new version and shows a conflict page that keeps the typed text, axe clean', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto(staffBase);
    await checkAxe(page);
    await page.getByRole('button', { name: 'Ändra (börja en ny version)' }).click();
    await expect(page.locator('h2').filter({ hasText: 'Utkast till version 4' }).count()).resolves.toBe(1);
    await checkAxe(page);
    // A second tab saves first; this tab's save then meets the conflict.
    const other = await context.newPage();
    await other.goto(staffBase);
    await other.getByLabel('Vad är nytt i den här versionen').fill('Sparat i den andra fliken');
    await other.getByRole('button', { name: 'Spara utkastet' }).click();
    await page.getByLabel('Vad är nytt i den här versionen').fill('Min ändring');
    await page.getByRole('button', { name: 'Spara utkastet' }).click();
    await expect(page.getByRole('heading', { name: 'Någon annan har sparat under tiden' }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Vad är nytt i den här versionen').inputValue()).resolves.toBe('Min ändring');
    await checkAxe(page);
    await context.close();
  }, 180_000);

  it('shows the staff list, the new form and the annexes page axe clean', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    for (const path of ['/vallentuna/admin/samverkan/overenskommelser', `${staffBase}/bilagor`]) {
      await page.goto(path);
      await checkAxe(page);
    }
    await context.close();
  }, 180_000);

  it('keeps a form with a period ending before it starts, with its error, axe clean', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/vallentuna/admin/samverkan/overenskommelser/ny');
    await page.getByLabel('Rubrik', { exact: true }).fill('Bakvänd');
    await page.getByLabel('Gäller från').fill('2027-12-31');
    await page.getByLabel('Gäller till och med').fill('2027-01-01');
    await page.getByRole('button', { name: 'Spara utkastet' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Perioden kan inte sluta innan den börjar');
    await checkAxe(page);
    await context.close();
  }, 180_000);
});
