// Accessibility: the tillgänglighetsredogörelse per kommun (structured as the DOS-lagen asks, with
// the known shortcomings and review date from the kommun's settings) and the form for reporting
// accessibility problems, which is stored and mailed to the kommun's administrators, who mark
// reports handled. Uses the kernel's tenants, mail, audit and rate limits; knows no module.
import { defineModule } from '../module.js';
import { seedAccessibilityDemo } from './accessibility.demo.js';
import { accessibilityMessages } from './accessibility.messages.js';
import { accessibilityPermissions } from './accessibility.policy.js';
import { registerAccessibilityRoutes } from './accessibility.routes.js';
import * as createReportsMigration from './migrations/2026_11_25_0040_accessibility_create_reports.js';
import { selectOpenReportCount } from './accessibility.repository.js';
import './accessibility.tables.js';

export { submitAccessibilityReport } from './accessibility.service.js';

export const accessibilityFeature = defineModule({
  name: 'accessibility',
  migrations: { '2026_11_25_0040_accessibility_create_reports': createReportsMigration },
  permissions: accessibilityPermissions,
  grants: { administrator: ['accessibility.reports.manage'] },
  messages: accessibilityMessages,
  staffNav: [{ path: 'admin/tillganglighet', labelKey: 'accessibility.staffNav', permission: 'accessibility.reports.manage', order: 85 }],
  staffOverview: [
    {
      name: 'accessibility.open_reports',
      order: 30,
      permission: 'accessibility.reports.manage',
      labelKey: 'accessibility.overviewOpen',
      href: 'admin/tillganglighet',
      count: (db, _actor, kommun) => selectOpenReportCount(db, kommun.id),
    },
  ],
  routes: registerAccessibilityRoutes,
  seedDemo: seedAccessibilityDemo,
});
