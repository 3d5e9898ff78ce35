// `npx tsx tools/screenshots.ts [outdir]`: screenshots of the pages a new user meets first (home,
// places on the vector basemap made from test shapes, a news item the police published, a plan,
// an activity with its values page, a löfte, staff overview, people page, the staff news list), at desktop
// and phone widths, from a real app on SQLite with the demo. For reviewing the look; not a test.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, newContext, signIn, startApp } from '../test/browser.js';
import { writeTestBasemap } from '../test/map/test-basemap.js';

const out = resolve(process.argv[2] ?? 'screenshots');
mkdirSync(out, { recursive: true });
const app = await startApp('sqlite', { config: { MAP_PMTILES: writeTestBasemap() } });
const browser = await launchBrowser();
try {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const context = await newContext(browser, app, { viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const shoot = async (name: string, path: string) => {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(out, `${name}-${device}.png`), fullPage: true });
    };
    await shoot('home', '/vallentuna/');
    await shoot('places', '/vallentuna/platser');
    await shoot('news-item-by-police', '/vallentuna/nyheter/polisen-i-kulturhuset-varje-onsdag');
    await shoot('plan-overview', '/vallentuna/atgardsplaner/2017');
    await shoot('activity', '/vallentuna/atgardsplaner/2017/synlig-polis-pa-platser-som-upplevs-otrygga');
    await shoot('activity-values', '/vallentuna/atgardsplaner/2017/synlig-polis-pa-platser-som-upplevs-otrygga/matvarden');
    await shoot('promise', '/vallentuna/medborgarloften/2025-2026');
    await signIn(page, 'admin@vallentuna.example');
    await shoot('staff-overview', '/vallentuna/admin');
    await shoot('people', '/vallentuna/admin/personer');
    await shoot('staff-news', '/vallentuna/admin/nyheter');
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
}
console.log(`screenshots in ${out}`);
