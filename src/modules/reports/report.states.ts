// The handling states of a report, typed like FixMyStreet's: each is open, closed or fixed, and
// each has an Open311 status (open/closed) and mySociety's extended name. Labels come from the
// messages and can be renamed per kommun (report.settings.ts `stateLabels`).
import type { ReportStatus } from './report.tables.js';

export type StatusKind = 'open' | 'fixed' | 'closed';

export const reportStatuses = [
  'new',
  'confirmed',
  'investigating',
  'action_scheduled',
  'in_progress',
  'fixed',
  'not_responsible',
  'duplicate',
  'closed_no_action',
  'internal_referral',
] as const satisfies readonly ReportStatus[];

const kinds: Record<ReportStatus, StatusKind> = {
  new: 'open',
  confirmed: 'open',
  investigating: 'open',
  action_scheduled: 'open',
  in_progress: 'open',
  fixed: 'fixed',
  not_responsible: 'closed',
  duplicate: 'closed',
  closed_no_action: 'closed',
  internal_referral: 'closed',
};

const extendedOpen311: Record<ReportStatus, string> = {
  new: 'OPEN',
  confirmed: 'OPEN',
  investigating: 'INVESTIGATING',
  action_scheduled: 'ACTION_SCHEDULED',
  in_progress: 'IN_PROGRESS',
  fixed: 'FIXED',
  not_responsible: 'NOT_COUNCILS_RESPONSIBILITY',
  duplicate: 'DUPLICATE',
  closed_no_action: 'NO_FURTHER_ACTION',
  internal_referral: 'INTERNAL_REFERRAL',
};

export function isReportStatus(value: unknown): value is ReportStatus {
  return typeof value === 'string' && (reportStatuses as readonly string[]).includes(value);
}

export function statusKind(status: ReportStatus): StatusKind {
  return kinds[status];
}

export function statusesOfKind(kind: StatusKind): ReportStatus[] {
  return reportStatuses.filter((s) => kinds[s] === kind);
}

/** Open311's two-valued status: fixed counts as closed. */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return kinds[status] === 'open' ? 'open' : 'closed';
}

/** mySociety's extended status, for servicerequestupdates. */
export function open311ExtendedStatus(status: ReportStatus): string {
  return extendedOpen311[status];
}
