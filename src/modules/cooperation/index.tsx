// Cooperation: the kommun's and the police's joint safety work, from agreement to follow-up. It
// owns the samverkansöverenskommelse (versioned), the åtgärdsplaner in Brå's shape with their
// activities and indicators, the medborgarlöften (versioned, each promise linked to activities),
// and the dated follow-up entries that are the public timeline of all of it. It must not know
// about other modules; it uses the kernel's places, files, audit, auth and module settings.
import { fileURLToPath } from 'node:url';
import { demoId } from '../../platform/demo.js';
import { defineModule } from '../../platform/module.js';
import { cooperationCoreMessages } from './cooperation.messages.js';
import { cooperationPermissions } from './cooperation.policy.js';
import { cooperationSettings } from './cooperation.settings.js';
import { seedCooperationDemo, type CooperationDemoIds } from './cooperation.demo.js';
import { entryFileOwner } from './entry.files.js';
import { agreementAnnexOwner } from './agreement.files.js';
import { seedAgreementDemo, type AgreementDemoIds } from './agreement.demo.js';
import { agreementMessages } from './agreement.messages.js';
import { registerAgreementPublicRoutes } from './agreement.routes.js';
import { registerAgreementStaffRoutes } from './agreement.staff.routes.js';
import { cooperationEvents } from './entry.service.js';
import * as createMigration from './migrations/2026_12_02_0700_cooperation_create.js';
import './cooperation.tables.js';

export type { CooperationDemoIds } from './cooperation.demo.js';

const writers = ['cooperation.read_internal', 'cooperation.write'] as const;

export const cooperationModule = defineModule<CooperationDemoIds & AgreementDemoIds>({
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
    sv: { ...cooperationCoreMessages.sv, ...agreementMessages.sv },
    en: { ...cooperationCoreMessages.en, ...agreementMessages.en },
  },
  routes: (app, ctx) => {
    registerAgreementPublicRoutes(app, ctx);
    registerAgreementStaffRoutes(app, ctx);
  },
  staffNav: [{ path: 'admin/samverkan/overenskommelser', labelKey: 'cooperation.agreement.staffNav', permission: 'cooperation.read_internal', order: 36 }],
  settings: cooperationSettings,
  events: cooperationEvents,
  fileOwners: [entryFileOwner, agreementAnnexOwner],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['cooperation.css'] },
  seedDemo: async (seed) => {
    const ids = await seedCooperationDemo(seed);
    return { ...ids, ...(await seedAgreementDemo(seed, ids)) };
  },
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
      { path: '/vallentuna/samverkansoverenskommelser' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner/1' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/jamfor?fran=1&till=2' },
      { path: '/vallentuna/admin/samverkan/overenskommelser', staff: true },
      { path: '/vallentuna/admin/samverkan/overenskommelser/ny', staff: true },
      { path: `/vallentuna/admin/samverkan/overenskommelser/${demoId('coop:agreement:main')}`, staff: true },
      { path: `/vallentuna/admin/samverkan/overenskommelser/${demoId('coop:agreement:main')}/bilagor`, staff: true },
    ],
    fuzzHints: {
      slug: ['tryggare-vallentuna'],
      n: ['1', '2'],
      fran: ['1'],
      till: ['2'],
      lockVersion: ['1'],
      decidedByBody: ['Kommunstyrelsen'],
      decidedOn: ['2016-12-05'],
      diarienummer: ['KS 2016/123'],
      periodStart: ['2017-01-01'],
      periodEnd: ['2018-12-31'],
      'groups.0.name': ['Styrgrupp'],
      'groups.0.members': ['kommundirektör, lokalpolisområdeschef'],
      'groups.0.meetingRhythm': ['fyra gånger per år'],
      'signatories.0.role': ['Kommunstyrelsens ordförande'],
      'signatories.0.organisation': ['Vallentuna kommun'],
      kind: ['situation_picture', 'communication_plan'],
    },
  },
});
