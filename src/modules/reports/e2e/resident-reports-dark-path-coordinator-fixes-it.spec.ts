// The journey through the browser: a resident on a narrow phone reports a dark path by
// the lake at night, with a photo and an e-mail address, without an account, and confirms the
// address from the mail; the coordinator reviews the report (text and photo), assigns it to the
// street unit, replies publicly and marks it fixed; the resident receives both mails (read from
// the in-process SMTP server) and the public page shows the photo and the history. The same
// journey runs by keyboard alone and with JavaScript off. axe checks every page on the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';
import { mailText, startSmtpServer, type TestSmtpServer } from '../../../../test/smtp.js';
import { sendDueMail } from '../../../platform/mail/mail.js';
import { numberInWords } from '../report.abuse.js';

type Mode = 'pointer' | 'keyboard' | 'no-js';
const phone = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

let browser: Browser;
let dir: string;
let photoPath: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'samtrygg-reports-e2e-'));
  photoPath = join(dir, 'gangvagen.jpg');
  await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 20, g: 24, b: 40 } } })
    .jpeg()
    .toFile(photoPath);
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Presses Tab until `target` has focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 400): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** One way of doing each thing, by the journey's mode. */
function actions(page: Page, mode: Mode) {
  const keyboard = mode === 'keyboard';
  return {
    async fill(target: Locator, text: string) {
      if (!keyboard) return target.fill(text);
      await tabTo(page, target);
      await page.keyboard.type(text);
    },
    /** A radio: Tab reaches its group once; the arrow keys choose within it. */
    async choose(target: Locator) {
      if (!keyboard) return target.check();
      const name = await target.getAttribute('name');
      await tabTo(page, page.locator(`input[type="radio"][name="${name}"]`).first());
      await page.keyboard.press('Space');
      for (let i = 0; i < 20 && !(await target.isChecked()); i += 1) await page.keyboard.press('ArrowDown');
      await expect(target.isChecked()).resolves.toBe(true);
    },
    async check(target: Locator) {
      if (!keyboard) return target.check();
      await tabTo(page, target);
      await page.keyboard.press('Space');
      await expect(target.isChecked()).resolves.toBe(true);
    },
    async select(target: Locator, label: string) {
      if (!keyboard) return void (await target.selectOption({ label }));
      await tabTo(page, target);
      const options = await target.locator('option').allTextContents();
      const current = await target.evaluate((element: HTMLSelectElement) => element.selectedIndex);
      const wanted = options.findIndex((o) => o.trim() === label);
      for (let i = current; i < wanted; i += 1) await page.keyboard.press('ArrowDown');
      for (let i = current; i > wanted; i -= 1) await page.keyboard.press('ArrowUp');
      await expect(target.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent?.trim())).resolves.toBe(label);
    },
    /** Sends a form with its button and waits for the page it leads to. */
    async press(button: Locator) {
      const navigation = page.waitForEvent('load');
      if (keyboard) {
        await tabTo(page, button);
        await page.keyboard.press('Enter');
      } else {
        await button.click();
      }
      await navigation;
    },
  };
}

