// Use cases for accessibility reports: a resident (or anyone) reports a problem, which is stored
// and mailed to the kommun's administrators in one transaction; administrators mark it handled.
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { isId, newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError } from '../http/errors.js';
import { queueMail } from '../mail/mail.js';
import { publicBaseUrl } from '../auth/links.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { canManageReports } from './accessibility.policy.js';
import { findReport, insertReport, listKommunAdministratorEmails, listReports, markHandled, type ReportRow } from './accessibility.repository.js';
import { accessibilityLimits, type ReportInput, type ReportStatus } from './accessibility.schemas.js';

export async function submitAccessibilityReport(ctx: AppContext, kommun: Kommun, input: ReportInput, options: { now?: Date } = {}): Promise<{ id: string; mailedTo: number }> {
  const now = (options.now ?? new Date()).toISOString();
  const id = newId();
  // Staff mail is in Swedish, the kommun's working language.
  const t = ctx.registry.messages.translator('sv');
  const base = publicBaseUrl(ctx);
  return inTransaction(ctx, async (tx) => {
    await insertReport(tx.trx, {
      id,
      kommun_id: kommun.id,
      page_url: input.pageUrl,
      description: input.description,
      reply_email: input.replyEmail || null,
      status: 'open',
      created_at: now,
      handled_at: null,
      handled_by: null,
    });
    // No e-mail address in the audit trail: it exists only to answer this one report.
    await writeAudit(tx.trx, { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'accessibility.report_received', entityType: 'accessibility_report', entityId: id, after: { pageUrl: input.pageUrl, status: 'open' } }, now);
    const administrators = await listKommunAdministratorEmails(tx.trx, kommun.id);
    // A kommun just added has no administrators yet; its contact address stands in, so a report
    // never goes unread.
    const recipients = administrators.length > 0 ? administrators : kommun.settings.contact.email ? [kommun.settings.contact.email] : [];
    const text = [
      t('accessibility.mailIntro', { kommun: kommun.name }),
      '',
      `${t('accessibility.staffPage')}: ${input.pageUrl}`,
      '',
      `${t('accessibility.staffProblem')}:`,
      input.description,
      '',
      input.replyEmail ? t('accessibility.mailReplyTo', { email: input.replyEmail }) : t('accessibility.mailNoReply'),
      '',
      t('accessibility.mailList', { url: `${base}/${kommun.slug}/admin/tillganglighet` }),
    ].join('\n');
    for (const to of recipients) {
      await queueMail(ctx, tx, { kommunId: kommun.id, organisationId: kommun.id, to, subject: t('accessibility.mailSubject', { kommun: kommun.name }), text });
    }
    return { id, mailedTo: recipients.length };
  });
}

export async function listReportsForStaff(
  ctx: AppContext,
  actor: Actor | null,
  kommunId: string,
  status: ReportStatus,
  page: { after?: string | undefined; before?: string | undefined },
): Promise<{ rows: ReportRow[]; hasMore: boolean }> {
  if (!canManageReports(actor, kommunId)) throw new NotFoundError();
  const after = isId(page.after) ? page.after : undefined;
  const before = after ? undefined : isId(page.before) ? page.before : undefined;
  const rows = await listReports(ctx.db, kommunId, status, { limit: accessibilityLimits.listPageSize + 1, after, before });
  const hasMore = rows.length > accessibilityLimits.listPageSize;
  // The extra row is the oldest when paging forward and the newest when paging back.
  const trimmed = hasMore ? (before ? rows.slice(1) : rows.slice(0, accessibilityLimits.listPageSize)) : rows;
  return { rows: trimmed, hasMore };
}

export async function markReportHandled(ctx: AppContext, actor: Actor | null, kommunId: string, id: string, options: { now?: Date } = {}): Promise<void> {
  if (!actor || !canManageReports(actor, kommunId) || !isId(id)) throw new NotFoundError();
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    const before = await findReport(trx, kommunId, id);
    if (!before) throw new NotFoundError();
    if (before.status === 'handled') return;
    await markHandled(trx, kommunId, id, actor.userId, now);
    await writeAudit(trx, { actorUserId: actor.userId, kommunId, organisationId: kommunId, action: 'accessibility.report_handled', entityType: 'accessibility_report', entityId: id, before: { status: before.status }, after: { status: 'handled', handledAt: now } }, now);
  });
}
