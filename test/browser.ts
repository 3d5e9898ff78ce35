// Browser journeys: the real app listening on a real port (SQLite or PostgreSQL), driven by
// playwright-core through Debian's /usr/bin/chromium, with axe-core checking WCAG 2.1 AA.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoPassword } from '../src/platform/auth/passwords.js';
import type { Dialect } from '../src/platform/db/database.js';
import { createTestApp, type TestApp } from './app.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One Chromium per test file. A browser that is missing or does not start fails every test that
 * uses it: a throwing beforeAll would make vitest report the file's tests as skipped, so the
 * failure is handed to the tests instead (each browser call rejects with the reason).
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    }
    return await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  } catch (error) {
    return unusableBrowser(error instanceof Error ? error : new Error(String(error)));
  }
}

function unusableBrowser(reason: Error): Browser {
  return new Proxy({} as Browser, {
    get: (_target, property) => {
      if (property === 'close') return async () => undefined;
      if (property === 'then') return undefined;
      return async () => {
        throw new Error(`The browser tests cannot run: ${reason.message}`, { cause: reason });
      };
    },
  });
}

export interface RunningApp extends TestApp {
  baseUrl: string;
}

/** The real app with the Vallentuna demo on the given dialect, listening on a free local port. */
export async function startApp(dialect: Dialect, options: { config?: Record<string, string> } = {}): Promise<RunningApp> {
  const testApp = await createTestApp(dialect, options);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.server.address() as AddressInfo;
  return { ...testApp, baseUrl: `http://127.0.0.1:${address.port}` };
}

export async function newContext(browser: Browser, app: RunningApp, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'sv-SE', ...options });
  // Fail fast with a clear locator error instead of waiting out the whole test timeout.
  context.setDefaultTimeout(10_000);
  return context;
}

export { publicPages, staffSamplePages } from './modules.js';

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page as it is now and fails listing every violation (id, impact, targets). */
export async function checkAxe(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const violations = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
  expect(violations, `axe violations on ${label}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Signs in through the real sign-in form. */
export async function signIn(page: Page, email: string, password = demoPassword, kommun = 'vallentuna'): Promise<void> {
  await page.goto(`/logga-in?kommun=${kommun}`);
  await page.getByLabel(/e-post|e-mail/i).fill(email);
  await page.getByLabel(/lösenord|password/i).fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/logga-in') || url.pathname === '/logga-in/kod'), page.locator('main form button[type=submit]').click()]);
}

export interface FocusStop {
  tag: string;
  text: string;
  href: string | null;
  id: string | null;
  /** True when the focused element shows an outline or a box-shadow (visible focus). */
  visible: boolean;
  outline: string;
  boxShadow: string;
}

/** What has focus right now, and whether its focus indicator is visible. */
export async function focusedElement(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outlineWidth = parseFloat(style.outlineWidth || '0');
    const hasOutline = style.outlineStyle !== 'none' && outlineWidth > 0;
    const hasShadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.innerText || element.getAttribute('aria-label') || (element as HTMLInputElement).value || '').trim().replace(/\s+/g, ' ').slice(0, 80),
      href: element.getAttribute('href'),
      id: element.id || null,
      visible: hasOutline || hasShadow,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
    };
  });
}

/**
 * Presses Tab from the top of the page until focus comes back around (or `max` presses), and
 * records every element that received focus.
 */
export async function tabThrough(page: Page, max = 200): Promise<FocusStop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const stops: FocusStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusedElement(page);
    if (!stop) {
      if (stops.length > 0) break; // focus left the document: one full round done
      continue;
    }
    const key = await page.evaluate(() => {
      const element = document.activeElement!;
      const path: string[] = [];
      for (let node: Element | null = element; node && node !== document.documentElement; node = node.parentElement) {
        path.unshift(`${node.tagName}:${Array.prototype.indexOf.call(node.parentElement?.children ?? [], node)}`);
      }
      return path.join('/');
    });
    if (seen.has(key)) break;
    seen.add(key);
    stops.push(stop);
  }
  return stops;
}

/** Fails unless every stop shows a visible focus indicator. */
export function expectVisibleFocus(stops: FocusStop[]): void {
  const invisible = stops.filter((stop) => !stop.visible);
  expect(invisible, `elements without visible focus:\n${JSON.stringify(invisible, null, 2)}`).toEqual([]);
}

/**
 * A context whose pages run none of their own scripts: every script file request is refused.
 * With the CSP allowing no inline script, this renders exactly what a browser without
 * JavaScript shows, while axe (which needs timers, unavailable with javaScriptEnabled: false)
 * can still run. Pass `from` to carry over its cookies (language, display choices, session).
 */
export async function newScriptBlockedContext(browser: Browser, app: RunningApp, from?: BrowserContext): Promise<BrowserContext> {
  const context = await newContext(browser, app, from ? { storageState: await from.storageState() } : {});
  await context.route(/\.(m?js)(\?.*)?$/, (route) => route.abort());
  return context;
}

/** axe on `path` as a browser without JavaScript renders it (see newScriptBlockedContext). */
export async function checkAxeWithoutScripts(browser: Browser, app: RunningApp, path: string, from?: BrowserContext): Promise<void> {
  const context = await newScriptBlockedContext(browser, app, from);
  try {
    const page = await context.newPage();
    await page.goto(path);
    await checkAxe(page, `${path} without page scripts`);
  } finally {
    await context.close();
  }
}
