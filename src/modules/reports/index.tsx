// Reports: residents tell where and when a place feels unsafe. The module owns the reports, their
// categories, handling history, "me too" supports, photos, response templates, Open311 clients
// and blocked senders; the public pipeline (report, receipt, follow by reference), the list and
// map, the staff queue and Open311 GeoReport v2. A reporter's e-mail address is never here: it is
// a kernel subscription (sealed). It links reports to plan activities through the cooperation
// module's index only, and otherwise knows no other module.
import { fileURLToPath } from 'node:url';
import { demoId } from '../../platform/demo.js';
import { defineModule } from '../../platform/module.js';
import * as createMigration from './migrations/2026_12_03_0100_reports_create.js';
import * as staffIndexesMigration from './migrations/2026_12_03_0200_reports_staff_indexes.js';
import { combineMessages } from '../../platform/i18n/i18n.js';
import { reportStaffMessages } from './report.staff.messages.js';
import { registerReportStaffRoutes } from './report.staff.routes.js';
import { reportJobs } from './report.jobs.js';
import { reportReader } from './report.policy.js';
import { selectAwaitingModerationCount } from './report.staff.repository.js';
import { reportStaffFuzzHints } from './report.staff.schemas.js';
import * as open311Migration from './migrations/2026_12_03_0300_reports_open311.js';
import { registerOpen311Routes } from './open311.routes.js';
import { registerOpen311StaffRoutes } from './open311.staff.routes.js';
import { open311Messages } from './open311.messages.js';
import * as photosAbuseMigration from './migrations/2026_12_03_0500_reports_photos_abuse.js';
import * as leanerIndexesMigration from './migrations/2026_12_03_0600_reports_leaner_indexes.js';
import * as mapPollIndexMigration from './migrations/2026_12_03_0700_reports_map_poll_index.js';
import * as leanWriteTablesMigration from './migrations/2026_12_04_0100_reports_lean_write_tables.js';
import { spentChallengesJob } from './report.abuse.js';
import { photoOriginalsJob } from './report.photos.js';
import { reportFileOwners } from './report.photos.files.js';
import { reportPhotosMessages } from './report.photos.messages.js';
import { reportMapMessages } from './report.map.messages.js';
import { registerReportMapRoutes } from './report.map.routes.js';
import { listenForMapChanges } from './report.map.service.js';
import { reportMessages } from './report.messages.js';
import { reportAdminMessages } from './report.admin.messages.js';
import { registerReportAdminRoutes } from './report.admin.routes.js';
import { reportPermissions } from './report.policy.js';
import { registerReportPublicRoutes } from './report.routes.js';
import { reportEvents } from './report.service.js';
import { reportSettings } from './report.settings.js';
import './report.tables.js';
import { registerReportPhotoStaffRoutes, reportPhotoStaffMessages } from './report.photos.staff.js';
import { latestReportsSection } from './report.home.js';
import { reportsBenchScenario } from './report.bench.js';
import { reportMapBenchScenario } from './report.map.bench.js';
import { seedReportsDemo, type ReportsDemoIds } from './report.demo.js';

