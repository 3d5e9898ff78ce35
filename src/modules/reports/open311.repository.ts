// The only SQL of Open311: its clients (keys kept as hashes) and the public reading of reports
// and their history. Every read of reports names the kommun and `moderation = 'published'` in
// its SQL, and selects only columns the public may see: no text as sent, no exact position, no
// client hash, no contact flag.
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Open311ClientTable, ReportStatus } from './report.tables.js';

export type Open311ClientRow = Selectable<Open311ClientTable>;

export async function insertOpen311Client(db: Db, row: Insertable<Open311ClientTable>): Promise<void> {
  await db.insertInto('open311_clients').values(row).execute();
}

/** A kommun's clients, newest first (open311_clients_kommun_idx); a kommun has a handful. */
export async function listOpen311Clients(db: Db, kommunId: string, limit: number): Promise<Omit<Open311ClientRow, 'key_hash'>[]> {
  return db
    .selectFrom('open311_clients')
    .select(['id', 'kommun_id', 'name', 'key_hint', 'created_by', 'created_at', 'revoked_at', 'last_used_at'])
    .where('kommun_id', '=', kommunId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countLiveOpen311Clients(db: Db, kommunId: string): Promise<number> {
  const row = await db
    .selectFrom('open311_clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kommun_id', '=', kommunId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes a live client of the kommun; false when there is none (another kommun's, or revoked already). */
export async function revokeOpen311Client(db: Db, kommunId: string, id: string, now: string): Promise<Pick<Open311ClientRow, 'name' | 'key_hint'> | undefined> {
  const client = await db.selectFrom('open311_clients').select(['name', 'key_hint']).where('id', '=', id).where('kommun_id', '=', kommunId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!client) return undefined;
  const result = await db.updateTable('open311_clients').set({ revoked_at: now }).where('id', '=', id).where('kommun_id', '=', kommunId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? client : undefined;
}

/** The live client holding the key with this hash (open311_clients_key_unique); asked on every POST, so a revocation counts at once. */
export async function findLiveOpen311Client(db: Db, keyHash: string): Promise<Pick<Open311ClientRow, 'id' | 'kommun_id' | 'last_used_at'> | undefined> {
  return db.selectFrom('open311_clients').select(['id', 'kommun_id', 'last_used_at']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchOpen311Client(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('open311_clients').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** What Open311 shows of a report: the public columns only. */
export interface PublicRequestRow {
  id: string;
  reference: string;
  category_code: string;
  status: ReportStatus;
  public_lat: number | null;
  public_lon: number | null;
  place_id: string | null;
  public_description: string | null;
  created_at: string;
  published_at: string | null;
}

export interface RequestFilter {
  /** References; when given, the other filters are not applied (the spec's rule). */
  references?: readonly string[] | undefined;
  categoryCodes?: readonly string[] | undefined;
  statuses?: readonly ReportStatus[] | undefined;
  /** requested_datetime window, ISO timestamps, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

const publicColumns = ['id', 'reference', 'category_code', 'status', 'public_lat', 'public_lon', 'place_id', 'public_description', 'created_at', 'published_at'] as const;

/**
 * Published reports of the kommun, newest first, one page by offset (Open311's page/page_size).
 * The caller bounds the offset and the window. Walked in order by reports_public_idx (kommun,
 * moderation, created_at, id), or by reports_open311_category_idx with a service_code; a list
 * of references goes through reports_reference_unique.
 */
export async function listPublicRequests(db: Db, kommunId: string, filter: RequestFilter, page: { limit: number; offset: number }): Promise<PublicRequestRow[]> {
  let query = db.selectFrom('reports').select(publicColumns).where('kommun_id', '=', kommunId).where('moderation', '=', 'published');
  if (filter.references) {
    if (filter.references.length === 0) return [];
    query = query.where('reference', 'in', filter.references);
  } else {
    if (filter.categoryCodes && filter.categoryCodes.length > 0) query = query.where('category_code', 'in', filter.categoryCodes);
    if (filter.statuses) query = query.where('status', 'in', filter.statuses);
    if (filter.from) query = query.where('created_at', '>=', filter.from);
    if (filter.to) query = query.where('created_at', '<=', filter.to);
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return rows.map(toPublicRow);
}

export async function findPublicRequest(db: Db, kommunId: string, reference: string): Promise<PublicRequestRow | undefined> {
  const row = await db.selectFrom('reports').select(publicColumns).where('reference', '=', reference).where('kommun_id', '=', kommunId).where('moderation', '=', 'published').executeTakeFirst();
  return row ? toPublicRow(row) : undefined;
}

/** Whether a report with this reference exists in the kommun, in any state (a token answers once sent). */
export async function findReferenceInKommun(db: Db, kommunId: string, reference: string): Promise<string | undefined> {
  const row = await db.selectFrom('reports').select('reference').where('reference', '=', reference).where('kommun_id', '=', kommunId).executeTakeFirst();
  return row?.reference;
}

function toPublicRow(row: PublicRequestRow): PublicRequestRow {
  return {
    ...row,
    public_lat: row.public_lat === null ? null : Number(row.public_lat),
    public_lon: row.public_lon === null ? null : Number(row.public_lon),
    created_at: isoOf(row.created_at),
    published_at: row.published_at === null ? null : isoOf(row.published_at),
  };
}

/** PostgreSQL's timestamptz may come back as a Date; both dialects answer ISO text here. */
function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export interface PublicEventRow {
  id: string;
  report_id: string;
  reference: string;
  kind: string;
  status: ReportStatus;
  body: string;
  created_at: string;
}

/** The kinds of public history Open311 reports as updates: state changes and public responses. */
export const updateKinds = ['status', 'response'] as const;

/** The public history of these reports (report_events_report_idx), oldest first. */
export async function listPublicEventsOf(db: Db, kommunId: string, reportIds: readonly string[]): Promise<PublicEventRow[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('report_events')
    .innerJoin('reports', 'reports.id', 'report_events.report_id')
    .select(['report_events.id', 'report_events.report_id', 'reports.reference', 'report_events.kind', 'report_events.status', 'report_events.body', 'report_events.created_at'])
    .where('report_events.report_id', 'in', reportIds)
    .where('report_events.kommun_id', '=', kommunId)
    .where('report_events.is_public', '=', true)
    .where('report_events.kind', 'in', updateKinds)
    .orderBy('report_events.created_at')
    .orderBy('report_events.id')
    .execute();
  return rows.map((r) => ({ ...r, created_at: isoOf(r.created_at) }));
}

/**
 * mySociety's servicerequestupdates: public state changes and responses of published reports in
 * a window, oldest first. report_events_public_idx (kommun, is_public, created_at, id) walks the
 * window; the join keeps reports that are not (or no longer) published out.
 */
export async function listPublicUpdates(db: Db, kommunId: string, window: { from: string; to: string }, page: { limit: number; offset: number }): Promise<PublicEventRow[]> {
  const rows = await db
    .selectFrom('report_events')
    .innerJoin('reports', 'reports.id', 'report_events.report_id')
    .select(['report_events.id', 'report_events.report_id', 'reports.reference', 'report_events.kind', 'report_events.status', 'report_events.body', 'report_events.created_at'])
    .where('report_events.kommun_id', '=', kommunId)
    .where('report_events.is_public', '=', true)
    .where('report_events.created_at', '>=', window.from)
    .where('report_events.created_at', '<=', window.to)
    .where('report_events.kind', 'in', updateKinds)
    .where('reports.kommun_id', '=', kommunId)
    .where('reports.moderation', '=', 'published')
    .orderBy('report_events.created_at')
    .orderBy('report_events.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({ ...r, created_at: isoOf(r.created_at) }));
}
