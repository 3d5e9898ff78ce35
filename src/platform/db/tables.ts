// The kernel's table types. Modules add theirs by augmenting `Tables` from their *.tables.ts:
//   declare module '../../platform/db/tables.js' { interface Tables { news_items: NewsItemTable } }
// so one Kysely<Tables> sees every table without the kernel importing any module.
import type { ColumnType, Generated } from 'kysely';

/** ISO-8601 UTC timestamp text, e.g. 2026-11-25T21:43:01.123Z, in both dialects. */
export type Timestamp = string;
/** Stored as boolean in PostgreSQL and 0/1 in SQLite; read through `toBool`. */
export type Flag = boolean | number;

export interface OrganisationTable {
  id: string;
  kind: 'kommun' | 'lokalpolisomrade' | 'partner';
  slug: string | null;
  name: string;
  kommun_id: string | null;
  partner_type: string | null;
  settings: string;
  /** A kommun's boundary, GeoJSON Polygon or MultiPolygon (tenants/tenant.boundary.ts). */
  boundary: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON { source, bounds: [w, s, e, n], positions }: what pages need without the whole boundary. */
  boundary_summary: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PoliceAreaKommunTable {
  police_area_id: string;
  kommun_id: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  /** The last TOTP time step accepted for the account: a code is accepted only for a later one. */
  totp_last_step: number | null;
  is_platform_admin: Flag;
  is_demo: Flag;
  /** The organisation whose invitation created the account: the only one that may send it a password link. */
  invited_by_organisation_id: string | null;
  /** Retired: sign-in failures are counted in sign_in_throttles. */
  failed_sign_ins: number;
  /** Retired, like failed_sign_ins. */
  locked_until: Timestamp | null;
  status: 'invited' | 'active' | 'disabled';
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  organisation_id: string;
  role: string;
  created_at: Timestamp;
  /** Null while the person has not accepted a role offered to their existing account. */
  accepted_at: Timestamp | null;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  second_factor_done: Flag;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface UserTokenTable {
  token_hash: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RateLimitTable {
  key: string;
  window_start: number;
  hits: number;
}

/** Failed sign-ins and TOTP codes of one account, account on a client, or client address. */
export interface SignInThrottleTable {
  /** scope and a keyed hash of what is counted (never an e-mail or IP address). */
  key: string;
  scope: 'account' | 'pair' | 'client' | 'totp';
  /** The account the row concerns, when it exists. */
  user_id: string | null;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface AuditLogTable {
  id: string;
  at: Timestamp;
  actor_user_id: string | null;
  organisation_id: string | null;
  /** The kommun the row concerns; null for platform and personal-account events. */
  kommun_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface MailOutboxTable {
  id: string;
  organisation_id: string | null;
  /** The kommun the mail concerns; null for mail about a person's own account (reset). */
  kommun_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  /** A secret (a password link) sealed apart from body_text; null once sent. */
  secret_sealed: string | null;
  /** Extra headers as a JSON object (List-Unsubscribe…); values may hold the secret's placeholder. */
  headers_json: string | null;
  /** A recipient staff must not see (a subscriber): sealed here, to_address empty; null once sent. */
  to_sealed: string | null;
  status: 'queued' | 'sending' | 'sent' | 'kept' | 'failed';
  attempts: number;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface FileTable {
  id: string;
  organisation_id: string;
  /** The kommun whose address serves the file (/{kommun}/filer/{id}); null only for legacy rows. */
  kommun_id: string | null;
  /** Declared by the owning module (fileOwners in its manifest), e.g. 'news.image'; null only for legacy rows, which the clean-up deletes. */
  owner_type: string | null;
  owner_id: string | null;
  /** Set when the file was removed from its owner and is kept a while (never public meanwhile). */
  delete_after: Timestamp | null;
  kind: 'image' | 'document';
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  data: Buffer;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PlaceTable {
  id: string;
  kommun_id: string;
  name: string;
  slug: string;
  description: string;
  geometry_type: 'point' | 'polygon';
  lat: number;
  lon: number;
  geojson: string;
  min_lat: number;
  min_lon: number;
  max_lat: number;
  max_lon: number;
  h3_cell: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobLockTable {
  name: string;
  locked_until: Timestamp;
  holder: string;
}

export interface Tables {
  organisations: OrganisationTable;
  police_area_kommuner: PoliceAreaKommunTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  user_tokens: UserTokenTable;
  rate_limits: RateLimitTable;
  sign_in_throttles: SignInThrottleTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  files: FileTable;
  places: PlaceTable;
  job_locks: JobLockTable;
}

export type { Generated };
