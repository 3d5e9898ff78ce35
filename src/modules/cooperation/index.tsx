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
import * as valueEntryIndexMigration from './migrations/2026_12_02_0740_cooperation_value_entry_index.js';
import { cooperationStaffMessages } from './staff.messages.js';
import { listActivityChoices as listActivityChoicesOfKommun, selectQuietActivityCount } from './staff.repository.js';
import { findActivityById, findPlanById, publicPlanStatuses } from './plan.repository.js';
import type { AppContext } from '../../platform/context.js';
import { registerCooperationStaffRoutes } from './staff.routes.js';
import { registerExportRoutes } from './export.routes.js';
import { registerCooperationApi } from './api.routes.js';
import { cooperationApiMessages } from './api.messages.js';
import { cooperationBenchScenario } from './cooperation.bench.js';
import { registerPdfRoutes } from './pdf.routes.js';
import { registerSubscribeRoutes } from './subscribe.routes.js';
import './cooperation.tables.js';
import { cooperationPublicMessages } from './public.messages.js';
import { registerCooperationPublicRoutes, today } from './public.routes.js';
import { loadHomeSection } from './promise-public.service.js';
import { PromiseHomeSection } from './public.views.js';

export type { CooperationDemoIds } from './cooperation.demo.js';

/** A plan activity as another module links to it; `publicPath` (below the kommun) is null while its plan is not public. */
export interface ActivityLinkTarget {
  id: string;
  title: string;
  planTitle: string;
  publicPath: string | null;
}

/** One of the kommun's activities, for another module's "link to an activity" field. */
export async function findActivityLinkTarget(ctx: AppContext, kommunId: string, activityId: string): Promise<ActivityLinkTarget | undefined> {
  const internal = { kommunId, seesInternal: true };
  const activity = await findActivityById(ctx.db, internal, activityId);
  if (!activity) return undefined;
  const plan = await findPlanById(ctx.db, internal, activity.planId);
  if (!plan) return undefined;
  const isPublic = publicPlanStatuses.includes(plan.status);
  return { id: activity.id, title: activity.title, planTitle: plan.title, publicPath: isPublic ? `atgardsplaner/${plan.slug}/${activity.slug}` : null };
}

/** The kommun's activities grouped by plan, newest plan first, for a choice field. */
export async function listActivityChoices(ctx: AppContext, kommunId: string): Promise<{ planTitle: string; activities: { id: string; title: string }[] }[]> {
  return (await listActivityChoicesOfKommun(ctx.db, kommunId)).map((group) => ({ planTitle: group.planTitle, activities: group.activities }));
}

const writers = ['cooperation.read_internal', 'cooperation.write'] as const;

