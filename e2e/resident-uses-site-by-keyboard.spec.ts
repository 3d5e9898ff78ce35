// A resident who uses only the keyboard: the skip link moves focus to the main content, the
// Hjälpmedel menu opens and its links are reachable, every page of the main menu is reachable
// from the home page, and focus is always visible.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, expectVisibleFocus, focusedElement, launchBrowser, newContext, startApp, tabThrough, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Presses Tab until an element matching `predicate` has focus; fails after `max` presses. */
async function tabTo(page: Page, predicate: (stop: NonNullable<Awaited<ReturnType<typeof focusedElement>>>) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusedElement(page);
    if (stop && predicate(stop)) return stop;
  }
  throw new Error('element not reachable by Tab');
}

describe.each(dialects)('a resident uses the site by keyboard only on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the first Tab reaches a visible skip link, and Enter moves focus to the main content', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans');
    await page.keyboard.press('Tab');
    const first = await focusedElement(page);
    expect(first).toMatchObject({ tag: 'a', href: '#main', text: 'Hoppa till huvudinnehållet', visible: true });
    // On screen while focused, not parked off-screen.
    const box = await page.locator('.ds-skip-link').boundingBox();
    expect(box && box.y >= 0 && box.x >= 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    // The next Tab continues inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => Boolean(document.activeElement?.closest('main')))).resolves.toBe(true);
    await context.close();
  });

  it('opens the Hjälpmedel menu with the keyboard and reaches each of its links', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/');
    const summary = await tabTo(page, (stop) => stop.tag === 'summary');
    expect(summary).toMatchObject({ text: 'Hjälpmedel', visible: true });
    await expect(page.locator('details.aids-menu').evaluate((d: HTMLDetailsElement) => d.open)).resolves.toBe(false);
    await page.keyboard.press('Enter');
    await expect(page.locator('details.aids-menu').evaluate((d: HTMLDetailsElement) => d.open)).resolves.toBe(true);
    const inside: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusedElement(page);
      const inMenu = await page.evaluate(() => Boolean(document.activeElement?.closest('.aids-menu')));
      if (!stop || !inMenu) break;
      expect(stop.visible, `focus visible on ${stop.text}`).toBe(true);
      inside.push(stop.text);
    }
    expect(inside).toEqual(expect.arrayContaining(['Större text', 'Hög kontrast', 'Lättläst']));

    // Following a menu link with Enter works: larger text is switched on.
    await page.locator('details.aids-menu').evaluate((d: HTMLDetailsElement) => (d.open = false));
    await page.goto('/vallentuna/');
    await tabTo(page, (stop) => stop.tag === 'summary');
    await page.keyboard.press('Enter');
    await tabTo(page, (stop) => stop.text === 'Större text');
    await Promise.all([page.waitForURL('**/vallentuna/'), page.keyboard.press('Enter')]);
    await expect(page.locator('html').getAttribute('data-size')).resolves.toBe('lg');
    await context.close();
  });

  it('reaches every link and control of the home page with visible focus, including every page of the main menu', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/');
    const stops = await tabThrough(page);
    expectVisibleFocus(stops);

    // Everything focusable that is rendered is in the Tab order (nothing needs a mouse).
    const focusable = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary')]
        .filter((element) => element.offsetParent !== null || element.getClientRects().length > 0)
        .filter((element) => !element.closest('details:not([open])') || element.tagName === 'SUMMARY')
        .map((element) => element.getAttribute('href') ?? element.innerText.trim()),
    );
    const reached = stops.map((stop) => stop.href ?? stop.text);
    for (const target of focusable) expect(reached, `reach ${target} by Tab`).toContain(target);

    const menuLinks = await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(menuLinks.length).toBeGreaterThanOrEqual(2);
    for (const href of menuLinks) expect(reached).toContain(href);

    // Each main-menu page opens from the keyboard and is itself axe clean and keyboard reachable.
    for (const href of menuLinks) {
      await page.goto('/vallentuna/');
      await tabTo(page, (stop) => stop.href === href);
      // Wait for the navigation Enter starts (the first link leads to the page we are on).
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe(href);
      const response = await page.request.get(href);
      expect(response.status(), `${href} answers`).toBe(200);
      await checkAxe(page, href);
      expectVisibleFocus(await tabThrough(page));
    }
    await context.close();
  });
});
