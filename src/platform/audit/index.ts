// The audit log: every change made by staff (who, when, what, before/after), written by the
// services in the same transaction as the change; administrators browse and filter it here.
import { defineModule } from '../module.js';
import { auditMessages } from './audit.messages.js';
import { registerAuditRoutes } from './audit.routes.js';
import * as auditTimeIndex from './migrations/2026_11_25_0011_audit_time_index.js';

export { writeAudit } from './audit.repository.js';

export const auditFeature = defineModule({
  name: 'audit',
  migrations: { '2026_11_25_0011_audit_time_index': auditTimeIndex },
  messages: auditMessages,
  // audit.read is declared and granted by the auth feature (administrator).
  staffNav: [{ path: 'admin/logg', labelKey: 'audit.nav', permission: 'audit.read', order: 92 }],
  routes: registerAuditRoutes,
});
