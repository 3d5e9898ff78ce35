// A coordinator writes a news item with a main image and a PDF attachment, saves it as a draft
// (invisible to the public), publishes it, and finds it on the public site and in the Atom feed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../../../../test/browser.js';

let browser: Browser;
let dir: string;
let imagePath: string;
let pdfPath: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'samtrygg-e2e-'));
  imagePath = join(dir, 'torggatan.png');
  await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 30, g: 90, b: 140 } } }).png().toFile(imagePath);
  pdfPath = join(dir, 'program.pdf');
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const item = {
  title: 'Trygghetsvandring i centrum i maj',
  summary: 'Följ med när kommunen, polisen och nattvandrarna går genom centrum.',
  body: 'Vi samlas vid **Kulturhuset** klockan 18.\n\nAlla är välkomna.',
  alt: 'Torggatan en kväll med gatubelysning tänd.',
  credit: 'Vallentuna kommun',
  attachmentTitle: 'Program för trygghetsvandringen (PDF)',
};

async function submit(page: Page, button: ReturnType<Page['locator']>) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

describe.each(dialects)('a coordinator publishes news with image and attachment on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('writes a draft, publishes it, and it appears on the news page and in the Atom feed', async () => {
    const context = await newContext(browser, app);
    const page = await context.newPage();
    // A real PDF to attach: the one the demo ships with.
    await page.goto('/vallentuna/nyheter/kommunen-och-polisen-arbetar-tillsammans');
    const demoPdf = await context.request.get((await page.locator('.content__attachments a').first().getAttribute('href'))!);
    writeFileSync(pdfPath, await demoPdf.body());

    await signIn(page, 'samordnare@vallentuna.example');
    await page.goto('/vallentuna/admin/nyheter');
    await checkAxe(page, 'staff news list');
    await page.goto('/vallentuna/admin/nyheter/ny');
    await checkAxe(page, 'new news form');
    await page.getByLabel('Rubrik', { exact: true }).fill(item.title);
    await page.locator('main [name=summary]').fill(item.summary);
    await page.locator('main [name=body]').fill(item.body);
    await page.locator('input[type=file][name=image]').setInputFiles(imagePath);
    await page.getByLabel(/^Bildbeskrivning \(alt-text\)/).fill(item.alt);
    await page.getByLabel(/^Fotograf/).fill(item.credit);
    await page.locator('input[type=file][name=attachment1]').setInputFiles(pdfPath);
    await page.locator('input[name=attachmentTitle1]').fill(item.attachmentTitle);
    await submit(page, page.locator('form.content-form button[type=submit]'));
    const editUrl = new URL(page.url()).pathname;
    expect(editUrl).toMatch(/^\/vallentuna\/admin\/nyheter\/[0-9a-f-]{36}$/);
    await checkAxe(page, 'edit page of the draft');

    // A draft is invisible to the public: not in the list, not in the feed.
    const anonymous = await newContext(browser, app);
    const publicList = await anonymous.request.get('/vallentuna/nyheter');
    expect(await publicList.text()).not.toContain(item.title);
    expect(await (await anonymous.request.get('/vallentuna/nyheter.atom')).text()).not.toContain(item.title);

    await submit(page, page.getByRole('button', { name: 'Publicera', exact: true }));
    await expect(page.getByRole('button', { name: 'Avpublicera', exact: true }).count()).resolves.toBe(1);

    // The public sees it: list, page with image (alt + credit) and the attachment.
    const reader = await anonymous.newPage();
    await reader.goto('/vallentuna/nyheter');
    await reader.getByRole('link', { name: item.title }).click();
    await expect(reader.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(item.title);
    const image = reader.locator('main figure img');
    await expect(image.getAttribute('alt')).resolves.toBe(item.alt);
    await expect(image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await expect(reader.locator('main figure figcaption').innerText()).resolves.toContain(item.credit);
    await expect(reader.locator('main strong').innerText()).resolves.toBe('Kulturhuset');
    const attachment = reader.getByRole('region', { name: 'Mer information' }).getByRole('link', { name: item.attachmentTitle });
    const file = await anonymous.request.get((await attachment.getAttribute('href'))!);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect((await file.body()).equals(await demoPdf.body())).toBe(true);
    await expect(reader.locator('main').innerText()).resolves.toMatch(/Sidan uppdaterad \d{1,2} \w+ \d{4}/);
    await checkAxe(reader, 'the new news page');
    const publicPath = new URL(reader.url()).pathname;

    // The news list announces the Atom feed, and the feed lists the item, linking to its page.
    await reader.goto('/vallentuna/nyheter');
    const feedHref = await reader.locator('link[rel=alternate][type="application/atom+xml"][href$="/nyheter.atom"]').getAttribute('href');
    expect(feedHref).toBeTruthy();
    const feed = await anonymous.request.get(feedHref!);
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const entry = xml.split('<entry>').find((e) => e.includes(item.title));
    expect(entry, 'entry for the new item').toBeTruthy();
    expect(entry).toContain(publicPath);
    // Newest first: the new item comes before the 2016 news.
    expect(xml.indexOf(item.title)).toBeLessThan(xml.indexOf('Kommunen och polisen arbetar tillsammans'));
    await anonymous.close();
    await context.close();
  }, 180_000);
});
