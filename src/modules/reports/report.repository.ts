// The only file with SQL for reports, their history, supports and categories. Tenancy is in
// every query (kommun_id), and staff reads take a ReportReader so access is part of the SQL.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { keysetAfter } from '../../platform/db/keyset.js';
import { preparedQuery, preparedQueryByShape } from '../../platform/db/prepared.js';
import type { Tables } from '../../platform/db/tables.js';
import type { Selectable, Insertable } from 'kysely';
import type { ReportReader } from './report.policy.js';
import type { ReportCategoryTable, ReportEventTable, ReportStatus, ReportSupportTable, ReportTable } from './report.tables.js';

export type ReportRow = Selectable<ReportTable>;
export type ReportEventRow = Selectable<ReportEventTable>;

// A report's columns, for the prepared insert: the SQL names each, whatever the row leaves out.
const reportColumns = [
  'id', 'kommun_id', 'reference', 'category_code', 'status', 'moderation', 'lat', 'lon', 'public_lat', 'public_lon', 'h3_cell', 'place_id',
  'location_text', 'when_parts', 'when_days', 'observed_on', 'description', 'public_description', 'answers_json', 'supporters',
  'assigned_organisation_id', 'duplicate_of_id', 'activity_id', 'source', 'open311_client_id', 'idempotency_key', 'client_hash',
  'has_contact', 'locale', 'created_at', 'updated_at', 'published_at', 'closed_at', 'fixed_question_at', 'contact_deleted_at', 'version',
] as const satisfies readonly (keyof ReportTable)[];

// Sending a report is the module's hottest write (the issue asks for 2,000 a second): its
// statements are prepared once (platform/db/prepared.ts) instead of built for every report.
const insertReportRow = preparedQuery((db, v: Record<(typeof reportColumns)[number], unknown>) =>
  db.insertInto('reports').values(Object.fromEntries(reportColumns.map((c) => [c, v[c]])) as Insertable<ReportTable>),
);

export async function insertReport(db: Db, row: Insertable<ReportTable>): Promise<void> {
  await insertReportRow(db, Object.fromEntries(reportColumns.map((c) => [c, row[c] ?? (c === 'version' ? 1 : c === 'supporters' ? 0 : null)])) as Record<(typeof reportColumns)[number], unknown>);
}

const eventColumns = ['id', 'report_id', 'kommun_id', 'kind', 'status', 'is_public', 'body', 'actor_user_id', 'organisation_id', 'created_at'] as const satisfies readonly (keyof ReportEventTable)[];

const insertEventRow = preparedQuery((db, v: Record<(typeof eventColumns)[number], unknown>) =>
  db.insertInto('report_events').values(Object.fromEntries(eventColumns.map((c) => [c, v[c]])) as Insertable<ReportEventTable>),
);

export async function insertReportEvent(db: Db, row: Insertable<ReportEventTable>): Promise<void> {
  await insertEventRow(db, Object.fromEntries(eventColumns.map((c) => [c, row[c] ?? null])) as Record<(typeof eventColumns)[number], unknown>);
}

export async function findReportByReference(db: Db, kommunId: string, reference: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('reference', '=', reference).where('kommun_id', '=', kommunId).executeTakeFirst();
}

const selectByIdempotencyKey = preparedQuery((db, v: { kommunId: string; key: string }) =>
  db.selectFrom('reports').select(['id', 'reference']).where('kommun_id', '=', v.kommunId).where('idempotency_key', '=', v.key),
);

export async function findReportByIdempotencyKey(db: Db, kommunId: string, key: string): Promise<Pick<ReportRow, 'id' | 'reference'> | undefined> {
  const [row] = await selectByIdempotencyKey(db, { kommunId, key });
  return row;
}

const selectBlocked = preparedQuery((db, v: { kommunId: string; clientHash: string }) =>
  db.selectFrom('report_blocked_clients').select('id').where('kommun_id', '=', v.kommunId).where('client_hash', '=', v.clientHash),
);

