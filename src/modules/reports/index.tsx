// Reports: residents tell where and when a place feels unsafe. The module owns the reports, their
// categories, handling history, "me too" supports, photos, response templates, Open311 clients
// and blocked senders; the public pipeline (report, receipt, follow by reference), the list and
// map, the staff queue and Open311 GeoReport v2. A reporter's e-mail address is never here: it is
// a kernel subscription (sealed). It links reports to plan activities through the cooperation
// module's index only, and otherwise knows no other module.
import { fileURLToPath } from 'node:url';
import { combineMessages } from '../../platform/i18n/i18n.js';
import { defineModule } from '../../platform/module.js';
import * as createMigration from './migrations/2026_12_03_0100_reports_create.js';
import { reportMapMessages } from './report.map.messages.js';
import { registerReportMapRoutes } from './report.map.routes.js';
import { listenForMapChanges } from './report.map.service.js';
import { reportMessages } from './report.messages.js';
import { reportPermissions } from './report.policy.js';
import { registerReportPublicRoutes } from './report.routes.js';
import { reportEvents } from './report.service.js';
import { reportSettings } from './report.settings.js';
import './report.tables.js';

export const reportsModule = defineModule({
  name: 'reports',
  migrations: { '2026_12_03_0100_reports_create': createMigration },
  permissions: reportPermissions,
  grants: {
    administrator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
    coordinator: ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage'],
    police_administrator: ['reports.read', 'reports.handle', 'reports.moderate'],
    police: ['reports.read', 'reports.handle', 'reports.moderate'],
    partner_reporter: ['reports.handle_assigned'],
  },
  messages: combineMessages(reportMessages, reportMapMessages),
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
    registerReportMapRoutes(app, ctx);
  },
  events: reportEvents,
  assets: { dir: fileURLToPath(new URL('./client', import.meta.url)), stylesheets: ['reports.css'], islands: { 'report-map': 'report-map.js', 'report-position': 'report-position.js' } },
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
    samplePages: [{ path: '/vallentuna/rapportera' }, { path: '/vallentuna/rapporter' }, { path: '/vallentuna/rapporter/folj?referens=ABCD-EFGH' }, { path: '/vallentuna/karta' }],
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
    },
  },
});
