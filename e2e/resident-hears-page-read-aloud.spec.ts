// "Lyssna på sidan": offered where the browser has speech synthesis, hidden where it has not.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, launchBrowser, newContext, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const newsPath = '/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans';

describe.each(dialects)('a resident has the page read aloud on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('offers "Lyssna på sidan" where speech synthesis exists, and reading starts and stops with the button', async () => {
    const context = await newContext(browser, app);
    // A recording stand-in for the platform's speech engine (headless Chromium has no voices):
    // the page's own code runs unchanged, we only observe what it asks the browser to say.
    await context.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = [];
      let cancelled = 0;
      class FakeUtterance {
        text: string;
        lang = '';
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(text: string) {
          this.text = text;
        }
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true, writable: true });
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          speak: (u: FakeUtterance) => spoken.push({ text: u.text, lang: u.lang }),
          cancel: () => {
            cancelled += 1;
          },
        },
      });
      (window as unknown as { __speech: () => unknown }).__speech = () => ({ spoken, cancelled });
    });
    const page = await context.newPage();
    await page.goto(newsPath);
    await page.locator('.aids-menu summary').click();
    const button = page.locator('button[data-module="read-aloud"]');
    await expect(button.innerText()).resolves.toBe('Lyssna på sidan');
    await button.waitFor({ state: 'visible' });
    await checkAxe(page, 'news page with the Hjälpmedel menu open');
    await button.click();
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');
    const state = (await page.evaluate(() => (window as unknown as { __speech: () => unknown }).__speech())) as { spoken: { text: string; lang: string }[]; cancelled: number };
    expect(state.spoken).toHaveLength(1);
    expect(state.spoken[0]!.lang).toBe('sv-SE');
    expect(state.spoken[0]!.text).toContain('Kommunen och polisen arbetar tillsammans');
    // It reads the main content, not the menus around it.
    expect(state.spoken[0]!.text).not.toContain('Hjälpmedel');
    await expect(button.innerText()).resolves.toBe('Sluta läsa upp');
    await button.click();
    const after = (await page.evaluate(() => (window as unknown as { __speech: () => unknown }).__speech())) as { cancelled: number };
    expect(after.cancelled).toBe(1);
    await expect(page.getByRole('button', { name: 'Lyssna på sidan' }).getAttribute('aria-pressed')).resolves.toBe('false');
    await context.close();
  });

  it('matches what the real browser has: shown when window.speechSynthesis exists, hidden when not', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(newsPath);
    const hasSpeech = await page.evaluate(() => 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined');
    await page.locator('.aids-menu summary').click();
    const item = page.locator('[data-read-aloud]');
    // The island records its decision once it has run.
    await page.locator(`[data-module="read-aloud"][data-read-aloud-state="${hasSpeech ? 'ready' : 'unavailable'}"]`).waitFor({ state: 'attached' });
    await expect(item.isVisible()).resolves.toBe(hasSpeech);
    await context.close();
  });

  it('hides "Lyssna på sidan" where the browser has no speech synthesis', async () => {
    const context = await newContext(browser, app);
    await context.addInitScript(() => {
      delete (window as { speechSynthesis?: unknown }).speechSynthesis;
      delete (Window.prototype as { speechSynthesis?: unknown }).speechSynthesis;
    });
    const page = await context.newPage();
    await page.goto(newsPath);
    await expect(page.evaluate(() => 'speechSynthesis' in window)).resolves.toBe(false);
    // The island ran and decided to stay hidden (not a script that never loaded).
    await page.locator('[data-module="read-aloud"][data-read-aloud-state="unavailable"]').waitFor({ state: 'attached' });
    await page.locator('.aids-menu summary').click();
    await expect(page.getByRole('link', { name: 'Större text' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-read-aloud]').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Lyssna på sidan' }).count()).resolves.toBe(0);
    await checkAxe(page, 'news page without speech synthesis');
    await context.close();
  });
});