export async function isClientBlocked(db: Db, kommunId: string, clientHash: string): Promise<boolean> {
  return (await selectBlocked(db, { kommunId, clientHash })).length > 0;
}

const selectCategoryRows = preparedQuery((db, v: { kommunId: string }) =>
  db.selectFrom('report_categories').selectAll().where('kommun_id', '=', v.kommunId).orderBy('position').orderBy('code'),
);

export async function listCategoryRows(db: Db, kommunId: string): Promise<Selectable<ReportCategoryTable>[]> {
  return selectCategoryRows(db, { kommunId });
}

/** Public reports (published) of the same category near a point, nearest first (box from the caller). */
export async function listPublishedNear(...args: Parameters<typeof selectPublishedNear>): Promise<ReportRow[]> {
  return selectPublishedNear(...args).execute();
}

/**
 * The query of listPublishedNear (its plan is checked in report.staff.test.ts): reports_staff_geo_idx
 * (kommun, lat, lon) yields the box's rows, a few hundred metres of them, and the category, the
 * moderation and the status are checked on those (or, where a category has few published
 * reports, reports_open311_category_idx yields those).
 */
export function selectPublishedNear(
  db: Db,
  kommunId: string,
  categoryCode: string,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  statuses: readonly ReportStatus[],
  limit: number,
) {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('kommun_id', '=', kommunId)
    .where('category_code', '=', categoryCode)
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lon', '>=', box.minLon)
    .where('lon', '<=', box.maxLon)
    .where('moderation', '=', 'published')
    .where('status', 'in', statuses)
    .limit(limit);
}

export interface PublicReportFilter {
  category?: string | undefined;
  statuses?: readonly ReportStatus[] | undefined;
  /** A bit of report.when.ts: reports that feel unsafe at that part of the day. */
  partBit?: number | undefined;
  since?: string | undefined;
}

export interface ReportCursor {
  createdAt: string;
  id: string;
}

/** What a public list shows of a report, with its place's name (one statement for the page). */
export type PublicListRow = Pick<ReportRow, 'id' | 'reference' | 'category_code' | 'status' | 'place_id' | 'created_at' | 'when_parts' | 'when_days' | 'supporters' | 'public_description'> & {
  place_name: string | null;
};

interface PublicListShape {
  category: boolean;
  statuses: number;
  partBit: boolean;
  since: boolean;
  after: boolean;
  limit: number;
}

type PublicListValues = { kommunId: string; category: unknown; partBit: unknown; since: unknown; afterAt: unknown; afterId: unknown } & Record<`status${number}`, unknown>;

// Prepared per shape (platform/db/prepared.ts): building this query with Kysely on every request
// cost about as much as running it.
const publishedList = preparedQueryByShape(
  (db, v: PublicListValues, shape: PublicListShape) => {
    let query = db
      .selectFrom('reports')
      .leftJoin('places', (join) => join.onRef('places.id', '=', 'reports.place_id').on('places.kommun_id', '=', v.kommunId))
      .select([
        'reports.id',
        'reports.reference',
        'reports.category_code',
        'reports.status',
        'reports.place_id',
        'reports.created_at',
        'reports.when_parts',
        'reports.when_days',
        'reports.supporters',
        'reports.public_description',
        'places.name as place_name',
      ])
      .where('reports.kommun_id', '=', v.kommunId)
      .where('reports.moderation', '=', 'published');
    if (shape.category) query = query.where('reports.category_code', '=', v.category as string);
    if (shape.statuses > 0) query = query.where('reports.status', 'in', Array.from({ length: shape.statuses }, (_, i) => v[`status${i}`] as ReportStatus));
    if (shape.partBit) query = query.where((eb) => sql<SqlBool>`(${eb.ref('reports.when_parts')} & ${v.partBit}) <> 0`);
    if (shape.since) query = query.where('reports.created_at', '>=', v.since as string);
    if (shape.after) query = query.where((eb) => keysetAfter(eb, { at: 'reports.created_at', id: 'reports.id' }, { at: v.afterAt as string, id: v.afterId as string }, 'desc'));
    return query.orderBy('reports.created_at', 'desc').orderBy('reports.id', 'desc').limit(shape.limit);
  },
  (shape) => `${String(shape.category)} ${shape.statuses} ${String(shape.partBit)} ${String(shape.since)} ${String(shape.after)} ${shape.limit}`,
);

