// The journey, all through the browser: the administrator lets coordinators decide; the
// coordinator builds a plan with three activities (one the police's, whose indicator the
// kommunpolis adds: the owning side keeps an activity), decides it, puts it in force, links two
// activities (one the police's) to a new löfte and publishes it; the kommunpolis posts a
// follow-up with a figure and a photo; a resident finds the löfte, reads the timeline, subscribes,
// confirms from the mail (in-process SMTP) and gets the next follow-up by mail, with a working
// link and an unsubscribe link. axe checks every distinct page on the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueMail } from '../../../platform/mail/mail.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';
import { dialects } from '../../../../test/databases.js';
import { mailText, startSmtpServer, type TestSmtpServer } from '../../../../test/smtp.js';

const plan = { title: 'Trygg kvällstid i Vallentuna centrum', start: '2026-01-01', end: '2027-12-31' };
const activities = [
  { title: 'Polisen patrullerar vid stationen på kvällarna', party: 'Polisen', indicator: { name: 'Patrulltimmar vid stationen', unit: 'timmar/månad', target: '40' } },
  { title: 'Gatubelysningen på Torggatan lagas', party: 'Kommunen', indicator: { name: 'Lagade gatlampor', unit: 'st', target: '25' } },
  { title: 'Nattvandringar på fredagar', party: 'Gemensamt', indicator: { name: 'Nattvandringar', unit: 'per månad', target: '4' } },
] as const;
const promiseTitle = 'Medborgarlöfte för en tryggare kväll i centrum';
const firstEntry = { date: '2026-03-10', title: 'Fler kvällspatruller vid stationen i mars', figure: '36', alt: 'Polisbil parkerad vid Vallentuna station en kväll.' };
const secondEntry = { date: '2026-04-14', title: 'Patrullerna vid stationen fortsatte i april', figure: '42' };
const resident = 'invanare.kvall@example.se';

let browser: Browser;
let dir: string;
let photoPath: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'samtrygg-coop-e2e-'));
  photoPath = join(dir, 'stationen.jpg');
  await sharp({ create: { width: 480, height: 320, channels: 3, background: { r: 40, g: 60, b: 110 } } })
    .jpeg()
    .toFile(photoPath);
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Clicks a submit button and waits for the page the POST leads to (after its redirect). */
async function submit(page: Page, button: Locator): Promise<void> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.waitForEvent('load'), button.click()]);
  expect(response.status(), `POST ${response.url()}`).toBe(303);
}

