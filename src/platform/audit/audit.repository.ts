import type { RowScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { newId } from '../db/ids.js';
import { preparedQuery } from '../db/prepared.js';
import type { AuditLogTable } from '../db/tables.js';
import type { Insertable } from 'kysely';
import { keysetAfter } from '../db/keyset.js';

export interface AuditEntryInput {
  actorUserId: string | null;
  /** The kommun the change concerns (whose administrators may read the row); null for platform and personal-account events. */
  kommunId: string | null;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

// Fields that must never be copied into the audit trail, whatever entity they belong to.
const secretFields = new Set(['password_hash', 'passwordHash', 'password', 'totp_secret', 'totpSecret', 'data', 'token']);

function serialise(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v: unknown) => (secretFields.has(key) ? '[redacted]' : v));
}

/** Writes one audit row; call it inside the transaction that makes the change it records. */
// Every change writes one: prepared once (see db/prepared.ts), not built for each.
const insertAuditRow = preparedQuery((db, v: Insertable<AuditLogTable>) =>
  db.insertInto('audit_log').values({
    id: v.id,
    at: v.at,
    actor_user_id: v.actor_user_id,
    organisation_id: v.organisation_id,
    kommun_id: v.kommun_id,
    action: v.action,
    entity_type: v.entity_type,
    entity_id: v.entity_id,
    before_json: v.before_json,
    after_json: v.after_json,
  }),
);

export async function writeAudit(trx: Db, entry: AuditEntryInput, now = new Date().toISOString()): Promise<string> {
  const id = newId();
  await insertAuditRow(trx, {
    id,
    at: now,
    actor_user_id: entry.actorUserId,
    organisation_id: entry.organisationId,
    kommun_id: entry.kommunId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: serialise(entry.before),
    after_json: serialise(entry.after),
  });
  return id;
}

export interface AuditFilter {
  /** Which rows the reader may see (rowScope): the kommun's rows, or only their own organisation's. */
  scope: RowScope;
  /** Rows by the person with this address; the address is matched in SQL, so an unknown one simply finds nothing. */
  actorEmail?: string | undefined;
  entityType?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /**
   * Keyset cursor: the time and id of the last row of the previous page. Rows are ordered by
   * the time of the change (then id), so back-dated rows (imports, the demo) sort where they belong.
   */
  before?: { at: string; id: string } | undefined;
  limit: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

/** Newest first, keyset-paginated (audit_log_kommun_at_idx), limited to the rows the reader may audit. */
export async function listAuditEntries(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  const { scope } = filter;
  if (!scope.wholeKommun && scope.organisationIds.length === 0) return [];
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_user_id',
      'users.name as actor_name',
      'users.email as actor_email',
      'audit_log.organisation_id',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
    ])
    .where((eb) => {
      const ors = [];
      if (scope.wholeKommun) ors.push(eb('audit_log.kommun_id', '=', scope.kommunId));
      if (scope.organisationIds.length > 0) {
        ors.push(eb.and([eb('audit_log.organisation_id', 'in', scope.organisationIds), eb.or([eb('audit_log.kommun_id', '=', scope.kommunId), eb('audit_log.kommun_id', 'is', null)])]));
      }
      return eb.or(ors);
    });
  if (filter.actorEmail) query = query.where('users.email', '=', filter.actorEmail.trim().toLowerCase());
  if (filter.entityType) query = query.where('audit_log.entity_type', '=', filter.entityType);
  if (filter.action) query = query.where('audit_log.action', '=', filter.action);
  if (filter.from) query = query.where('audit_log.at', '>=', filter.from);
  if (filter.to) query = query.where('audit_log.at', '<', filter.to);
  const cursor = filter.before;
  if (cursor) {
    query = query.where((eb) => keysetAfter(eb, { at: 'audit_log.at', id: 'audit_log.id' }, cursor, 'desc'));
  }
  const rows = await query.orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    actorEmail: r.actor_email,
    organisationId: r.organisation_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json,
    after: r.after_json,
  }));
}

/**
 * Names of the people audit rows are about, where the organisation of the row knows them: it
 * created the account, or the person accepted a role there. Anyone else (an address another
 * organisation's account holds, an offer not yet answered) stays unnamed, as on the people page,
 * so the log tells an organisation nothing about accounts it has no business with.
 */
export async function findSubjectNames(db: Db, subjects: { userId: string; organisationId: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (subjects.length === 0) return names;
  const userIds = [...new Set(subjects.map((s) => s.userId))];
  const organisationIds = [...new Set(subjects.map((s) => s.organisationId))];
  const users = await db.selectFrom('users').select(['id', 'name', 'invited_by_organisation_id']).where('id', 'in', userIds).execute();
  const accepted = await db
    .selectFrom('memberships')
    .select(['user_id', 'organisation_id'])
    .where('user_id', 'in', userIds)
    .where('organisation_id', 'in', organisationIds)
    .where('accepted_at', 'is not', null)
    .execute();
  const known = new Set([...accepted.map((m) => `${m.user_id}|${m.organisation_id}`), ...users.map((u) => `${u.id}|${u.invited_by_organisation_id ?? ''}`)]);
  for (const subject of subjects) {
    const key = `${subject.userId}|${subject.organisationId}`;
    const user = users.find((u) => u.id === subject.userId);
    if (user && known.has(key)) names.set(key, user.name);
  }
  return names;
}
