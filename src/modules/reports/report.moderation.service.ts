// Moderation: nothing a resident wrote is public until staff have read it. Publishing sets what
// the public sees (the text, redacted if need be, and the position, rounded for sensitive
// categories); rejecting keeps the report for handling but out of every public view. Each
// decision is a history entry and an audit row in the same transaction; the event after commit
// lets the map's index pick the report up.
import type { Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/index.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction, type Transaction } from '../../platform/db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { allCategoriesOf } from './report.categories.service.js';
import { roundToGrid } from './report.location.js';
import { canModerateReports, reportReader } from './report.policy.js';
import { findReportForReader, insertReportEvent, type ReportRow } from './report.repository.js';
import { reportLimits } from './report.schemas.js';
import { reportSettingsOf } from './report.settings.js';
import { statusKind } from './report.states.js';
import type { ReportSubmittedEvent } from './report.service.js';
import { updateReportAtVersion } from './report.staff.repository.js';

export type ModerationDecision =
  /** Public, with the text as given here (the reporter's, or a redacted version); null hides the text. */
  | { decision: 'publish'; publicDescription: string | null }
  | { decision: 'reject' };

/**
 * `expectedVersion` is the version the person's form showed: a decision taken on a report that
 * changed meanwhile is refused (409) rather than published over what someone else did.
 */
export async function moderateReport(ctx: AppContext, actor: Actor, kommun: Kommun, reportId: string, input: ModerationDecision, now = new Date(), expectedVersion?: number): Promise<void> {
  // Found first: a report the actor does not reach is not found, whatever their rights elsewhere.
  const report = await findReportForReader(ctx.db, reportReader(actor, kommun.id), reportId);
  if (!report) throw new NotFoundError();
  if (!canModerateReports(actor, kommun.id)) throw new ForbiddenError();
  if (expectedVersion !== undefined && expectedVersion !== report.version) throw new ConflictError('reports.staff.conflict');
  if (input.decision === 'publish' && input.publicDescription !== null && input.publicDescription.length > reportLimits.description) {
    throw new ValidationError({ publicDescription: `validation.tooLong|${reportLimits.description}` });
  }
  await inTransaction(ctx, (tx) => applyModeration(ctx, tx, actor, kommun, report, input, now));
}

/** The decision's writes inside the caller's transaction (bulk publishing runs several in one). */
export async function applyModeration(ctx: AppContext, tx: Transaction, actor: Actor, kommun: Kommun, report: ReportRow, input: ModerationDecision, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const event = (kind: 'published' | 'redacted' | 'rejected', isPublic: boolean) =>
    insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind, status: report.status, is_public: isPublic, body: '', actor_user_id: actor.userId, organisation_id: null, created_at: nowIso });
  if (input.decision === 'publish') {
    const publicDescription = input.publicDescription?.trim() || null;
    const category = (await allCategoriesOf(tx.trx, kommun.id)).find((c) => c.code === report.category_code);
    const exact = { lat: report.lat, lon: report.lon };
    const shown = category?.sensitive ? roundToGrid(exact, reportSettingsOf(kommun).sensitiveGridMetres) : exact;
    const firstTime = report.moderation !== 'published';
    const updated = await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, {
      moderation: 'published',
      public_description: publicDescription,
      public_lat: shown.lat,
      public_lon: shown.lon,
      published_at: report.published_at ?? nowIso,
      // Published again after a rejection, an open report is open again (see below).
      closed_at: statusKind(report.status) === 'open' ? null : report.closed_at,
      updated_at: nowIso,
    });
    if (!updated) throw new ConflictError('reports.staff.conflict');
    if (firstTime) await event('published', true);
    else if ((report.public_description ?? null) !== publicDescription) await event('redacted', false);
    await writeAudit(
      tx.trx,
      {
        actorUserId: actor.userId,
        kommunId: kommun.id,
        organisationId: kommun.id,
        action: firstTime ? 'reports.report_published' : 'reports.report_text_changed',
        entityType: 'report',
        entityId: report.id,
        before: { moderation: report.moderation, publicDescription: report.public_description },
        after: { moderation: 'published', publicDescription },
      },
      nowIso,
    );
    tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_published', { kommunId: kommun.id, reportId: report.id, moderation: 'published' }));
    return;
  }
  // A rejected report is done with as far as the reporter is concerned: closing it starts the
  // retention time of their contact details, which would otherwise be kept for ever.
  const updated = await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, {
    moderation: 'rejected',
    public_lat: null,
    public_lon: null,
    public_description: null,
    closed_at: report.closed_at ?? nowIso,
    updated_at: nowIso,
  });
  if (!updated) throw new ConflictError('reports.staff.conflict');
  await event('rejected', false);
  await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.report_rejected', entityType: 'report', entityId: report.id, before: { moderation: report.moderation }, after: { moderation: 'rejected' } }, nowIso);
  tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_changed', { kommunId: kommun.id, reportId: report.id, moderation: 'rejected' }));
}
