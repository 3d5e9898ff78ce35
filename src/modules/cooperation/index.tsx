// Cooperation: the kommun's and the police's joint safety work, from agreement to follow-up. It
// owns the samverkansöverenskommelse (versioned), the åtgärdsplaner in Brå's shape with their
// activities and indicators, the medborgarlöften (versioned, each promise linked to activities),
// and the dated follow-up entries that are the public timeline of all of it. It must not know
// about other modules; it uses the kernel's places, files, audit, auth and module settings.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.js';
import { cooperationCoreMessages } from './cooperation.messages.js';
import { cooperationPermissions } from './cooperation.policy.js';
import { cooperationSettings } from './cooperation.settings.js';
import { seedCooperationDemo, type CooperationDemoIds } from './cooperation.demo.js';
import { entryFileOwner } from './entry.files.js';
import { cooperationEvents } from './entry.service.js';
import * as createMigration from './migrations/2026_12_02_0700_cooperation_create.js';
import './cooperation.tables.js';
import { cooperationPublicMessages } from './public.messages.js';
import { registerCooperationPublicRoutes, today } from './public.routes.js';
import { loadHomeSection } from './promise-public.service.js';
import { PromiseHomeSection } from './public.views.js';

export type { CooperationDemoIds } from './cooperation.demo.js';

const writers = ['cooperation.read_internal', 'cooperation.write'] as const;

export const cooperationModule = defineModule<CooperationDemoIds>({
  name: 'cooperation',
  migrations: { '2026_12_02_0700_cooperation_create': createMigration },
  permissions: cooperationPermissions,
  grants: {
    administrator: [...writers, 'cooperation.decide'],
    coordinator: [...writers, 'cooperation.decide'],
    police_administrator: [...writers, 'cooperation.decide'],
    police: [...writers, 'cooperation.decide'],
  },
  messages: {
    sv: { ...cooperationCoreMessages.sv, ...cooperationPublicMessages.sv },
    en: { ...cooperationCoreMessages.en, ...cooperationPublicMessages.en },
  },
  routes: (app, ctx) => {
    registerCooperationPublicRoutes(app, ctx);
  },
  publicNav: [{ path: 'samverkan', labelKey: 'cooperation.public.nav', order: 30 }],
  headLinks: [{ rel: 'alternate', type: 'application/atom+xml', path: 'uppfoljning.atom', titleKey: 'cooperation.public.feedTitle' }],
  homeSections: [
    {
      // The current löfte's promises with how each is going: what residents were promised, on the front page.
      name: 'cooperation.current_promise',
      order: 20,
      load: async (ctx, kommun) => {
        const data = await loadHomeSection(ctx, kommun.id, today());
        return data ? <PromiseHomeSection data={data} /> : null;
      },
    },
  ],
  settings: cooperationSettings,
  events: cooperationEvents,
  fileOwners: [entryFileOwner],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['cooperation.css'] },
  seedDemo: (seed) => seedCooperationDemo(seed),
  testing: {
    policy: {
      administrator: [...writers, 'cooperation.decide'],
      coordinator: [...writers, 'cooperation.decide'],
      police_administrator: [...writers, 'cooperation.decide'],
      police: [...writers, 'cooperation.decide'],
      partner_reporter: [],
      volunteer_coordinator: [],
      volunteer: [],
    },
    samplePages: [
      { path: '/vallentuna/samverkan' },
      { path: '/vallentuna/atgardsplaner/2017' },
      { path: '/vallentuna/atgardsplaner/2017?part=police' },
      { path: '/vallentuna/atgardsplaner/2017?status=cancelled' },
      { path: '/vallentuna/atgardsplaner/2017/utskrift' },
      { path: '/vallentuna/atgardsplaner/2025-2026' },
      { path: '/vallentuna/atgardsplaner/2017/synlig-polis-pa-platser-som-upplevs-otrygga' },
      { path: '/vallentuna/atgardsplaner/2025-2026/belysning-vid-gangtunnlar-och-cykelvagar' },
      { path: '/vallentuna/medborgarloften' },
      { path: '/vallentuna/medborgarloften/2017' },
      { path: '/vallentuna/medborgarloften/2025-2026' },
      { path: '/vallentuna/medborgarloften/2025-2026/utskrift' },
      { path: '/vallentuna/medborgarloften/2025-2026/versioner' },
      { path: '/vallentuna/medborgarloften/2025-2026/versioner/1' },
    ],
    fuzzHints: {
      plan: ['2017', '2025-2026'],
      activity: ['synlig-polis-pa-platser-som-upplevs-otrygga'],
      slug: ['2017', '2025-2026'],
      n: ['1'],
      part: ['police', 'kommun'],
      tema: ['Barn och unga'],
    },
  },
});
