// Administration of reports for those holding reports.manage: the kommun's categories (the
// defaults until its first save, which copies every default into report_categories in the same
// transaction as the change) and blocked senders (reports.moderate may block from a report,
// reports.manage may unblock). Every change has its audit row with what it was before and after;
// a blocked sender is named by an example report, never by the hash.
import { writeAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { categoryOfRow, defaultCategories, type ReportCategory } from './report.categories.js';
import { allCategoriesOf, forgetCachedCategories } from './report.categories.service.js';
import {
  countCategoryRows,
  deleteBlockedRow,
  findBlockedByHash,
  findBlockedRow,
  findCategoryRow,
  insertBlockedRow,
  insertCategoryRows,
  listBlockedRows,
  updateCategoryRow,
  type BlockedRow,
  type CategoryRow,
} from './report.admin.repository.js';
import type { CategoryInput } from './report.admin.schemas.js';
import { canManageReports, canModerateReports, reportReader } from './report.policy.js';
import { findReportForReader } from './report.repository.js';

function requireManage(actor: Actor, kommun: Kommun): void {
  if (!canManageReports(actor, kommun.id)) throw new NotFoundError();
}

/** A category with when it was last saved ('' while the kommun uses the defaults). */
export interface AdminCategory extends ReportCategory {
  updatedAt: string;
}

export async function listCategoriesForAdmin(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<{ categories: AdminCategory[]; ownRows: boolean }> {
  requireManage(actor, kommun);
  const ownRows = (await countCategoryRows(ctx.db, kommun.id)) > 0;
  if (!ownRows) return { categories: defaultCategories.map((c) => ({ ...c, updatedAt: '' })), ownRows };
  const categories = await allCategoriesOf(ctx.db, kommun.id);
  const rows = await Promise.all(categories.map((c) => findCategoryRow(ctx.db, kommun.id, c.code)));
  return { categories: categories.map((c, i) => ({ ...c, updatedAt: rows[i] ? String(rows[i].updated_at) : '' })), ownRows };
}

export async function findCategoryForAdmin(ctx: AppContext, actor: Actor, kommun: Kommun, code: string): Promise<AdminCategory> {
  const { categories } = await listCategoriesForAdmin(ctx, actor, kommun);
  const category = categories.find((c) => c.code === code);
  if (!category) throw new NotFoundError();
  return category;
}

function columnsOf(input: Pick<ReportCategory, 'name' | 'description' | 'notice' | 'sensitive' | 'publishAtOnce' | 'position' | 'questions'>) {
  return {
    name_sv: input.name.sv,
    name_en: input.name.en,
    description_sv: input.description.sv,
    description_en: input.description.en,
    notice_sv: input.notice.sv,
    notice_en: input.notice.en,
    sensitive: input.sensitive,
    publish_at_once: input.publishAtOnce,
    questions_json: JSON.stringify(input.questions),
    position: input.position,
  };
}

/** What the audit log keeps of a category: everything staff typed (nothing personal is in it). */
function audited(category: ReportCategory): Record<string, unknown> {
  return { ...category };
}

/** The kommun's first change copies every default into its own rows, so the others stay as they were. */
async function ensureOwnRows(trx: Db, kommun: Kommun, nowIso: string): Promise<void> {
  if ((await countCategoryRows(trx, kommun.id)) > 0) return;
  await insertCategoryRows(
    trx,
    defaultCategories.map((c) => ({ id: newId(), kommun_id: kommun.id, code: c.code, ...columnsOf(c), active: c.active, created_at: nowIso, updated_at: nowIso })),
  );
}

/** The row to change, as the form saw it: a save made since the form was shown is a conflict. */
async function rowToChange(trx: Db, kommun: Kommun, code: string, expectedUpdatedAt: string | undefined): Promise<CategoryRow> {
  const row = await findCategoryRow(trx, kommun.id, code);
  if (!row) throw new NotFoundError();
  // '' is a form shown while the defaults were in use: it saw the row as copied, unchanged since.
  const seen = expectedUpdatedAt === '' ? String(row.created_at) : expectedUpdatedAt;
  if (seen !== undefined && String(row.updated_at) !== seen) throw new ConflictError('reports.admin.categories.conflict');
  return row;
}

/** A later timestamp than the row's own, so two saves in one millisecond still tell apart. */
function nextStamp(now: Date, previous: string): string {
  const at = now.toISOString();
  return at > previous ? at : new Date(Date.parse(previous) + 1).toISOString();
}

/**
 * A category change in one transaction. Two first saves (each copying the defaults) or two new
 * categories with one code at the same moment meet at the unique index: the later one is told
 * so (409, or the code is taken), never a 500.
 */
async function inCategoryChange(ctx: AppContext, change: Parameters<typeof inTransaction<void>>[1], taken?: () => Error): Promise<void> {
  try {
    await inTransaction(ctx, change);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw taken?.() ?? new ConflictError();
  } finally {
    // This instance shows its own change at once (others within the cache's few seconds).
    forgetCachedCategories(ctx.db);
  }
}

export async function createCategory(ctx: AppContext, actor: Actor, kommun: Kommun, code: string, input: CategoryInput, now = new Date()): Promise<void> {
  requireManage(actor, kommun);
  const nowIso = now.toISOString();
  await inCategoryChange(ctx, async ({ trx }) => {
    // A default's code is taken too, before the first save as after it.
    if (defaultCategories.some((c) => c.code === code) || (await findCategoryRow(trx, kommun.id, code))) throw new ValidationError({ code: 'reports.admin.categories.codeTaken' });
    await ensureOwnRows(trx, kommun, nowIso);
    await insertCategoryRows(trx, [{ id: newId(now.getTime()), kommun_id: kommun.id, code, ...columnsOf(input), active: true, created_at: nowIso, updated_at: nowIso }]);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.category_created', entityType: 'report_category', entityId: code, after: audited({ code, ...input, active: true }) }, nowIso);
  }, () => new ValidationError({ code: 'reports.admin.categories.codeTaken' }));
}

export async function updateCategory(ctx: AppContext, actor: Actor, kommun: Kommun, code: string, input: CategoryInput, expectedUpdatedAt: string, now = new Date()): Promise<void> {
  requireManage(actor, kommun);
  await inCategoryChange(ctx, async ({ trx }) => {
    const nowIso = now.toISOString();
    await ensureOwnRows(trx, kommun, nowIso);
    const row = await rowToChange(trx, kommun, code, expectedUpdatedAt);
    const before = categoryOfRow(row);
    await updateCategoryRow(trx, kommun.id, code, { ...columnsOf(input), updated_at: nextStamp(now, String(row.updated_at)) });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.category_changed', entityType: 'report_category', entityId: code, before: audited(before), after: audited({ ...before, ...input }) }, nowIso);
  });
}

/** Deactivated categories keep their reports and leave the form and Open311's services; nothing is deleted. */
export async function setCategoryActive(ctx: AppContext, actor: Actor, kommun: Kommun, code: string, active: boolean, expectedUpdatedAt?: string, now = new Date()): Promise<void> {
  requireManage(actor, kommun);
  await inCategoryChange(ctx, async ({ trx }) => {
    const nowIso = now.toISOString();
    await ensureOwnRows(trx, kommun, nowIso);
    const row = await rowToChange(trx, kommun, code, expectedUpdatedAt);
    await updateCategoryRow(trx, kommun.id, code, { active, updated_at: nextStamp(now, String(row.updated_at)) });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: active ? 'reports.category_activated' : 'reports.category_deactivated', entityType: 'report_category', entityId: code, before: { active: Boolean(row.active) }, after: { active } }, nowIso);
  });
}

