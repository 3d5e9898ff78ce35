// `npm run bench` for reports: sending a report through the HTML form (no photo), as a resident
// without JavaScript's final POST does it: CSRF, every check, the rate limit, and the report,
// its history and audit row in one transaction. Each request comes from its own address.
import { randomBytes } from 'node:crypto';
import { demoId } from '../../platform/demo.js';
import type { BenchScenario } from '../../platform/module.js';

function formToken(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('reports bench: no CSRF token on the details step');
  return token;
}

export const reportsBenchScenario: BenchScenario = {
  name: 'reports',
  volume: 'the demo’s 320 reports (the map scenario adds a million)',
  pages: async () => [
    { name: 'reports list /vallentuna/rapporter', path: '/vallentuna/rapporter' },
    // The figures with a million reports in the kommun.
    {
      name: 'reports staff queue, first page, two filters (coordinator)',
      path: '/vallentuna/admin/rapporter?typ=open&kategori=belysning',
      account: 'samordnare@vallentuna.example',
      maxP99: 50,
    },
    { name: 'reports Open311 GET requests.json (one page of 50)', path: '/open311/v2/requests.json?jurisdiction_id=vallentuna&page_size=50', json: true, maxP99: 50 },
  ],
  posts: [
    {
      name: 'reports: send a report (HTML form, no photo)',
      status: 303,
      minRps: 2000,
      maxP99: 30,
      form: async (get) => {
        const placeId = demoId('place:ekebyparken');
        const { html } = await get(`/vallentuna/rapportera/detaljer?category=belysning&placeId=${placeId}`);
        const token = formToken(html);
        // Every post is a new form: its own one-time key (a UUID), so none is answered as a double click.
        const run = randomBytes(4).toString('hex');
        return {
          path: '/vallentuna/rapportera',
          body: (n) =>
            new URLSearchParams({
              _csrf: token,
              category: 'belysning',
              placeId,
              when: 'night',
              days: 'fri',
              description: 'Två lampor längs gångvägen vid sjön är släckta, och det blir helt mörkt.',
              idempotencyKey: `${run}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
            }).toString(),
        };
      },
    },
  ],
};
