// Moderation: nothing a resident wrote is public until staff have read it. Publishing sets what
// the public sees (the text, redacted if need be, and the position, rounded for sensitive
// categories); rejecting keeps the report for handling but out of every public view. Each
// decision is a history entry and an audit row in the same transaction; the event after commit
// lets the map's index pick the report up.
import type { Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/index.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { allCategoriesOf } from './report.categories.service.js';
import { roundToGrid } from './report.location.js';
import { canModerateReports, reportReader } from './report.policy.js';
import { findReportForReader, insertReportEvent } from './report.repository.js';
import { reportLimits } from './report.schemas.js';
import { reportSettingsOf } from './report.settings.js';
import type { ReportSubmittedEvent } from './report.service.js';

export type ModerationDecision =
  /** Public, with the text as given here (the reporter's, or a redacted version); null hides the text. */
  | { decision: 'publish'; publicDescription: string | null }
  | { decision: 'reject' };

export async function moderateReport(ctx: AppContext, actor: Actor, kommun: Kommun, reportId: string, input: ModerationDecision, now = new Date()): Promise<void> {
  if (!canModerateReports(actor, kommun.id)) throw new ForbiddenError();
  const report = await findReportForReader(ctx.db, reportReader(actor, kommun.id), reportId);
  if (!report) throw new NotFoundError();
  const nowIso = now.toISOString();
  if (input.decision === 'publish') {
    if (input.publicDescription !== null && input.publicDescription.length > reportLimits.description) throw new ValidationError({ publicDescription: `validation.tooLong|${reportLimits.description}` });
    const category = (await allCategoriesOf(ctx.db, kommun.id)).find((c) => c.code === report.category_code);
    const exact = { lat: report.lat, lon: report.lon };
    const shown = category?.sensitive ? roundToGrid(exact, reportSettingsOf(kommun).sensitiveGridMetres) : exact;
    const firstTime = report.moderation !== 'published';
    await inTransaction(ctx, async (tx) => {
      await tx.trx
        .updateTable('reports')
        .set({
          moderation: 'published',
          public_description: input.publicDescription?.trim() || null,
          public_lat: shown.lat,
          public_lon: shown.lon,
          published_at: report.published_at ?? nowIso,
          updated_at: nowIso,
          version: report.version + 1,
        })
        .where('id', '=', report.id)
        .where('kommun_id', '=', kommun.id)
        .execute();
      if (firstTime) await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind: 'published', status: report.status, is_public: true, body: '', actor_user_id: actor.userId, organisation_id: null, created_at: nowIso });
      else if ((report.public_description ?? null) !== (input.publicDescription?.trim() || null))
        await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind: 'redacted', status: report.status, is_public: false, body: '', actor_user_id: actor.userId, organisation_id: null, created_at: nowIso });
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
          after: { moderation: 'published', publicDescription: input.publicDescription?.trim() || null },
        },
        nowIso,
      );
      tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_published', { kommunId: kommun.id, reportId: report.id, moderation: 'published' }));
    });
    return;
  }
  await inTransaction(ctx, async (tx) => {
    await tx.trx
      .updateTable('reports')
      .set({ moderation: 'rejected', public_lat: null, public_lon: null, public_description: null, updated_at: nowIso, version: report.version + 1 })
      .where('id', '=', report.id)
      .where('kommun_id', '=', kommun.id)
      .execute();
    await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind: 'rejected', status: report.status, is_public: false, body: '', actor_user_id: actor.userId, organisation_id: null, created_at: nowIso });
    await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.report_rejected', entityType: 'report', entityId: report.id, before: { moderation: report.moderation }, after: { moderation: 'rejected' } }, nowIso);
    tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_changed', { kommunId: kommun.id, reportId: report.id, moderation: 'rejected' }));
  });
}