describe.each(dialects)('a coordinator plans, the police follow up, a resident subscribes, on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let app: RunningApp;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startApp(dialect, { config: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  /** The text of the newest mail to the address, after sending what is due. */
  async function mailTo(address: string): Promise<string> {
    while ((await sendDueMail(app.ctx)) > 0) {
      // drain the queue
    }
    const mail = smtp.received.filter((m) => m.to.includes(address)).pop();
    if (!mail) throw new Error(`no mail to ${address}`);
    smtp.received.splice(smtp.received.indexOf(mail), 1);
    return mailText(mail.raw);
  }

  /** Path, query and fragment of the first link in a text matching the pattern. */
  function linkIn(text: string, pattern: RegExp): string {
    const found = pattern.exec(text);
    expect(found, `a link matching ${pattern} in:\n${text}`).toBeTruthy();
    const url = new URL(found![0]);
    return url.pathname + url.search + url.hash;
  }

  it('goes from an empty plan to a resident reading the follow-up by e-mail', { timeout: 420_000 }, async () => {
    // 1. The administrator lets coordinators decide and publish.
    const adminContext = await newContext(browser, app);
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@vallentuna.example');
    await admin.goto('/vallentuna/admin/installningar');
    await checkAxe(admin, 'kommun settings');
    await admin.getByLabel('Vem beslutar planer och överenskommelser och publicerar medborgarlöften?').selectOption('coordinators');
    await submit(admin, admin.getByRole('button', { name: 'Spara inställningarna för Samverkan och medborgarlöften' }));
    await expect(admin.getByLabel('Vem beslutar planer och överenskommelser och publicerar medborgarlöften?').inputValue()).resolves.toBe('coordinators');
    await adminContext.close();

    // 2. The coordinator builds the plan, decides it and puts it in force.
    const coordinatorContext = await newContext(browser, app);
    const coordinator = await coordinatorContext.newPage();
    await signIn(coordinator, 'samordnare@vallentuna.example');
    await coordinator.goto('/vallentuna/admin/samverkan');
    await checkAxe(coordinator, 'cooperation dashboard');
    await coordinator.goto('/vallentuna/admin/samverkan/planer/ny');
    await checkAxe(coordinator, 'new plan');
    await coordinator.getByLabel('Planens namn').fill(plan.title);
    await coordinator.getByLabel('Periodens första dag').fill(plan.start);
    await coordinator.getByLabel('Periodens sista dag').fill(plan.end);
    await submit(coordinator, coordinator.getByRole('button', { name: 'Skapa planen som utkast' }));
    const planPath = new URL(coordinator.url()).pathname;
    expect(planPath).toMatch(/^\/vallentuna\/admin\/samverkan\/planer\/[0-9a-f-]{36}$/);
    await checkAxe(coordinator, 'plan draft');

    const activityPaths: string[] = [];
    for (const [index, activity] of activities.entries()) {
      await coordinator.goto(planPath);
      await coordinator.getByRole('link', { name: 'Lägg till en aktivitet' }).click();
      await coordinator.waitForLoadState('load');
      if (index === 0) await checkAxe(coordinator, 'new activity');
      await coordinator.getByLabel('Aktivitet (åtgärd)').fill(activity.title);
      await coordinator.getByLabel('Operativt mål').fill(`${activity.indicator.target} ${activity.indicator.unit}`);
      await coordinator.getByLabel('Situationell').check();
      await coordinator.getByLabel('Startdatum').fill('2026-01-15');
      await coordinator.getByRole('group', { name: 'Ansvarig part' }).getByLabel(activity.party, { exact: true }).check();
      await submit(coordinator, coordinator.getByRole('button', { name: 'Lägg till aktiviteten' }));
      activityPaths.push(new URL(coordinator.url()).pathname);
      // The owning side keeps an activity: the police activity is read-only to the coordinator.
      if (index === 0) await checkAxe(coordinator, 'activity of the other side');
    }
    expect(activityPaths).toHaveLength(3);
    expect(activityPaths[0]).toMatch(/^\/vallentuna\/admin\/samverkan\/aktiviteter\/[0-9a-f-]{36}$/);
    await coordinator.goto(activityPaths[0]!);
    await expect(coordinator.getByRole('link', { name: 'Lägg till en indikator' }).count()).resolves.toBe(0);

    /** Adds the activity's indicator from its staff page, as a writer of the owning side. */
    async function addIndicator(page: Page, index: number) {
      const { indicator } = activities[index]!;
      await page.goto(activityPaths[index]!);
      await page.getByRole('link', { name: 'Lägg till en indikator' }).click();
      await page.waitForLoadState('load');
      if (index === 1) await checkAxe(page, 'new indicator');
      await page.getByLabel('Vad mäts').fill(indicator.name);
      await page.getByLabel('Enhet').fill(indicator.unit);
      await page.getByLabel('Målvärde').fill(indicator.target);
      await submit(page, page.getByRole('button', { name: 'Lägg till indikatorn' }));
      expect(new URL(page.url()).pathname).toBe(activityPaths[index]);
      await expect(page.locator('main').innerText()).resolves.toContain(indicator.name);
      if (index === 1) await checkAxe(page, 'activity with an indicator');
    }
    await addIndicator(coordinator, 1);
    await addIndicator(coordinator, 2);
    const policeContext = await newContext(browser, app);
    const police = await policeContext.newPage();
    await signIn(police, 'kommunpolis@taby-polis.example');
    await addIndicator(police, 0);

    await coordinator.goto(planPath);
    await coordinator.getByLabel('Beslutande organ').fill('Kommunstyrelsen');
    await coordinator.getByLabel('Beslutsdatum').fill('2026-01-10');
    await submit(coordinator, coordinator.getByRole('button', { name: 'Registrera beslutet' }));
    await submit(coordinator, coordinator.getByRole('button', { name: 'Sätt planen som gällande' }));
    await expect(coordinator.locator('.coop-plan-status').innerText()).resolves.toBe('Gällande');
    await checkAxe(coordinator, 'plan in force');

    // 3. A new löfte linking the police activity and one of the kommun's, published.
    await coordinator.goto('/vallentuna/admin/samverkan/loften/ny');
    await checkAxe(coordinator, 'new löfte');
    await coordinator.getByLabel('Löftets namn').fill(promiseTitle);
    await coordinator.getByLabel('Periodens första dag').fill(plan.start);
    await coordinator.getByLabel('Periodens sista dag').fill(plan.end);
    await coordinator.getByLabel('Situationen i dag').fill('Många känner sig otrygga vid stationen och på Torggatan när det är mörkt.');
    await coordinator.getByLabel('Vem lovar (löfte 1)').selectOption('police');
    await coordinator.getByLabel('Vad lovas (löfte 1)').fill('Polisen ska patrullera vid stationen varje kväll.');
    await coordinator.getByRole('group', { name: 'Aktiviteter som genomför löfte 1' }).getByLabel(activities[0].title).check();
    await coordinator.getByLabel('Vem lovar (löfte 2)').selectOption('kommun');
    await coordinator.getByLabel('Vad lovas (löfte 2)').fill('Kommunen ska laga gatubelysningen på Torggatan.');
    await coordinator.getByRole('group', { name: 'Aktiviteter som genomför löfte 2' }).getByLabel(activities[1].title).check();
    await submit(coordinator, coordinator.getByRole('button', { name: 'Spara som utkast' }));
    expect(new URL(coordinator.url()).pathname).toMatch(/^\/vallentuna\/admin\/samverkan\/loften\/[0-9a-f-]{36}$/);
    await checkAxe(coordinator, 'löfte draft');
    await submit(coordinator, coordinator.getByRole('button', { name: 'Publicera löftet' }));
    await expect(coordinator.locator('main p.coop-meta').innerText()).resolves.toBe('Version 1: Gällande');
    await expect(coordinator.getByRole('button', { name: 'Publicera löftet' }).count()).resolves.toBe(0);
    await checkAxe(coordinator, 'published löfte');
    await coordinatorContext.close();

    // 4. The kommunpolis posts a public follow-up with a figure and a photo.
    async function postFollowUp(entry: { date: string; title: string; figure: string }, photo?: { path: string; alt: string }) {
      await police.goto(activityPaths[0]!);
      await police.getByRole('link', { name: 'Skriv en uppföljning' }).click();
      await police.waitForLoadState('load');
      if (photo) await checkAxe(police, 'follow-up form');
      await police.getByLabel('Datum', { exact: true }).fill(entry.date);
      await police.getByLabel('Rubrik', { exact: true }).fill(entry.title);
      await police.getByLabel('Vad har gjorts').fill(`Kommunpolisen och kollegorna patrullerade vid stationen ${entry.figure} timmar.`);
      await police.getByRole('group', { name: 'Vem får läsa uppföljningen' }).getByLabel('Offentlig').check();
      await police.getByLabel(`${activities[0].indicator.name} (${activities[0].indicator.unit})`).fill(entry.figure);
      if (photo) {
        await police.locator('input[type=file][name=file1]').setInputFiles(photo.path);
        await police.getByLabel('Beskrivning eller rubrik för fil 1').fill(photo.alt);
      }
      await submit(police, police.getByRole('button', { name: 'Spara uppföljningen' }));
      expect(new URL(police.url()).pathname).toBe(activityPaths[0]);
      await expect(police.locator('main').innerText()).resolves.toContain(entry.title);
    }
    await postFollowUp(firstEntry, { path: photoPath, alt: firstEntry.alt });
    await checkAxe(police, 'activity with a follow-up');

    // 5. A resident finds the löfte, reads the timeline and subscribes.
    const residentContext = await newContext(browser, app);
    const reader = await residentContext.newPage();
    await reader.goto('/vallentuna/medborgarloften');
    await checkAxe(reader, 'löften index');
    await reader.getByRole('link', { name: promiseTitle }).click();
    await reader.waitForLoadState('load');
    await expect(reader.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(promiseTitle);
    const timeline = reader.getByRole('region', { name: 'Uppföljning' });
    const entry = timeline.getByRole('article', { name: firstEntry.title });
    await expect(entry.innerText()).resolves.toContain(`${activities[0].indicator.name}: ${firstEntry.figure} ${activities[0].indicator.unit}`);
    const photo = entry.getByRole('img', { name: firstEntry.alt });
    await photo.scrollIntoViewIfNeeded();
    await expect(photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await checkAxe(reader, 'löfte page');

    await reader.getByRole('link', { name: new RegExp(`^Få e-post när «${promiseTitle}» följs upp$`) }).click();
    await reader.waitForLoadState('load');
    await checkAxe(reader, 'subscribe form');
    await reader.getByLabel('Din e-postadress').fill(resident);
    await submit(reader, reader.getByRole('button', { name: 'Prenumerera' }));
    await expect(reader.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Titta i din inkorg');
    await checkAxe(reader, 'check your inbox');
    await reader.goto(linkIn(await mailTo(resident), /https?:\/\/\S+\/vallentuna\/prenumeration\/bekrafta\?t=\S+/));
    await checkAxe(reader, 'confirm subscription');
    const [confirmed] = await Promise.all([reader.waitForResponse((r) => r.request().method() === 'POST'), reader.waitForEvent('load'), reader.getByRole('button', { name: 'Ja, skicka mig uppdateringar' }).click()]);
    expect(confirmed.status()).toBe(200);
    await expect(reader.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Klart – du prenumererar nu');
    await checkAxe(reader, 'subscription confirmed');

    // 6. The next public follow-up reaches the resident, with a working link and a way out.
    await postFollowUp(secondEntry);
    await policeContext.close();
    const mail = await mailTo(resident);
    expect(mail).toContain(secondEntry.title);
    expect(mail).toContain(promiseTitle);
    const unsubscribe = linkIn(mail, /https?:\/\/\S+\/vallentuna\/prenumeration\/avsluta\?t=\S+/);
    const activityLink = linkIn(mail, /https?:\/\/\S+\/vallentuna\/atgardsplaner\/\S+/);
    const response = await reader.goto(activityLink);
    expect(response?.status()).toBe(200);
    await expect(reader.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(activities[0].title);
    const anchor = new URL(activityLink, app.baseUrl).hash.slice(1);
    expect(anchor).toMatch(/^uppfoljning-/);
    await expect(reader.locator(`[id="${anchor}"]`).innerText()).resolves.toContain(secondEntry.title);
    await checkAxe(reader, 'public activity page');
    const unsubscribePage = await reader.goto(unsubscribe);
    expect(unsubscribePage?.status()).toBe(200);
    await expect(reader.getByRole('button', { name: 'Avsluta och radera min adress' }).count()).resolves.toBe(1);
    await residentContext.close();
  });
});