export const cooperationModule = defineModule<CooperationDemoIds & AgreementDemoIds>({
  name: 'cooperation',
  migrations: {
    '2026_12_02_0700_cooperation_create': createMigration,
    '2026_12_02_0740_cooperation_value_entry_index': valueEntryIndexMigration,
  },
  permissions: cooperationPermissions,
  grants: {
    administrator: [...writers, 'cooperation.decide'],
    coordinator: [...writers, 'cooperation.decide'],
    police_administrator: [...writers, 'cooperation.decide'],
    police: [...writers, 'cooperation.decide'],
  },
  messages: {
    sv: { ...cooperationCoreMessages.sv, ...agreementMessages.sv, ...cooperationStaffMessages.sv, ...cooperationApiMessages.sv, ...cooperationPublicMessages.sv },
    en: { ...cooperationCoreMessages.en, ...agreementMessages.en, ...cooperationStaffMessages.en, ...cooperationApiMessages.en, ...cooperationPublicMessages.en },
  },
  routes: (app, ctx) => {
    registerAgreementPublicRoutes(app, ctx);
    registerAgreementStaffRoutes(app, ctx);
    registerCooperationStaffRoutes(app, ctx);
    registerExportRoutes(app, ctx);
    registerCooperationApi(app, ctx);
    registerPdfRoutes(app, ctx);
    registerSubscribeRoutes(app, ctx);
    registerCooperationPublicRoutes(app, ctx);
  },
  staffNav: [{ path: 'admin/samverkan', labelKey: 'cooperation.staff.nav', permission: 'cooperation.read_internal', order: 20 }],
  staffOverview: [
    {
      name: 'cooperation.quiet_activities',
      order: 20,
      permission: 'cooperation.read_internal',
      labelKey: 'cooperation.staff.overviewQuiet',
      href: 'admin/samverkan',
      count: (db, _reader, kommun, now) => selectQuietActivityCount(db, kommun.id, now),
    },
  ],
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
  fileOwners: [entryFileOwner, agreementAnnexOwner],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['cooperation.css'] },
  seedDemo: async (seed) => {
    const ids = await seedCooperationDemo(seed);
    return { ...ids, ...(await seedAgreementDemo(seed, ids)) };
  },
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
    samplePages: [
      { path: '/vallentuna/samverkan' },
      { path: '/vallentuna/atgardsplaner/2017' },
      { path: '/vallentuna/atgardsplaner/2017?part=police' },
      { path: '/vallentuna/atgardsplaner/2017?status=cancelled' },
      { path: '/vallentuna/atgardsplaner/2017/utskrift' },
      { path: '/vallentuna/atgardsplaner/2025-2026' },
      { path: '/vallentuna/atgardsplaner/2017/synlig-polis-pa-platser-som-upplevs-otrygga' },
      { path: '/vallentuna/atgardsplaner/2025-2026/belysning-vid-gangtunnlar-och-cykelvagar' },
      { path: '/vallentuna/atgardsplaner/2025-2026/belysning-vid-gangtunnlar-och-cykelvagar/matvarden' },
      { path: '/vallentuna/medborgarloften' },
      { path: '/vallentuna/medborgarloften/2017' },
      { path: '/vallentuna/medborgarloften/2025-2026' },
      { path: '/vallentuna/medborgarloften/2025-2026/utskrift' },
      { path: '/vallentuna/medborgarloften/2025-2026/versioner' },
      { path: '/vallentuna/medborgarloften/2025-2026/versioner/1' },
      { path: '/vallentuna/samverkansoverenskommelser' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/versioner/1' },
      { path: '/vallentuna/samverkansoverenskommelser/tryggare-vallentuna/jamfor?fran=1&till=2' },
      { path: '/vallentuna/admin/samverkan/overenskommelser', staff: true },
      { path: '/vallentuna/admin/samverkan/overenskommelser/ny', staff: true },
      { path: `/vallentuna/admin/samverkan/overenskommelser/${demoId('coop:agreement:main')}`, staff: true },
      { path: `/vallentuna/admin/samverkan/overenskommelser/${demoId('coop:agreement:main')}/bilagor`, staff: true },
      { path: '/vallentuna/admin/samverkan', staff: true },
      { path: '/vallentuna/admin/samverkan/planer/ny', staff: true },
      { path: '/vallentuna/admin/samverkan/loften/ny', staff: true },
      { path: `/vallentuna/admin/samverkan/planer/${demoId('coop:plan:2025-2026')}`, staff: true },
      { path: `/vallentuna/admin/samverkan/aktiviteter/${demoId('coop:activity:2025-2026:lighting-now')}`, staff: true },
      { path: `/vallentuna/admin/samverkan/aktiviteter/${demoId('coop:activity:2025-2026:lighting-now')}/redigera`, staff: true },
      { path: `/vallentuna/admin/samverkan/aktiviteter/${demoId('coop:activity:2025-2026:lighting-now')}/uppfoljning`, staff: true },
      { path: `/vallentuna/admin/samverkan/loften/${demoId('coop:promise:2025-2026')}`, staff: true },
    ],
    fuzzHints: {
      slug: ['tryggare-vallentuna', '2017', 'trygghetsvandring', '2025-2026'],
      n: ['1', '2'],
      fran: ['1'],
      till: ['2'],
      lockVersion: ['1'],
      decidedByBody: ['Kommunstyrelsen'],
      decidedOn: ['2016-12-05', '2026-12-01'],
      diarienummer: ['KS 2016/123', 'KS 2026/123'],
      periodStart: ['2017-01-01', '2027-01-01'],
      periodEnd: ['2018-12-31', '2027-12-31'],
      'groups.0.name': ['Styrgrupp'],
      'groups.0.members': ['kommundirektör, lokalpolisområdeschef'],
      'groups.0.meetingRhythm': ['fyra gånger per år'],
      'signatories.0.role': ['Kommunstyrelsens ordförande'],
      'signatories.0.organisation': ['Vallentuna kommun'],
      kind: ['situation_picture', 'communication_plan'],
      title: ['Trygghetsvandring i centrum'],
      summary: ['Planen för **2027**.'],
      agreementId: [''],
      to: ['decided', 'in_force', 'ended', 'draft'],
      problem: ['Mörka gångvägar.'],
      cause: ['Trasig belysning.'],
      description: ['Vi byter **armaturer**.'],
      operationalGoal: ['50 lampor lagade.'],
      startsOn: ['2027-01-01'],
      endsOn: ['2027-06-30', ''],
      followUpMethod: ['Räkna lagade lampor varje månad.'],
      responsibleParty: ['kommun', 'police', 'partner', 'joint'],
      responsibleOrganisationId: [demoId('org:vallentuna'), demoId('org:lpo-taby')],
      responsibleRole: ['Kommunpolis'],
      activityType: ['situational', 'social'],
      theme: ['Belysning'],
      name: ['Lagade gatlampor'],
      unit: ['st'],
      baseline: ['0'],
      baselineOn: ['2026-12-01'],
      target: ['50'],
      direction: ['increase', 'decrease', 'maintain'],
      measuredOn: ['2027-02-01'],
      value: ['12'],
      happenedOn: ['2027-02-01'],
      body: ['Vi har lagat **12** lampor.'],
      visibility: ['public', 'internal'],
      authorRole: ['Trygghetssamordnare'],
      status: ['in_progress', ''],
      progress: ['40', ''],
      assessment: ['green', ''],
      assessmentText: ['Går enligt plan.'],
      situation: ['Många känner sig otrygga vid stationen.'],
      expectedEffect: ['Fler känner sig trygga.'],
      followUp: ['Varje kvartal.'],
      changeNote: ['Första versionen.'],
      indicatorId: [demoId('coop:indicator:2025-2026:lighting-now:0')],
      plan: ['2017', '2025-2026'],
      activity: ['synlig-polis-pa-platser-som-upplevs-otrygga'],
      part: ['police', 'kommun'],
      tema: ['Barn och unga'],
    },
  },
});
