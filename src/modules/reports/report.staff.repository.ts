// SQL of the staff side of reports: the queue, versioned updates, response templates, the staff
// of an organisation to notify, and the jobs' selections. Access is in the SQL of every read
// (readerFilter), tenancy (kommun_id) in every write.
import { sql, type Compilable, type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Tables } from '../../platform/db/tables.js';
import type { ReportReader } from './report.policy.js';
import { readerFilter, type ReportRow } from './report.repository.js';
import type { ReportModeration, ReportStatus, ReportSupportTable, ReportTable, ReportTemplateTable } from './report.tables.js';
import { keysetAfter } from '../../platform/db/keyset.js';

export type QueueSort = 'newest' | 'oldest' | 'support';

export interface QueueFilter {
  moderation?: readonly ReportModeration[] | undefined;
  statuses?: readonly ReportStatus[] | undefined;
  category?: string | undefined;
  /** Reports from one of these places (one chosen place, or the places a name search found). */
  placeIds?: readonly string[] | undefined;
  /** A box around a named place, or the map's view. */
  box?: { minLat: number; maxLat: number; minLon: number; maxLon: number } | undefined;
  /** Sent on or after / before (ISO timestamps). */
  from?: string | undefined;
  until?: string | undefined;
  /** A bit of report.when.ts. */
  partBit?: number | undefined;
  /** An organisation's id, or 'none' for unassigned reports. */
  assigned?: string | undefined;
}

export interface QueueCursor {
  createdAt: string;
  id: string;
  supporters: number;
}

type QueueOptions = { limit: number; after?: QueueCursor | undefined };

function queueFilter(eb: ExpressionBuilder<Tables, 'reports'>, reader: ReportReader, filter: QueueFilter, placeFirst = false): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [readerFilter(eb, reader, { kommunOffIndex: placeFirst })];
  if (filter.moderation) conditions.push(eb('reports.moderation', 'in', filter.moderation));
  if (filter.statuses) conditions.push(eb('reports.status', 'in', filter.statuses));
  if (filter.category) conditions.push(eb('reports.category_code', '=', filter.category));
  if (filter.placeIds) conditions.push(filter.placeIds.length > 0 ? eb('reports.place_id', 'in', filter.placeIds) : sql<SqlBool>`1 = 0`);
  if (filter.box) {
    const { minLat, maxLat, minLon, maxLon } = filter.box;
    conditions.push(eb.and([eb('reports.lat', '>=', minLat), eb('reports.lat', '<=', maxLat), eb('reports.lon', '>=', minLon), eb('reports.lon', '<=', maxLon)]));
  }
  if (filter.from) conditions.push(eb('reports.created_at', '>=', filter.from));
  if (filter.until) conditions.push(eb('reports.created_at', '<', filter.until));
  if (filter.partBit) conditions.push(sql<SqlBool>`(${eb.ref('reports.when_parts')} & ${filter.partBit}) <> 0`);
  if (filter.assigned === 'none') conditions.push(eb('reports.assigned_organisation_id', 'is', null));
  else if (filter.assigned) conditions.push(eb('reports.assigned_organisation_id', '=', filter.assigned));
  return eb.and(conditions);
}

/**
 * The staff queue, keyset-paged. Every query names the kommun first (readerFilter), so each
 * filter the page offers walks an index beginning with kommun_id and ending in created_at, id
 * (the plans are checked in report.staff.test.ts): no filter, a date range, an area or "awaiting
 * review" (pending or quarantined: the newest reports, so found early) → reports_queue_idx;
 * status → reports_status_idx; category → reports_category_idx; assigned organisation, and every
 * partner's queue → reports_kommun_assigned_idx; a place, or the few a name search found
 * (staffLimits.placeMatches at most) → reports_place_idx. "Most me too" walks
 * reports_supporters_idx. The other conditions (time of day, a second filter, the map box) are
 * checked on the rows the index yields. reports_staff_geo_idx serves a box when the planner
 * finds it narrower than the newest-first walk.
 */
export async function listQueue(db: Db, reader: ReportReader, filter: QueueFilter, sort: QueueSort, options: QueueOptions): Promise<ReportRow[]> {
  return selectQueue(db, reader, filter, sort, options).execute();
}

/**
 * The queue's statement, unexecuted: the tests read its plan. Reports from several places (a
 * name search) are each place's own first page, merged: in one statement with `place_id in (…)`
 * no index gives the queue's order, and SQLite walked the whole kommun newest first looking for
 * the places' reports (0.8 s with 300,000 reports in the kommun, when the 20 places had none).
 * Each part checks the kommun in a form no index serves, so it starts from reports_place_idx: given
 * a category too, SQLite (which has no statistics) took reports_category_idx for every part, the
 * kommun's whole category twenty times over (2 s).
 */
export function selectQueue(db: Db, reader: ReportReader, filter: QueueFilter, sort: QueueSort, options: QueueOptions): Compilable<ReportRow> & { execute(): Promise<ReportRow[]> } {
  const places = filter.placeIds;
  // "Most me too" stays one statement: walking reports_supporters_idx finds a page among busy
  // places at once, where each place's part would sort all of that place's reports (0.3 s).
  if (!places || places.length <= 1 || sort === 'support') return selectQueueOf(db, reader, filter, sort, options);
  // Each part in a subquery of its own: a part of a union may not have its own order and limit.
  const parts = places.map((id, i) => db.selectFrom(selectQueueOf(db, reader, { ...filter, placeIds: [id] }, sort, options, true).as(`p${i}`)).selectAll());
  const union = parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]!);
  const direction = sort === 'oldest' ? 'asc' : 'desc';
  return db.selectFrom(union.as('q')).selectAll().orderBy('q.created_at', direction).orderBy('q.id', direction).limit(options.limit);
}

