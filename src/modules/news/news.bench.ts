// The news module's load scenario for `npm run bench`: a thousand published items in the demo
// kommun, and the pages a resident reads most (the list, a page deep in the archive, one item).
import type { BenchScenario } from '../../platform/module.js';
import { contentInputSchema } from './news.schemas.js';
import { createContent, setContentPublished } from './news.service.js';

const items = 1000;
const paragraph =
  'Kommunen och polisen bjuder in till en kväll om tryggheten i centrum. Vi berättar vad som har gjorts sedan förra året, ' +
  'lyssnar på era erfarenheter och tar med oss förslag till nästa medborgarlöfte. Ingen anmälan behövs.';

export const newsBenchScenario: BenchScenario = {
  name: 'news',
  volume: `${items.toLocaleString('en')} published news items`,
  async seed(ctx, kommunId, coordinator) {
    const start = Date.now() - items * 3_600_000;
    for (let i = 0; i < items; i += 1) {
      const input = contentInputSchema.parse({
        title: `Trygghetsvandring och dialog nummer ${i + 1}`,
        summary: `Sammanfattning av träff ${i + 1}: vad som sades och vad som händer nu.`,
        body: `## Bakgrund\n\n${paragraph}\n\n## Vad händer nu\n\n${paragraph}\n\n- Belysning i parken\n- Fler vuxna ute på kvällarna\n- Nattvandring på fredagar\n`,
      });
      const item = await createContent(ctx, coordinator, kommunId, input);
      await setContentPublished(ctx, coordinator, kommunId, item.id, true, { publishedAt: new Date(start + i * 3_600_000) });
    }
  },
  async pages(get) {
    // Follow "older" links 25 times from the list: a page deep into the archive.
    let deep = '/vallentuna/nyheter';
    let item = '';
    for (let i = 0; i < 25; i += 1) {
      const html = await get(deep);
      if (!item) item = /href="(\/vallentuna\/nyheter\/[a-z0-9-]+)"/.exec(html)?.[1] ?? '';
      const next = /<a[^>]*href="([^"]+)"[^>]*rel="next"/.exec(html)?.[1];
      if (!next) break;
      deep = next.replace(/&amp;/g, '&');
    }
    if (!item) throw new Error('no news item link on /vallentuna/nyheter');
    return [
      { name: 'news list /vallentuna/nyheter', path: '/vallentuna/nyheter', minRps: 3000, maxP99: 25 },
      { name: 'news list, 25 pages deep', path: deep },
      { name: 'news item', path: item },
    ];
  },
};
