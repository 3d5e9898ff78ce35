// An administrator invites a coordinator by e-mail; the coordinator opens the link, chooses a
// password, signs in, is sent to set up TOTP (the kommun requires it for coordinators), sets it
// up with a code from an authenticator, and later signs in with password and code. Axe-clean.
import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../test/browser.js';
import { forgetCachedKommuner } from '../src/platform/http/kernel.plugin.js';
import { findKommunBySlug, updateKommunSettings } from '../src/platform/tenants/tenant.repository.js';

const adminEmail = 'admin@vallentuna.example';
const invitee = { name: 'Nya Samordnaren', email: 'ny.samordnare@vallentuna.example', password: 'trygga gator i Vallentuna centrum' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('an administrator invites a coordinator who signs in with TOTP on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
    const kommun = (await findKommunBySlug(app.ctx.db, 'vallentuna'))!;
    await updateKommunSettings(app.ctx.db, kommun.id, kommun.name, { ...kommun.settings, requireTotpForRoles: ['coordinator'] }, new Date().toISOString());
    forgetCachedKommuner();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('goes from the invitation to a TOTP-protected sign-in', async () => {
    const adminContext = await newContext(browser, app);
    const admin = await adminContext.newPage();
    await signIn(admin, adminEmail);
    await admin.goto('/vallentuna/admin/personer');
    await checkAxe(admin, 'people page');
    const form = admin.getByRole('form', { name: /Bjud in/ });
    await form.getByLabel('Namn').fill(invitee.name);
    await form.getByLabel('E-postadress').fill(invitee.email);
    const organisation = form.getByLabel('Organisation');
    const kommunOption = await organisation.locator('option', { hasText: /^Vallentuna kommun/ }).getAttribute('value');
    await organisation.selectOption(kommunOption!);
    await form.getByLabel('Roll').selectOption({ label: 'Trygghetssamordnare' });
    await Promise.all([admin.waitForURL('**/vallentuna/admin/personer'), form.getByRole('button', { name: 'Skicka inbjudan' }).click()]);
    await expect(admin.locator('main').innerText()).resolves.toContain(invitee.email);

    // No SMTP in this run: the mail waits in the outbox, where the administrator can read it.
    await admin.goto('/vallentuna/admin/utkorg');
    await checkAxe(admin, 'outbox');
    await admin.getByRole('link', { name: /Inbjudan/ }).first().click();
    const mailText = await admin.locator('main').innerText();
    const link = /https?:\/\/[^\s]+(\/inbjudan\/[A-Za-z0-9_-]+)/.exec(mailText)?.[1];
    expect(link).toBeTruthy();
    await adminContext.close();

    const context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto(link!);
    await checkAxe(page, 'invitation page');
    await page.getByLabel('Nytt lösenord').fill(invitee.password);
    await page.getByLabel('Skriv lösenordet en gång till').fill(invitee.password);
    await Promise.all([page.waitForURL('**/logga-in'), page.locator('main form button[type=submit]').click()]);

    await signIn(page, invitee.email, invitee.password);
    await page.goto('/vallentuna/admin');
    expect(new URL(page.url()).pathname).toBe('/konto/tvastegsverifiering');
    await checkAxe(page, 'TOTP set-up');
    const secret = (await page.locator('[data-totp-secret]').innerText()).replace(/\s/g, '');
    await page.getByLabel(/Engångskod/).fill(await generate({ secret }));
    await Promise.all([page.waitForURL('**/vallentuna/admin'), page.locator('main form button[type=submit]').click()]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.not.toBe('');
    await context.close();

    const later = await newContext(browser, app);
    const again = await later.newPage();
    await signIn(again, invitee.email, invitee.password);
    expect(new URL(again.url()).pathname).toBe('/logga-in/kod');
    await checkAxe(again, 'code step');
    await again.getByLabel(/Engångskod/).fill(await generate({ secret }));
    await Promise.all([again.waitForURL('**/vallentuna/admin'), again.locator('main form button[type=submit]').click()]);
    expect(new URL(again.url()).pathname).toBe('/vallentuna/admin');
    await later.close();
  });
});