// --- Blocked senders -------------------------------------------------------------------------

export const blockedPageSize = 200;

export async function listBlockedSenders(ctx: AppContext, actor: Actor, kommun: Kommun): Promise<BlockedRow[]> {
  requireManage(actor, kommun);
  return listBlockedRows(ctx.db, kommun.id, blockedPageSize);
}

/**
 * Blocks the sender of a report: their later reports are accepted but quarantined. The audit row
 * names the report and the reason, never the hash. Blocking twice keeps the first row.
 */
export async function blockSenderOfReport(ctx: AppContext, actor: Actor, kommun: Kommun, reportId: string, reason: string, now = new Date()): Promise<void> {
  const report = await findReportForReader(ctx.db, reportReader(actor, kommun.id), reportId);
  if (!report) throw new NotFoundError();
  if (!canModerateReports(actor, kommun.id)) throw new NotFoundError();
  const clientHash = report.client_hash;
  if (!clientHash) throw new ValidationError({ reason: 'reports.admin.blocked.noSender' });
  const nowIso = now.toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    if (await findBlockedByHash(trx, kommun.id, clientHash)) return;
    const id = newId(now.getTime());
    await insertBlockedRow(trx, { id, kommun_id: kommun.id, client_hash: clientHash, reason, created_by: actor.userId, created_at: nowIso });
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.sender_blocked', entityType: 'report_blocked_client', entityId: id, after: { reportId: report.id, reason } }, nowIso);
  });
}

export async function unblockSender(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, now = new Date()): Promise<void> {
  requireManage(actor, kommun);
  const nowIso = now.toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const row = await findBlockedRow(trx, kommun.id, id);
    if (!row || !(await deleteBlockedRow(trx, kommun.id, id))) throw new NotFoundError();
    await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.sender_unblocked', entityType: 'report_blocked_client', entityId: id, before: { reason: row.reason, createdAt: String(row.created_at) } }, nowIso);
  });
}
