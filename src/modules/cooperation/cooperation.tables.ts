import type { Timestamp } from '../../platform/db/tables.js';

/** A calendar date, 'YYYY-MM-DD'. */
export type CalendarDate = string;

export const activityStatuses = ['not_started', 'in_progress', 'done', 'cancelled', 'delayed'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];
export const assessments = ['green', 'yellow', 'red'] as const;
export type Assessment = (typeof assessments)[number];
export const responsibleParties = ['kommun', 'police', 'partner', 'joint'] as const;
export type ResponsibleParty = (typeof responsibleParties)[number];
export const activityTypes = ['situational', 'social'] as const;
export type ActivityType = (typeof activityTypes)[number];
export const indicatorDirections = ['increase', 'decrease', 'maintain'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];
export const planStatuses = ['draft', 'decided', 'in_force', 'ended'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const agreementStatuses = ['draft', 'decided', 'in_force', 'ended', 'superseded'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];
export const promiseStatuses = ['draft', 'published', 'ended', 'superseded'] as const;
export type PromiseStatus = (typeof promiseStatuses)[number];
export const entryVisibilities = ['public', 'internal'] as const;
export type EntryVisibility = (typeof entryVisibilities)[number];

export interface CoopAgreementTable {
  id: string;
  kommun_id: string;
  slug: string;
  latest_version_no: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopAgreementVersionTable {
  id: string;
  kommun_id: string;
  agreement_id: string;
  version_no: number;
  status: AgreementStatus;
  title: string;
  period_start: CalendarDate;
  period_end: CalendarDate;
  content_json: string;
  decided_by_body: string;
  decided_on: CalendarDate | null;
  diarienummer: string;
  change_note: string;
  lock_version: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopPlanTable {
  id: string;
  kommun_id: string;
  slug: string;
  title: string;
  summary_md: string;
  summary_html: string;
  period_start: CalendarDate;
  period_end: CalendarDate;
  status: PlanStatus;
  agreement_id: string | null;
  decided_by_body: string;
  decided_on: CalendarDate | null;
  lock_version: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopActivityTable {
  id: string;
  kommun_id: string;
  plan_id: string;
  slug: string;
  position: number;
  title: string;
  problem: string;
  cause: string;
  description_md: string;
  description_html: string;
  operational_goal: string;
  starts_on: CalendarDate;
  ends_on: CalendarDate | null;
  follow_up_method: string;
  responsible_party: ResponsibleParty;
  responsible_organisation_id: string | null;
  responsible_role: string;
  activity_type: ActivityType;
  theme: string;
  status: ActivityStatus;
  assessment: Assessment | null;
  assessment_text: string;
  progress: number;
  last_public_update_on: CalendarDate | null;
  lock_version: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopActivityPlaceTable {
  activity_id: string;
  place_id: string;
  kommun_id: string;
}

export interface CoopIndicatorTable {
  id: string;
  kommun_id: string;
  activity_id: string;
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  baseline_on: CalendarDate | null;
  target: number | null;
  direction: IndicatorDirection;
  lock_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopIndicatorValueTable {
  id: string;
  kommun_id: string;
  indicator_id: string;
  measured_on: CalendarDate;
  value: number;
  entry_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CoopPromiseTable {
  id: string;
  kommun_id: string;
  slug: string;
  latest_version_no: number;
  public_version_no: number | null;
  period_start: CalendarDate;
  period_end: CalendarDate;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopPromiseVersionTable {
  id: string;
  kommun_id: string;
  promise_id: string;
  version_no: number;
  status: PromiseStatus;
  title: string;
  period_start: CalendarDate;
  period_end: CalendarDate;
  content_json: string;
  published_at: Timestamp | null;
  change_note: string;
  lock_version: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoopPromiseActivityTable {
  promise_id: string;
  version_no: number;
  item_position: number;
  activity_id: string;
  kommun_id: string;
}

export interface CoopEntryTable {
  id: string;
  kommun_id: string;
  activity_id: string | null;
  promise_id: string | null;
  plan_id: string | null;
  happened_on: CalendarDate;
  title: string;
  body_md: string;
  body_html: string;
  visibility: EntryVisibility;
  author_organisation_id: string | null;
  author_role: string;
  status_from: ActivityStatus | null;
  status_to: ActivityStatus | null;
  progress_from: number | null;
  progress_to: number | null;
  assessment_to: Assessment | null;
  assessment_text: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CoopEntryFileTable {
  id: string;
  kommun_id: string;
  entry_id: string;
  file_id: string;
  kind: 'image' | 'document';
  title: string;
  position: number;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    coop_agreements: CoopAgreementTable;
    coop_agreement_versions: CoopAgreementVersionTable;
    coop_plans: CoopPlanTable;
    coop_activities: CoopActivityTable;
    coop_activity_places: CoopActivityPlaceTable;
    coop_indicators: CoopIndicatorTable;
    coop_indicator_values: CoopIndicatorValueTable;
    coop_promises: CoopPromiseTable;
    coop_promise_versions: CoopPromiseVersionTable;
    coop_promise_activities: CoopPromiseActivityTable;
    coop_entries: CoopEntryTable;
    coop_entry_files: CoopEntryFileTable;
  }
}
