import { it } from 'vitest';
import { launchBrowser, newContext, startApp } from '../test/browser.js';
import { demoId } from '../src/platform/demo.js';
it('finds wide elements', async () => {
  const browser = await launchBrowser();
  const app = await startApp('sqlite');
  const context = await newContext(browser, app, { viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto(`/visning?text=stor&tillbaka=%2Fvallentuna%2F`);
  for (const path of [`/vallentuna/rapportera/detaljer?category=belysning&placeId=${demoId('place:ekebyparken')}`, '/vallentuna/rapportera', '/vallentuna/rapporter', '/vallentuna/rapporter/5VVZM312']) {
    await page.goto(path);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 321).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 8));
    console.log(path, JSON.stringify(wide));
  }
  await browser.close();
  await app.close();
}, 120_000);