function selectQueueOf(db: Db, reader: ReportReader, filter: QueueFilter, sort: QueueSort, options: QueueOptions, placeFirst = false) {
  let query = db
    .selectFrom('reports')
    .selectAll()
    .where((eb) => queueFilter(eb, reader, filter, placeFirst));
  const after = options.after;
  if (after) {
    const { createdAt, id, supporters } = after;
    query = query.where((eb) => {
      const columns = { at: 'reports.created_at', id: 'reports.id' };
      if (sort === 'oldest') return keysetAfter(eb, columns, { at: createdAt, id }, 'asc');
      const older = keysetAfter(eb, columns, { at: createdAt, id }, 'desc');
      if (sort === 'newest') return older;
      // Fewer "me too" first, then older among the same count; the first half bounds the scan.
      return eb.and([eb('reports.supporters', '<=', supporters), eb.or([eb('reports.supporters', '<', supporters), older])]);
    });
  }
  if (sort === 'support') query = query.orderBy('reports.supporters', 'desc');
  const direction = sort === 'oldest' ? 'asc' : 'desc';
  return query.orderBy('reports.created_at', direction).orderBy('reports.id', direction).limit(options.limit);
}

/** For the staff overview: reports waiting for moderation that the reader reaches (reports_public_idx). */
export function selectAwaitingModerationCount(db: Db, reader: ReportReader) {
  return db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and([readerFilter(eb, reader), eb('reports.moderation', 'in', ['pending', 'quarantined'] as const)]));
}

export async function findReportsForReader(db: Db, reader: ReportReader, ids: readonly string[]): Promise<ReportRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('reports')
    .selectAll()
    .where('id', 'in', ids)
    .where((eb) => readerFilter(eb, reader))
    .execute();
}

/**
 * Changes a report if it is still at `version` (optimistic lock) and bumps the version; false
 * when another change came first, so the caller answers with a conflict and changes nothing.
 */
export async function updateReportAtVersion(db: Db, kommunId: string, id: string, version: number, patch: Omit<Updateable<ReportTable>, 'id' | 'kommun_id' | 'version'>): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('kommun_id', '=', kommunId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function addSupporters(db: Db, kommunId: string, id: string, count: number, now: string): Promise<void> {
  await db
    .updateTable('reports')
    .set((eb) => ({ supporters: eb('supporters', '+', count), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('kommun_id', '=', kommunId)
    .execute();
}

export async function listSupportsOf(db: Db, kommunId: string, reportId: string): Promise<Selectable<ReportSupportTable>[]> {
  return db.selectFrom('report_supports').selectAll().where('report_id', '=', reportId).where('kommun_id', '=', kommunId).orderBy('created_at').limit(500).execute();
}

/** E-mail addresses of the people holding an accepted role in an organisation (assignment notices). */
export async function listStaffAddressesOf(db: Db, organisationId: string): Promise<{ email: string; name: string }[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.name'])
    .distinct()
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.accepted_at', 'is not', null)
    .where('users.status', '=', 'active')
    .orderBy('users.email')
    .limit(200)
    .execute();
}

export type TemplateRow = Selectable<ReportTemplateTable>;

export async function listTemplates(db: Db, kommunId: string): Promise<TemplateRow[]> {
  // report_templates_kommun_idx
  return db.selectFrom('report_templates').selectAll().where('kommun_id', '=', kommunId).orderBy('position').orderBy('id').limit(500).execute();
}

export async function findTemplate(db: Db, kommunId: string, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('report_templates').selectAll().where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
}

export async function insertTemplate(db: Db, row: Insertable<ReportTemplateTable>): Promise<void> {
  await db.insertInto('report_templates').values(row).execute();
}

export async function updateTemplate(db: Db, kommunId: string, id: string, patch: Pick<Updateable<ReportTemplateTable>, 'status' | 'title' | 'body' | 'position' | 'updated_at'>): Promise<boolean> {
  const result = await db.updateTable('report_templates').set(patch).where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteTemplate(db: Db, kommunId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('report_templates').where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Fixed reports of a kommun fixed before `cutoff` and not yet asked "is it fixed?". */
export async function listFixedToAsk(db: Db, kommunId: string, cutoff: string, limit: number): Promise<ReportRow[]> {
  return selectFixedToAsk(db, kommunId, cutoff, limit).execute();
}

/** listFixedToAsk's query: reports_fixed_question_idx, which holds closed reports only (closed_at <= cutoff implies it). */
export function selectFixedToAsk(db: Db, kommunId: string, cutoff: string, limit: number) {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('kommun_id', '=', kommunId)
    .where('status', '=', 'fixed')
    .where('fixed_question_at', 'is', null)
    .where('closed_at', '<=', cutoff)
    .orderBy('closed_at')
    .limit(limit);
}

/** Reports of a kommun closed before `cutoff` whose contact details are still kept. */
export async function listContactsToDelete(db: Db, kommunId: string, cutoff: string, limit: number): Promise<ReportRow[]> {
  return selectContactsToDelete(db, kommunId, cutoff, limit).execute();
}

/** listContactsToDelete's query: reports_contact_retention_idx, which holds closed reports only. */
export function selectContactsToDelete(db: Db, kommunId: string, cutoff: string, limit: number) {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('kommun_id', '=', kommunId)
    .where('contact_deleted_at', 'is', null)
    .where('closed_at', '<', cutoff)
    .orderBy('closed_at')
    .limit(limit);
}
