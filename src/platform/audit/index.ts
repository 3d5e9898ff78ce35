// The audit log: every change made by staff (who, when, what, before/after), written by the
// services in the same transaction as the change; administrators browse and filter it here.
import { defineModule } from '../module.js';

export { writeAudit } from './audit.repository.js';

export const auditFeature = defineModule({ name: 'audit' });
