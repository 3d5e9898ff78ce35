// A resident opens the site, reads the kommun home page and the December 2016 news page, takes
// the attachment, switches to English, and uses larger text and high contrast — axe clean in
// every state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/databases.js';
import { checkAxe, launchBrowser, newContext, startApp, type RunningApp } from '../../../../test/browser.js';

const newsPath = '/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function styleOf(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((element) => {
    const style = getComputedStyle(element);
    return { fontSize: parseFloat(style.fontSize), color: style.color, background: style.backgroundColor };
  });
}

describe.each(dialects)('a resident reads the 2016 news on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lands on the Vallentuna home page from / and reaches the 2016 news page through the news list', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/vallentuna/');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
    await expect(page.locator('.site-header__brand').innerText()).resolves.toContain('Vallentuna kommun');
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await checkAxe(page, 'home page');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Nyheter' }).click();
    await page.waitForURL((url) => url.pathname === '/vallentuna/nyheter');
    await checkAxe(page, 'news list');
    await page.getByRole('link', { name: /Kommunen och polisen arbetar tillsammans/ }).first().click();
    await page.waitForURL((url) => url.pathname === newsPath);
    await context.close();
  });

  it('shows the title, the image with alt text and photo credit, a PDF under "Mer information" and the update date', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(newsPath);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Kommunen och polisen arbetar tillsammans för ett tryggare Vallentuna');

    const image = page.locator('main figure img');
    const alt = await image.getAttribute('alt');
    expect(alt?.length ?? 0).toBeGreaterThan(10);
    // The image really loads (decoded with a width), not just an <img> tag pointing nowhere.
    await expect(image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await expect(page.locator('main figure figcaption').innerText()).resolves.toMatch(/^Foto: /);

    const moreInformation = page.getByRole('region', { name: 'Mer information' });
    await expect(moreInformation.getByRole('heading', { name: 'Mer information' }).count()).resolves.toBe(1);
    const attachment = moreInformation.getByRole('link', { name: /Samarbetsplan/ });
    const href = await attachment.getAttribute('href');
    expect(href).toBeTruthy();
    const response = await context.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const body = await response.body();
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await expect(page.locator('main').innerText()).resolves.toContain('Sidan uppdaterad 12 december 2016');
    await checkAxe(page, 'the 2016 news page');
    await context.close();
  });

  it('switches to English and back, keeping the reader on the same page', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(newsPath);
    // The switch goes through /sprak and back: wait for the page it returns to.
    await Promise.all([page.waitForURL((url) => url.pathname === newsPath && url.search === ''), page.getByRole('link', { name: 'In English' }).click()]);
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('The municipality and the police work together for a safer Vallentuna');
    await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'News' }).count()).resolves.toBe(1);
    await checkAxe(page, 'the 2016 news page in English');

    await page.getByRole('link', { name: 'På svenska' }).click();
    await page.locator('html[lang="sv"]').waitFor({ state: 'attached' });
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('Kommunen och polisen');
    await context.close();
  });

  it('makes the text larger and the contrast higher from the Hjälpmedel menu, and back', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(newsPath);
    const before = await styleOf(page, 'main .content__body p');
    const headerBefore = await styleOf(page, '.site-nav');

    await page.locator('.aids-menu summary').click();
    await page.getByRole('link', { name: 'Större text' }).click();
    await page.locator('html[data-size="lg"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe(newsPath);
    const larger = await styleOf(page, 'main .content__body p');
    expect(larger.fontSize).toBeGreaterThan(before.fontSize);
    await checkAxe(page, 'larger text');

    await page.locator('.aids-menu summary').click();
    await page.getByRole('link', { name: 'Hög kontrast' }).click();
    await expect(page.locator('html').getAttribute('data-contrast')).resolves.toBe('high');
    const contrasted = await styleOf(page, 'main .content__body p');
    const headerContrasted = await styleOf(page, '.site-nav');
    expect(contrasted.color).toBe('rgb(0, 0, 0)');
    expect(contrasted.color).not.toBe(before.color);
    expect(headerContrasted.background).not.toBe(headerBefore.background);
    // Both choices hold together and follow the reader to the next page.
    expect(contrasted.fontSize).toBe(larger.fontSize);
    await checkAxe(page, 'larger text and high contrast');
    await page.goto('/vallentuna/');
    await expect(page.locator('html').getAttribute('data-size')).resolves.toBe('lg');
    await expect(page.locator('html').getAttribute('data-contrast')).resolves.toBe('high');
    await checkAxe(page, 'home page with larger text and high contrast');

    await page.locator('.aids-menu summary').click();
    await page.getByRole('link', { name: 'Normal text' }).click();
    await page.locator('.aids-menu summary').click();
    await page.getByRole('link', { name: 'Normal kontrast' }).click();
    await expect(page.locator('html').getAttribute('data-size')).resolves.toBe('md');
    await expect(page.locator('html').getAttribute('data-contrast')).resolves.toBe('normal');
    await context.close();
  });
});
