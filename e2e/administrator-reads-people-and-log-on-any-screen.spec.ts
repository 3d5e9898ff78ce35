// The staff overview, the people list and the change log fit the content column on a laptop
// (1280 px) and on a phone (390 px), where each table row becomes a card with labelled cells;
// axe finds nothing either way. Long addresses and values must wrap, not widen the page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { checkAxe, launchBrowser, newContext, signIn, startApp, type RunningApp } from '../test/browser.js';
import { demoId } from '../src/platform/demo.js';
import { writeAudit } from '../src/platform/audit/index.js';
import { insertMembership, insertUser } from '../src/platform/auth/user.repository.js';
import { newId } from '../src/platform/db/ids.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pages = ['/vallentuna/admin', '/vallentuna/admin/personer', '/vallentuna/admin/logg'];
const shots = process.env.SCREENSHOT_DIR;

/** Every table's container and the page itself: how far content sticks out sideways. */
async function overflow(page: Page): Promise<{ what: string; scrollWidth: number; clientWidth: number }[]> {
  return page.evaluate(() => {
    const boxes: { what: string; scrollWidth: number; clientWidth: number }[] = [];
    for (const details of document.querySelectorAll<HTMLDetailsElement>('main details')) details.open = true;
    const root = document.documentElement;
    boxes.push({ what: 'page', scrollWidth: root.scrollWidth, clientWidth: root.clientWidth });
    for (const table of document.querySelectorAll('main table')) {
      const container = table.parentElement!;
      boxes.push({ what: `container of ${table.querySelector('caption')?.textContent ?? 'table'}`, scrollWidth: container.scrollWidth, clientWidth: container.clientWidth });
      boxes.push({ what: `table ${table.querySelector('caption')?.textContent ?? ''}`, scrollWidth: table.getBoundingClientRect().width, clientWidth: container.clientWidth });
    }
    return boxes;
  });
}

describe.each(dialects)('an administrator reads people and the change log on any screen on %s', (dialect) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(dialect);
    const db = app.ctx.db;
    const now = new Date().toISOString();
    const kommunId = demoId('org:vallentuna');
    // Long, unbroken values: the worst case for fitting a column.
    const invited = newId();
    const email = 'en.mycket.lang.adress.till.den.nya.trygghetssamordnaren.i.kommunen@forvaltningen.vallentuna.example';
    await insertUser(db, { id: invited, email, name: 'Ny Samordnare', passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now, invitedByOrganisationId: kommunId });
    await insertMembership(db, { id: newId(), userId: invited, organisationId: kommunId, role: 'coordinator', now, pending: true });
    await writeAudit(db, { actorUserId: demoId('user:admin'), kommunId, organisationId: kommunId, action: 'user.invited', entityType: 'user', entityId: invited, after: { name: 'Ny Samordnare', email, status: 'invited' } });
    await writeAudit(db, {
      actorUserId: demoId('user:coordinator'),
      kommunId,
      organisationId: kommunId,
      action: 'news.content_updated',
      entityType: 'content',
      entityId: newId(),
      before: { kind: 'news', title: 'Kort rubrik', summary: 'x'.repeat(300) },
      after: { kind: 'news', title: 'En betydligt längre rubrik som fortsätter och fortsätter utan att ta slut', summary: 'y'.repeat(300) },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const width of [1280, 390]) {
    it(`fits the tables into the content column at ${width} px, stacked as cards on a phone, with no axe violations`, async () => {
      const context = await newContext(browser, app, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      await signIn(page, 'admin@vallentuna.example');
      for (const path of pages) {
        await page.goto(path);
        await checkAxe(page, `${path} at ${width} px`);
        for (const box of await overflow(page)) {
          expect(box.scrollWidth, `${box.what} on ${path} at ${width} px`).toBeLessThanOrEqual(box.clientWidth);
        }
        const firstRow = page.locator('main table.stack-table tbody tr').first();
        if ((await firstRow.count()) > 0) {
          const display = await firstRow.evaluate((row) => getComputedStyle(row).display);
          expect(display, `rows on ${path} at ${width} px`).toBe(width < 640 ? 'block' : 'table-row');
        }
        await checkAxe(page, `${path} at ${width} px with details open`);
        if (shots) await page.screenshot({ path: `${shots}/${dialect}-${path.split('/').pop()}-${width}.png`, fullPage: true });
      }
      await context.close();
    }, 120_000);
  }
});
