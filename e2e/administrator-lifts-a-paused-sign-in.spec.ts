// Someone has guessed at the coordinator's password until signing in to the account is paused.
// The coordinator, on a new computer, is told until when; the administrator sees the pause on
// the people page, lifts it, and the coordinator signs in. Axe is clean on every step.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn as signInService } from '../src/platform/auth/auth.service.js';
import { demoPassword } from '../src/platform/auth/passwords.js';
import { dialects } from '../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const coordinator = 'samordnare@vallentuna.example';

/**
 * Sixteen failures from sixteen addresses over the last quarter of an hour, each after the pause
 * before it had run out: the account is now paused for 15 minutes. The clock is injected.
 */
async function guessUntilPaused(app: RunningApp, email: string): Promise<void> {
  const last = Date.now() - 1000;
  const waits = [481, 241, 121, 61, 31];
  const times = [last, ...waits.map((_, i) => last - waits.slice(0, i + 1).reduce((a, b) => a + b, 0) * 1000)];
  for (let i = 0; i < 10; i += 1) times.push(times[times.length - 1]! - 1000);
  for (const [i, at] of times.reverse().entries()) {
    await signInService(app.ctx, { email, password: `gissning-${i}`, ip: `203.0.113.${i}`, now: new Date(at) }).catch(() => undefined);
  }
}

async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/logga-in?kommun=vallentuna');
  await page.getByLabel(/e-post|e-mail/i).fill(email);
  await page.getByLabel(/lösenord|password/i).fill(password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button[type=submit]').click()]);
}

describe.each(dialects)('an administrator lifts a paused sign-in on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tells the person until when, shows the pause to the administrator, and lifts it', async () => {
    await guessUntilPaused(app, coordinator);

    const personContext = await newContext(browser, app);
    const person = await personContext.newPage();
    await submitSignIn(person, coordinator, demoPassword);
    expect(new URL(person.url()).pathname).toBe('/logga-in');
    await expect(person.locator('.error-summary').innerText()).resolves.toMatch(/pausad efter för många misslyckade försök\. Försök igen klockan \d\d:\d\d/);
    await checkAxe(person, 'sign-in paused');

    const adminContext = await newContext(browser, app);
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@vallentuna.example');
    await admin.goto('/vallentuna/admin/personer');
    const pauses = admin.locator('table[data-sign-in-pauses]');
    await expect(pauses.innerText()).resolves.toMatch(/Inloggningen är pausad till klockan \d\d:\d\d efter 16 misslyckade försök/);
    await checkAxe(admin, 'people page with a paused sign-in');
    const lift = pauses.getByRole('button', { name: /^Häv pausen för / });
    await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), lift.click()]);
    expect(new URL(admin.url()).pathname).toBe('/vallentuna/admin/personer');
    await expect(admin.locator('main').innerText()).resolves.toContain('Pausen är hävd');
    await expect(admin.locator('table[data-sign-in-pauses]').count()).resolves.toBe(0);
    await checkAxe(admin, 'people page after lifting a pause');
    await adminContext.close();

    await signIn(person, coordinator);
    await person.goto('/vallentuna/admin');
    expect(new URL(person.url()).pathname).toBe('/vallentuna/admin');
    await personContext.close();
  }, 120_000);
});