/**
 * The public list, newest first; reports_public_idx serves it at any depth (keyset). Only the
 * columns a list shows, and the place's name joined: on PostgreSQL each statement and each
 * column is work for both processes on the same cores (a list page was three statements).
 */
export async function listPublishedReports(db: Db, kommunId: string, filter: PublicReportFilter, options: { limit: number; after?: ReportCursor | undefined }): Promise<PublicListRow[]> {
  const statuses = filter.statuses ?? [];
  const values: PublicListValues = { kommunId, category: filter.category, partBit: filter.partBit, since: filter.since, afterAt: options.after?.createdAt, afterId: options.after?.id };
  statuses.forEach((status, i) => (values[`status${i}`] = status));
  const shape = { category: Boolean(filter.category), statuses: statuses.length, partBit: Boolean(filter.partBit), since: Boolean(filter.since), after: options.after !== undefined, limit: options.limit };
  return publishedList(db, values, shape);
}

export async function listPublicEvents(db: Db, reportId: string): Promise<ReportEventRow[]> {
  return db.selectFrom('report_events').selectAll().where('report_id', '=', reportId).where('is_public', '=', true).orderBy('created_at').orderBy('id').limit(200).execute();
}

/** Events for a staff reader: only of a report they reach (the reader's rule is in the join). */
export async function listEventsForReader(db: Db, reader: ReportReader, reportId: string): Promise<ReportEventRow[]> {
  return db
    .selectFrom('report_events')
    .innerJoin('reports', 'reports.id', 'report_events.report_id')
    .selectAll('report_events')
    .where('report_events.report_id', '=', reportId)
    .where((eb) => readerFilter(eb, reader))
    .orderBy('report_events.created_at')
    .orderBy('report_events.id')
    .limit(500)
    .execute();
}

/** The reader's reach as SQL on `reports`: the kommun, then all of it or the assigned ones. */
export function readerFilter(eb: ExpressionBuilder<Tables, 'reports'>, reader: ReportReader, options: { kommunOffIndex?: boolean } = {}): Expression<SqlBool> {
  const reach: Expression<SqlBool>[] = [];
  if (reader.seesAll) reach.push(sql<SqlBool>`1 = 1`);
  if (reader.assignedTo.length > 0) reach.push(eb('reports.assigned_organisation_id', 'in', reader.assignedTo));
  if (reach.length === 0) return sql<SqlBool>`1 = 0`;
  // kommunOffIndex: the same check in a form no index serves (an expression of the column), for a
  // statement that must start from an index not led by kommun_id (see the staff queue's places).
  const kommun = options.kommunOffIndex ? sql<SqlBool>`${eb.ref('reports.kommun_id')} || '' = ${reader.kommunId}` : eb('reports.kommun_id', '=', reader.kommunId);
  return eb.and([kommun, eb.or(reach)]);
}

export async function findReportForReader(db: Db, reader: ReportReader, id: string): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => readerFilter(eb, reader))
    .executeTakeFirst();
}

export async function insertSupport(db: Db, row: Insertable<ReportSupportTable>): Promise<void> {
  await db.insertInto('report_supports').values(row).execute();
  await db
    .updateTable('reports')
    .set((eb) => ({ supporters: eb('supporters', '+', 1), updated_at: row.created_at }))
    .where('id', '=', row.report_id)
    .where('kommun_id', '=', row.kommun_id)
    .execute();
}

export async function hasSupportFrom(db: Db, reportId: string, clientHash: string): Promise<boolean> {
  const row = await db.selectFrom('report_supports').select('id').where('report_id', '=', reportId).where('client_hash', '=', clientHash).executeTakeFirst();
  return row !== undefined;
}