describe.each([
  ['pointer', 'sqlite'],
  ['pointer', 'postgres'],
  ['keyboard', 'postgres'],
  ['no-js', 'sqlite'],
] as const)('a resident reports a dark path (%s) and the coordinator has it fixed, on %s', (mode, dialect) => {
  let smtp: TestSmtpServer;
  let app: RunningApp;
  const resident = `invanare.${mode}@example.se`;
  const description = `Hela gångvägen längs sjön är mörk på kvällen, lamporna är släckta (${mode}).`;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startApp(dialect, { config: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  async function mailTo(address: string, subject: RegExp): Promise<string> {
    while ((await sendDueMail(app.ctx)) > 0) {
      // drain the outbox
    }
    const mail = smtp.received.find((m) => m.to.includes(address) && subject.test(mailText(m.raw)));
    expect(mail, `a mail to ${address} matching ${subject}; got ${smtp.received.map((m) => m.to.join(',')).join(' | ')}`).toBeDefined();
    smtp.received.splice(smtp.received.indexOf(mail!), 1);
    return mailText(mail!.raw);
  }

  function linkIn(text: string, pattern: RegExp): string {
    const found = pattern.exec(text);
    expect(found, `a link matching ${pattern} in:\n${text}`).toBeTruthy();
    const url = new URL(found![0]);
    return url.pathname + url.search;
  }

  /** On a phone; without JavaScript, every script file is refused (as newScriptBlockedContext does). */
  async function residentContext(): Promise<BrowserContext> {
    const context = await newContext(browser, app, phone);
    if (mode === 'no-js') await context.route(/\.(m?js)(\?.*)?$/, (route) => route.abort());
    return context;
  }

  it('reports, moderates, assigns, replies, fixes, and mails the resident twice', async () => {
    // The resident, on a phone, without an account.
    const residentSide = await residentContext();
    const page = await residentSide.newPage();
    const act = actions(page, mode);
    await page.goto('/vallentuna/');
    await act.press(page.locator('main a[href="/vallentuna/rapportera"]').first());
    await checkAxe(page, 'step 1');
    await act.select(page.getByLabel('Plats i listan'), 'Parken vid Vallentunasjön');
    await act.choose(page.getByRole('radio', { name: 'Dålig belysning' }));
    await act.press(page.getByRole('button', { name: 'Fortsätt' }));

    expect(await page.locator('h1').innerText()).toContain('Berätta mer');
    await checkAxe(page, 'step 2');
    await act.check(page.getByRole('checkbox', { name: 'Kvällstid (18–22)' }));
    await act.check(page.getByRole('checkbox', { name: 'Natt (22–06)' }));
    await act.fill(page.getByLabel('Vad gör platsen otrygg?'), description);
    await act.choose(page.getByRole('radio', { name: 'Flera lampor är släckta' }));
    // A keyboard user opens the file chooser with Enter; the chooser itself is the system's.
    await page.getByLabel(/Välj upp till/).setInputFiles(photoPath);
    await act.fill(page.getByLabel('Din e-postadress, om du vill få besked'), resident);
    await act.press(page.getByRole('button', { name: 'Granska innan du skickar' }));

    expect(await page.locator('h1').innerText()).toContain('Kontrollera och skicka');
    expect(await page.locator('main').innerText()).toContain(description);
    expect(await page.locator('main').innerText()).toContain('gangvagen.jpg');
    await checkAxe(page, 'step 3');
    await act.press(page.getByRole('button', { name: 'Skicka rapporten' }));
    if (mode === 'no-js') {
      // No proof of work without JavaScript: the server asks once more, keeping everything.
      expect(await page.locator('h1').innerText()).toContain('Bekräfta och skicka');
      await checkAxe(page, 'confirm without JavaScript');
      const label = await page.locator('label', { hasText: 'Skriv talet' }).textContent();
      const words = /Skriv talet ([a-zåäö]+) med siffror/.exec(label ?? '')?.[1];
      const answer = Array.from({ length: 80 }, (_, i) => i + 20).find((n) => numberInWords(n, 'sv') === words);
      expect(answer, `the number in "${label}"`).toBeDefined();
      await page.waitForTimeout(3_100);
      await act.fill(page.getByLabel(/Skriv talet/), String(answer));
      await act.press(page.getByRole('button', { name: 'Skicka rapporten' }));
    }
    expect(await page.locator('main').innerText()).toContain('Tack för din rapport');
    await checkAxe(page, 'receipt');
    const reference = /\/rapporter\/([0-9A-Z]{8})/.exec(page.url())?.[1];
    expect(reference, page.url()).toBeDefined();

    const confirmMail = await mailTo(resident, /Bekräfta|bekräfta/);
    await page.goto(linkIn(confirmMail, /https?:\/\/\S+prenumeration\/bekrafta\S*/));
    await act.press(page.getByRole('button', { name: 'Ja, skicka mig uppdateringar' }));
    expect(await page.locator('main').innerText()).toContain('du prenumererar nu');

    // The coordinator, at a desk.
    const staffSide = await newContext(browser, app);
    const staff = await staffSide.newPage();
    const staffAct = actions(staff, mode === 'no-js' ? 'pointer' : mode);
    await signIn(staff, 'samordnare@vallentuna.example');
    await staff.goto('/vallentuna/admin/rapporter?granskning=vantar');
    await checkAxe(staff, 'queue');
    await staffAct.press(staff.locator(`main a[href*="/vallentuna/admin/rapporter/"]`, { hasText: `${reference!.slice(0, 4)}-${reference!.slice(4)}` }).first());
    expect(await staff.locator('main').innerText()).toContain(description);
    await checkAxe(staff, 'staff report');

    await staffAct.press(staff.getByRole('button', { name: 'Publicera fotot' }).first());
    await staffAct.select(staff.getByLabel('Beslut'), 'Publicera med texten ovan');
    await staffAct.press(staff.getByRole('button', { name: 'Spara beslut' }));
    await staffAct.select(staff.getByLabel('Organisation'), 'Gatu- och parkenheten');
    await staffAct.press(staff.getByRole('button', { name: 'Tilldela', exact: true }));
    const assigned = await mailTo('gatuenheten@vallentuna.example', /./);
    expect(assigned).toContain(`${reference!.slice(0, 4)}-${reference!.slice(4)}`);

    await staffAct.fill(staff.getByLabel('Svar', { exact: true }), 'Gatuenheten byter armaturerna längs gångvägen nästa vecka.');
    await staffAct.press(staff.getByRole('button', { name: 'Publicera svar' }));
    const reply = await mailTo(resident, /Gatuenheten byter armaturerna/);
    expect(reply).not.toContain('samordnare@vallentuna.example');

    await staffAct.select(staff.getByLabel('Status', { exact: true }), 'Åtgärdad');
    await staffAct.fill(staff.getByLabel('Svar till allmänheten'), 'Nu lyser alla lampor längs gångvägen.');
    await staffAct.press(staff.getByRole('button', { name: 'Spara status' }));
    const fixed = await mailTo(resident, /Nu lyser alla lampor/);
    expect(fixed).toContain(`/vallentuna/rapporter/${reference}`);
    expect(fixed).toMatch(/avsluta|Avsluta|prenumeration\/avsluta/);
    await checkAxe(staff, 'staff report after handling');

    // The public page: the photo, the replies and the state, and no address anywhere.
    await page.goto(`/vallentuna/rapporter/${reference}`);
    expect(await page.locator('main').innerText()).toContain('Åtgärdad');
    expect(await page.locator('main').innerText()).toContain('Nu lyser alla lampor längs gångvägen.');
    expect(await page.locator('main img[alt="Foto från rapporten"]').count()).toBe(1);
    expect(await page.content()).not.toContain(resident);
    await checkAxe(page, 'public report page');
    await residentSide.close();
    await staffSide.close();
  }, 180_000);
});