export const reportsModule = defineModule<ReportsDemoIds>({
  name: 'reports',
  migrations: {
    '2026_12_03_0100_reports_create': createMigration,
    '2026_12_03_0200_reports_staff_indexes': staffIndexesMigration,
    '2026_12_03_0300_reports_open311': open311Migration,
    '2026_12_03_0500_reports_photos_abuse': photosAbuseMigration,
    '2026_12_03_0600_reports_leaner_indexes': leanerIndexesMigration,
    '2026_12_03_0700_reports_map_poll_index': mapPollIndexMigration,
    '2026_12_04_0100_reports_lean_write_tables': leanWriteTablesMigration,
  },
  permissions: reportPermissions,
  grants: {
    administrator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
    coordinator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
    police_administrator: ['reports.read', 'reports.handle', 'reports.moderate'],
    police: ['reports.read', 'reports.handle', 'reports.moderate'],
    partner_reporter: ['reports.handle_assigned'],
  },
  messages: combineMessages(reportMessages, reportStaffMessages, open311Messages, reportPhotosMessages, reportPhotoStaffMessages, reportMapMessages, reportAdminMessages),
  fileOwners: reportFileOwners,
  settings: reportSettings,
  publicNav: [
    { path: 'rapportera', labelKey: 'reports.nav', order: 15 },
    { path: 'rapporter', labelKey: 'reports.listNav', order: 16 },
    { path: 'karta', labelKey: 'reports.map.nav', order: 17 },
  ],
  headLinks: [{ rel: 'alternate', type: 'application/atom+xml', path: 'rapporter.atom', titleKey: 'reports.map.feedTitle' }],
  listen: listenForMapChanges,
  routes: (app, ctx) => {
    registerReportPublicRoutes(app, ctx);
    registerReportStaffRoutes(app, ctx);
    registerReportPhotoStaffRoutes(app, ctx);
    registerOpen311Routes(app, ctx);
    registerOpen311StaffRoutes(app, ctx);
    registerReportMapRoutes(app, ctx);
    registerReportAdminRoutes(app, ctx);
  },
  staffNav: [
    { path: 'admin/rapporter', labelKey: 'reports.staff.nav', permission: 'reports.read', order: 15 },
    // A partner's staff hold only handle_assigned (no role holds both): their queue is what is assigned to them.
    { path: 'admin/rapporter', labelKey: 'reports.staff.navAssigned', permission: 'reports.handle_assigned', order: 15 },
  ],
  staffOverview: [
    {
      name: 'reports.awaiting_moderation',
      order: 15,
      permission: 'reports.moderate',
      labelKey: 'reports.staff.overviewAwaiting',
      href: 'admin/rapporter?granskning=vantar',
      count: (db, reader, kommun) => selectAwaitingModerationCount(db, reportReader(reader, kommun.id)),
    },
  ],
  jobs: [...reportJobs, photoOriginalsJob, spentChallengesJob],
  events: reportEvents,
  seedDemo: seedReportsDemo,
  homeSections: [latestReportsSection],
  bench: [reportMapBenchScenario, reportsBenchScenario],
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['reports.css'], islands: { 'report-pow': 'report-pow.js', 'report-map': 'report-map.js', 'report-position': 'report-position.js' } },
  testing: {
    policy: {
      administrator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
      coordinator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
      police_administrator: ['reports.read', 'reports.handle', 'reports.moderate'],
      police: ['reports.read', 'reports.handle', 'reports.moderate'],
      partner_reporter: ['reports.handle_assigned'],
      volunteer_coordinator: [],
      volunteer: [],
    },
    samplePages: [
      { path: '/vallentuna/rapportera' },
      { path: '/vallentuna/rapporter' },
      { path: `/vallentuna/rapportera/detaljer?category=belysning&placeId=${demoId('place:ekebyparken')}` },
      { path: '/vallentuna/rapporter/5VVZM312' },
      { path: '/vallentuna/rapporter/TRJM9521' },
      { path: '/vallentuna/rapporter/6BKEMADD' },
      { path: '/vallentuna/karta' },
      { path: '/vallentuna/admin/rapporter', staff: true },
      { path: '/vallentuna/admin/rapporter?granskning=vantar&sortering=instammer', staff: true },
      // The place filters: a name search with the places it found, and a place chosen by id.
      { path: '/vallentuna/admin/rapporter?platsnamn=vallentuna', staff: true },
      { path: `/vallentuna/admin/rapporter?plats=${demoId('place:station')}&omradesnamn=kulturhuset`, staff: true },
      { path: `/vallentuna/admin/rapporter/${demoId('report:0')}`, staff: true },
      { path: '/vallentuna/admin/rapporter/mallar', staff: true },
      { path: '/vallentuna/admin/rapporter/open311', staff: true },
      { path: '/vallentuna/admin/rapporter/kategorier', staff: true },
      { path: '/vallentuna/admin/rapporter/kategorier/ny', staff: true },
      { path: '/vallentuna/admin/rapporter/kategorier/belysning', staff: true },
      { path: '/vallentuna/admin/rapporter/blockerade', staff: true },
    ],
    fuzzHints: {
      category: ['belysning', 'klotter'],
      lat: ['59.5343'],
      lon: ['18.0766'],
      when: ['night', 'evening'],
      days: ['fri', 'sat'],
      observedOn: ['2026-11-28'],
      locationText: ['Gångvägen bakom biblioteket'],
      description: ['Två lampor är släckta längs gångvägen.'],
      email: ['invanare@example.org'],
      referens: ['ABCD-EFGH'],
      ...reportStaffFuzzHints,
      file: ['belysning.json', 'belysning.xml'], service_code: ['belysning'], long: ['18.0766'], jurisdiction_id: ['vallentuna'],
    },
  },
});
