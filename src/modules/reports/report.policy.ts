// Who may do what with reports. Roles held in the kommun or in a police area serving it see and
// handle every report of the kommun (the cooperation's tier); a partner organisation's reporters
// see and handle the reports assigned to their organisation, and nothing else. Lists put this in
// their SQL (reportReader → report.repository.ts), so a forgotten check shows nothing.
import { canIn, rolesGranting, type RoleHolder } from '../../platform/auth/index.js';

export const reportPermissions = ['reports.read', 'reports.handle', 'reports.moderate', 'reports.manage', 'reports.handle_assigned'] as const;
export type ReportPermission = (typeof reportPermissions)[number];

/** What a staff reader reaches, for the queries to filter on. */
export interface ReportReader {
  kommunId: string;
  /** Every report of the kommun. */
  seesAll: boolean;
  /** Otherwise (or as well), the reports assigned to these organisations. */
  assignedTo: string[];
}

export function reportReader(actor: RoleHolder | null, kommunId: string): ReportReader {
  const seesAll = canIn(actor, kommunId, 'reports.read');
  const assignedTo = canIn(actor, kommunId, 'reports.handle_assigned') ? [...new Set(rolesGranting(actor, 'reports.handle_assigned').map((r) => r.organisationId))] : [];
  return { kommunId, seesAll, assignedTo };
}

export function seesAnyReport(reader: ReportReader): boolean {
  return reader.seesAll || reader.assignedTo.length > 0;
}

export function canHandleReport(actor: RoleHolder | null, kommunId: string, assignedOrganisationId: string | null): boolean {
  if (canIn(actor, kommunId, 'reports.handle')) return true;
  return assignedOrganisationId !== null && reportReader(actor, kommunId).assignedTo.includes(assignedOrganisationId);
}

export function canModerateReports(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'reports.moderate');
}

export function canManageReports(actor: RoleHolder | null, kommunId: string): boolean {
  return canIn(actor, kommunId, 'reports.manage');
}
