// An administrator requires a second factor for coordinators and invites a new coordinator by
// e-mail; the coordinator follows the link from the mail, sets a password, is made to set up
// TOTP, and afterwards signs in with password and a TOTP code.
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../test/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const newcomer = { name: 'Nora Nyström', email: 'nora.nystrom@vallentuna.example', password: 'ett-långt-och-eget-lösenord-42' };

async function submit(page: Page, form = page.locator('main form[method=post]').last()) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type=submit]').last().click()]);
}

describe.each(dialects)('an administrator invites a coordinator who signs in with TOTP on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('goes from invitation mail to a TOTP sign-in, with axe clean on every step', async () => {
    // The administrator: require TOTP for coordinators, then invite one.
    const adminContext = await newContext(browser, app);
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@vallentuna.example');
    await admin.goto('/vallentuna/admin/installningar');
    const totpBox = admin.locator('input[name=requireTotpForRoles][value=coordinator]');
    await totpBox.check();
    await submit(admin, admin.locator('main form').filter({ has: totpBox }));
    await expect(admin.locator('input[name=requireTotpForRoles][value=coordinator]').isChecked()).resolves.toBe(true);

    await admin.goto('/vallentuna/admin/personer');
    await checkAxe(admin, 'people page');
    await admin.getByLabel('Namn', { exact: true }).fill(newcomer.name);
    await admin.getByLabel('E-postadress', { exact: true }).fill(newcomer.email);
    const organisation = admin.locator('select[name=organisationId]');
    const kommunOption = await organisation.locator('option').evaluateAll((options) => options.find((o) => o.textContent?.startsWith('Vallentuna kommun'))?.getAttribute('value'));
    expect(kommunOption).toBeTruthy();
    await organisation.selectOption(kommunOption!);
    await admin.locator('select[name=role]').selectOption('coordinator');
    await submit(admin, admin.locator('main form').filter({ has: organisation }));
    expect(new URL(admin.url()).pathname).toBe('/vallentuna/admin/personer');
    await expect(admin.locator('main').innerText()).resolves.toContain(newcomer.email);
    await checkAxe(admin, 'people page after inviting');

    // The invitation is in the outbox, readable by the administrator, but never its link.
    await admin.goto('/vallentuna/admin/utkorg');
    await expect(admin.locator('main').innerText()).resolves.toContain(newcomer.email);
    await checkAxe(admin, 'outbox');
    await admin.locator('main table a').filter({ hasText: 'Inbjudan' }).first().click();
    await admin.waitForURL(/\/admin\/utkorg\/[0-9a-f-]{36}$/);
    const asStaffSeeIt = await admin.locator('main').innerText();
    expect(asStaffSeeIt).toContain('personlig länk');
    expect(asStaffSeeIt).not.toMatch(/\/inbjudan\/[A-Za-z0-9_-]{20,}/);
    await checkAxe(admin, 'one mail in the outbox');
    await adminContext.close();

    // The newcomer, in their own browser: the mail (here the demo's mail catcher) has the link.
    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/utveckling/e-post');
    await checkAxe(page, 'developer mail catcher');
    const link = /https?:\/\/\S+\/inbjudan\/[A-Za-z0-9_-]+/.exec(await page.locator('main').innerText())?.[0];
    expect(link, 'invitation link in the mail').toBeTruthy();
    await page.goto(new URL(link!).pathname);
    await checkAxe(page, 'accept invitation');
    await page.getByLabel('Nytt lösenord', { exact: true }).fill(newcomer.password);
    await page.getByLabel('Skriv lösenordet en gång till', { exact: true }).fill(newcomer.password);
    await submit(page);
    expect(new URL(page.url()).pathname).toBe('/logga-in');
    // The link is single use.
    const again = await context.request.get(new URL(link!).pathname);
    expect(again.status()).toBe(410);

    // First sign-in: the kommun requires TOTP for coordinators, so set-up comes first.
    await signIn(page, newcomer.email, newcomer.password);
    expect(new URL(page.url()).pathname).toBe('/konto/tvastegsverifiering');
    await checkAxe(page, 'TOTP set-up');
    const secret = (await page.locator('[data-totp-secret]').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.getByLabel(/kod/i).fill(await generate({ secret }));
    await submit(page);
    expect(new URL(page.url()).pathname).not.toBe('/konto/tvastegsverifiering');
    await page.goto('/vallentuna/admin');
    expect(new URL(page.url()).pathname).toBe('/vallentuna/admin');

    // Sign out, and in again: password, then the code.
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Logga ut' }).click()]);
    await signIn(page, newcomer.email, newcomer.password);
    expect(new URL(page.url()).pathname).toBe('/logga-in/kod');
    await checkAxe(page, 'TOTP code page');
    // A wrong code is refused with an error summary.
    await page.getByLabel(/kod/i).fill('000000' === (await generate({ secret })) ? '111111' : '000000');
    await submit(page);
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await checkAxe(page, 'TOTP code page with an error');
    // Each 30-second code works once and set-up spent the current one: the app's next code.
    await page.getByLabel(/kod/i).fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await submit(page);
    await page.goto('/vallentuna/admin');
    expect(new URL(page.url()).pathname).toBe('/vallentuna/admin');
    await expect(page.locator('.site-header__user').innerText()).resolves.toBe(newcomer.name);
    // A coordinator may write news; a coordinator may not manage people.
    await expect(page.locator('nav.staff-nav a[href="/vallentuna/admin/nyheter"]').count()).resolves.toBe(1);
    const people = await context.request.get('/vallentuna/admin/personer');
    expect(people.status()).toBe(404);
    await context.close();
  }, 180_000);
});
