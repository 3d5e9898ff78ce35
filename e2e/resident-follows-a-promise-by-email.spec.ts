// A resident subscribes on a page with the kernel's subscribe form, confirms from the mail,
// gets an update and unsubscribes from it; axe checks every page on the way, in both languages
// where the words differ. The probe module stands in for the module that shows the form.
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/platform/db/transaction.js';
import { demoId } from '../src/platform/demo.js';
import { sendDueMail } from '../src/platform/mail/mail.js';
import { notifySubscribers } from '../src/platform/subscriptions/index.js';
import { createTestApp } from '../test/app.js';
import { checkAxe, launchBrowser, newContext, type RunningApp } from '../test/browser.js';
import { dialects } from '../test/databases.js';
import { testModules } from '../test/modules.js';
import { mailText, startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { probeTopic, subscriptionProbeModule } from '../test/subscription-probe.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('a resident follows a promise by e-mail on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let app: RunningApp;
  let context: BrowserContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const testApp = await createTestApp(dialect, { config: { SMTP_URL: smtp.url }, modules: [...testModules, subscriptionProbeModule] });
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    app = { ...testApp, baseUrl: `http://127.0.0.1:${(testApp.app.server.address() as AddressInfo).port}` };
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function nextMailText(): Promise<string> {
    while ((await sendDueMail(app.ctx)) > 0) {
      // drain
    }
    const mail = smtp.received.pop();
    if (!mail) throw new Error('no mail arrived');
    return mailText(mail.raw);
  }

  async function submit(page: Page, expectedStatus: number): Promise<void> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('main form button[type=submit]').first().click()]);
    expect(response.status()).toBe(expectedStatus);
    await page.waitForLoadState('load');
  }

  it('subscribes, confirms, gets an update and unsubscribes, on pages without axe violations', async () => {
    context = await newContext(browser, app);
    const page = await context.newPage();
    await page.goto('/vallentuna/prov');
    await checkAxe(page, 'page with the subscribe form');

    await page.locator('main form').first().evaluate((form: HTMLFormElement) => form.setAttribute('novalidate', ''));
    await page.getByLabel('Din e-postadress').fill('inte en adress');
    await submit(page, 422);
    await expect(page.getByLabel('Din e-postadress').inputValue()).resolves.toBe('inte en adress');
    await checkAxe(page, 'subscribe form with an error');

    await page.getByLabel('Din e-postadress').fill('invanare@example.se');
    await submit(page, 303);
    await expect(page.locator('h1').textContent()).resolves.toBe('Titta i din inkorg');
    await checkAxe(page, 'check your inbox');

    const confirmUrl = /https?:\/\/\S+\/vallentuna\/prenumeration\/bekrafta\?t=\S+/.exec(await nextMailText())![0];
    await page.goto(new URL(confirmUrl).pathname + new URL(confirmUrl).search);
    await checkAxe(page, 'confirm');
    await submit(page, 200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Klart – du prenumererar nu');
    await checkAxe(page, 'confirmed');

    await inTransaction(app.ctx, (tx) => notifySubscribers(app.ctx, tx, { kommunId: demoId('org:vallentuna'), topic: probeTopic, subject: () => 'Nytt om löftet', text: () => 'Löftet har följts upp.' }));
    const unsubscribeUrl = new URL(/https?:\/\/\S+\/vallentuna\/prenumeration\/avsluta\?t=\S+/.exec(await nextMailText())![0]);
    await page.goto(unsubscribeUrl.pathname + unsubscribeUrl.search);
    await checkAxe(page, 'unsubscribe');
    await submit(page, 200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Prenumerationen är avslutad');
    await checkAxe(page, 'unsubscribed');
    expect(await app.ctx.db.selectFrom('email_subscriptions').select('id').execute()).toHaveLength(0);

    await page.goto('/vallentuna/prenumeration/bekrafta?t=okand');
    await checkAxe(page, 'unknown link');
    await page.goto('/sprak?till=en&tillbaka=%2Fvallentuna%2Fprov');
    await checkAxe(page, 'subscribe form in English');
  });
});
