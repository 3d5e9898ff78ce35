import type { ColumnType } from 'kysely';
import type { Flag, Timestamp } from '../../platform/db/tables.js';

/** Where a report is in moderation: only `published` ones are public. */
export type ReportModeration = 'pending' | 'published' | 'rejected' | 'quarantined';

/** Where a report is in handling; see report.states.ts for their kinds and Open311 names. */
export type ReportStatus =
  | 'new'
  | 'confirmed'
  | 'investigating'
  | 'action_scheduled'
  | 'in_progress'
  | 'fixed'
  | 'not_responsible'
  | 'duplicate'
  | 'closed_no_action'
  | 'internal_referral';

export type ReportSource = 'web' | 'open311' | 'staff';

/**
 * A resident's report of a place that feels unsafe. It describes a place and a time, never a
 * person. The exact position and the text as sent are for staff; the public sees what moderation
 * made of them (`public_*`), which for sensitive categories is a rounded position. The reporter's
 * e-mail address is not here: it is a sealed subscription of the kernel (topic `reports.report:<id>`).
 */
export interface ReportTable {
  id: string;
  kommun_id: string;
  /** What the reporter is given to follow the report: random, unguessable, shown as XXXX-XXXX. */
  reference: string;
  category_code: string;
  status: ReportStatus;
  moderation: ReportModeration;
  lat: number;
  lon: number;
  /** Set when published: the position the public sees (rounded for sensitive categories). */
  public_lat: number | null;
  public_lon: number | null;
  /** H3 cell (resolution 9) of the exact position, for aggregation. */
  h3_cell: string;
  place_id: string | null;
  /** The reporter's own words on where ("bakom bibliotekets parkering"). */
  location_text: string;
  /** Bits of report.when.ts: parts of the day (dag, kväll, natt) and days of the week. */
  when_parts: number;
  when_days: number;
  /** The last time it happened, when the reporter gave one (a calendar date). */
  observed_on: string | null;
  description: string;
  /** What the public reads: null while the text is hidden (not yet reviewed, or withheld). */
  public_description: string | null;
  /** Answers to the category's extra questions, JSON { code: value | value[] }. */
  answers_json: string;
  /** "Me too" from other residents, kept here so lists and maps can weigh reports cheaply. */
  supporters: number;
  assigned_organisation_id: string | null;
  duplicate_of_id: string | null;
  /** A plan activity of the cooperation module this report is part of. */
  activity_id: string | null;
  source: ReportSource;
  open311_client_id: string | null;
  /** The form's one-time key: a second POST of the same form finds the first report. */
  idempotency_key: string | null;
  /** Keyed hash of the sender's network address, for blocking abuse; deleted with the contact details. */
  client_hash: string | null;
  /** An address was given for updates (it lives, sealed, in the kernel's subscriptions). */
  has_contact: Flag;
  locale: 'sv' | 'en';
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** When "is it fixed?" was asked, so it is asked once. */
  fixed_question_at: Timestamp | null;
  /** When the contact details (address, client hash) were deleted by the retention job. */
  contact_deleted_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export type ReportEventKind =
  | 'submitted'
  | 'published'
  | 'rejected'
  | 'quarantined'
  | 'status'
  | 'response'
  | 'note'
  | 'assigned'
  | 'linked'
  | 'redacted'
  | 'photo'
  | 'supported'
  | 'merged';

/** The report's history: state changes and public responses (public) and staff notes (internal). */
export interface ReportEventTable {
  id: string;
  report_id: string;
  kommun_id: string;
  kind: ReportEventKind;
  /** The report's status after this event. */
  status: ReportStatus;
  is_public: Flag;
  body: string;
  actor_user_id: string | null;
  organisation_id: string | null;
  created_at: Timestamp;
}

/** One "me too": another resident finds the same place unsafe, with their own times. */
export interface ReportSupportTable {
  id: string;
  report_id: string;
  kommun_id: string;
  when_parts: number;
  when_days: number;
  client_hash: string | null;
  created_at: Timestamp;
}

export type ReportPhotoState = 'pending' | 'published' | 'hidden';

export interface ReportPhotoTable {
  id: string;
  report_id: string;
  kommun_id: string;
  /** The re-encoded photo (blurred or cropped by staff, if they did). */
  file_id: string;
  /** The photo as re-encoded on arrival, kept for the retention time when staff edited it. */
  original_file_id: string | null;
  state: ReportPhotoState;
  position: number;
  created_at: Timestamp;
  /** When staff last blurred or cropped it: the original is deleted the retention time after. */
  edited_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** A kommun's own categories; a kommun without rows uses the defaults (report.categories.ts). */
export interface ReportCategoryTable {
  id: string;
  kommun_id: string;
  /** Stable key, also the Open311 service_code. */
  code: string;
  name_sv: string;
  name_en: string;
  description_sv: string;
  description_en: string;
  notice_sv: string;
  notice_en: string;
  /** Shown on public maps at a rounded position (report settings' grid). */
  sensitive: Flag;
  /** Published without moderation, with the text hidden until staff have read it. */
  publish_at_once: Flag;
  /** Extra questions, JSON (report.categories.ts CategoryQuestion[]). */
  questions_json: string;
  position: number;
  active: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Canned public responses, per state. */
export interface ReportTemplateTable {
  id: string;
  kommun_id: string;
  status: ReportStatus | null;
  title: string;
  body: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An Open311 client a kommun's administrator issued a key to; the key itself is only hashed. */
export interface Open311ClientTable {
  id: string;
  kommun_id: string;
  name: string;
  key_hash: string;
  /** The key's last characters, to tell keys apart on the page. */
  key_hint: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** Senders whose reports are accepted but quarantined (by client hash or Open311 client). */
export interface ReportBlockedClientTable {
  id: string;
  kommun_id: string;
  client_hash: string;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    reports: ReportTable;
    report_events: ReportEventTable;
    report_supports: ReportSupportTable;
    report_photos: ReportPhotoTable;
    report_categories: ReportCategoryTable;
    report_templates: ReportTemplateTable;
    open311_clients: Open311ClientTable;
    report_blocked_clients: ReportBlockedClientTable;
  }
}
