// The only file with SQL for accessibility reports.
import type { Db } from '../db/database.js';
import type { AccessibilityReportTable } from './accessibility.tables.js';
import type { ReportStatus } from './accessibility.schemas.js';

export interface ReportRow {
  id: string;
  kommunId: string;
  pageUrl: string;
  description: string;
  replyEmail: string | null;
  status: ReportStatus;
  createdAt: string;
  handledAt: string | null;
  handledByName: string | null;
}

export async function insertReport(db: Db, row: AccessibilityReportTable): Promise<void> {
  await db.insertInto('accessibility_reports').values(row).execute();
}

/** Reports of the kommun still waiting to be handled, for the staff overview (which runs it). */
export function selectOpenReportCount(db: Db, kommunId: string) {
  return db.selectFrom('accessibility_reports').select((eb) => eb.fn.countAll().as('n')).where('kommun_id', '=', kommunId).where('status', '=', 'open');
}

export async function findReport(db: Db, kommunId: string, id: string): Promise<ReportRow | undefined> {
  const rows = await selectReports(db, kommunId).where('accessibility_reports.id', '=', id).execute();
  return rows[0] ? toReportRow(rows[0]) : undefined;
}

export async function markHandled(db: Db, kommunId: string, id: string, userId: string, now: string): Promise<void> {
  await db
    .updateTable('accessibility_reports')
    .set({ status: 'handled', handled_at: now, handled_by: userId })
    .where('kommun_id', '=', kommunId)
    .where('id', '=', id)
    .execute();
}

function selectReports(db: Db, kommunId: string) {
  return db
    .selectFrom('accessibility_reports')
    .leftJoin('users', 'users.id', 'accessibility_reports.handled_by')
    .select([
      'accessibility_reports.id',
      'accessibility_reports.kommun_id',
      'accessibility_reports.page_url',
      'accessibility_reports.description',
      'accessibility_reports.reply_email',
      'accessibility_reports.status',
      'accessibility_reports.created_at',
      'accessibility_reports.handled_at',
      'users.name as handled_by_name',
    ])
    .where('accessibility_reports.kommun_id', '=', kommunId);
}

type SelectedRow = Omit<AccessibilityReportTable, 'handled_by'> & { handled_by_name: string | null };

function toReportRow(r: SelectedRow): ReportRow {
  return {
    id: r.id,
    kommunId: r.kommun_id,
    pageUrl: r.page_url,
    description: r.description,
    replyEmail: r.reply_email,
    status: r.status,
    createdAt: r.created_at,
    handledAt: r.handled_at,
    handledByName: r.handled_by_name,
  };
}

/**
 * One page of a kommun's reports with the given status, newest first. Keyset on the time-ordered
 * id: `after` gives older rows, `before` newer ones (returned newest first as well).
 */
export async function listReports(db: Db, kommunId: string, status: ReportStatus, page: { limit: number; after?: string | undefined; before?: string | undefined }): Promise<ReportRow[]> {
  let query = selectReports(db, kommunId).where('accessibility_reports.status', '=', status);
  if (page.after) query = query.where('accessibility_reports.id', '<', page.after);
  if (page.before) query = query.where('accessibility_reports.id', '>', page.before);
  const rows = await query
    .orderBy('accessibility_reports.id', page.before ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
  const mapped = rows.map(toReportRow);
  return page.before ? mapped.reverse() : mapped;
}

/** E-mail addresses of the active administrators of the kommun organisation itself. */
export async function listKommunAdministratorEmails(db: Db, kommunId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.email')
    .distinct()
    .where('memberships.organisation_id', '=', kommunId)
    .where('memberships.role', '=', 'administrator')
    // An administrator role still on offer is nobody's yet: reports (with residents' addresses) go to accepted ones only.
    .where('memberships.accepted_at', 'is not', null)
    .where('users.status', '=', 'active')
    .orderBy('users.email')
    .limit(500)
    .execute();
  return rows.map((r) => r.email);
}
