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
import { registerExportRoutes } from './export.routes.js';
import { registerCooperationApi } from './api.routes.js';
import { cooperationApiMessages } from './api.messages.js';
import { cooperationBenchScenario } from './cooperation.bench.js';
import './cooperation.tables.js';

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
  messages: { sv: { ...cooperationCoreMessages.sv, ...cooperationApiMessages.sv }, en: { ...cooperationCoreMessages.en, ...cooperationApiMessages.en } },
  routes: (app, ctx) => {
    registerExportRoutes(app, ctx);
    registerCooperationApi(app, ctx);
  },
  settings: cooperationSettings,
  events: cooperationEvents,
  fileOwners: [entryFileOwner],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['cooperation.css'] },
  seedDemo: (seed) => seedCooperationDemo(seed),
  bench: [cooperationBenchScenario],
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
  },
});
