// The reports module's periodic jobs. "Is it fixed?": some weeks after a report was marked
// fixed, its followers are asked once whether it is, with the public page's link where they can
// say it is not. Contact retention: some time after a report closed, the reporter's address
// (the kernel subscription), the network hash and the "has contact" flag are deleted. Each
// kommun's own settings say how long; each report is its own transaction with its audit row.
import { writeAudit } from '../../platform/audit/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { Job } from '../../platform/jobs/jobs.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { deleteSubscriptionsOfTopic, notifySubscribers } from '../../platform/subscriptions/index.js';
import { listKommuner, type Kommun } from '../../platform/tenants/index.js';
import { publicReportUrl } from './report.handling.service.js';
import { formatReference } from './report.reference.js';
import { reportTopic } from './report.service.js';
import { reportSettingsOf } from './report.settings.js';
import { listContactsToDelete, listFixedToAsk, updateReportAtVersion } from './report.staff.repository.js';

const batch = 200;
const dayMs = 86_400_000;

/** Asks "is it fixed?" for the kommun's reports fixed `fixedQuestionDays` ago; returns how many were asked. */
export async function askWhetherFixed(ctx: AppContext, kommun: Kommun, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - reportSettingsOf(kommun).fixedQuestionDays * dayMs).toISOString();
  const nowIso = now.toISOString();
  let asked = 0;
  for (const report of await listFixedToAsk(ctx.db, kommun.id, cutoff, batch)) {
    await inTransaction(ctx, async (tx) => {
      // Marked asked whether or not anyone follows it, so the job never looks at it again.
      if (!(await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, { fixed_question_at: nowIso }))) return;
      if (report.moderation !== 'published' || !report.has_contact) return;
      const reference = formatReference(report.reference);
      const link = `${publicReportUrl(ctx, kommun, report.reference)}#inte-atgardad`;
      const mails = await notifySubscribers(ctx, tx, {
        kommunId: kommun.id,
        topic: reportTopic(report.id),
        subject: (locale: Locale) => ctx.registry.messages.translator(locale)('reports.staff.mail.fixedSubject', { reference }),
        text: (locale: Locale) => ctx.registry.messages.translator(locale)('reports.staff.mail.fixedText', { reference, link }),
      });
      if (mails > 0) {
        asked += 1;
        await writeAudit(tx.trx, { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.fixed_question_sent', entityType: 'report', entityId: report.id }, nowIso);
      }
    });
  }
  return asked;
}

/** Deletes contact details `contactRetentionDays` after closing; returns how many reports lost theirs. */
export async function deleteExpiredContacts(ctx: AppContext, kommun: Kommun, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - reportSettingsOf(kommun).contactRetentionDays * dayMs).toISOString();
  const nowIso = now.toISOString();
  let deleted = 0;
  for (const report of await listContactsToDelete(ctx.db, kommun.id, cutoff, batch)) {
    await inTransaction(ctx, async (tx) => {
      if (!(await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, { client_hash: null, has_contact: false, contact_deleted_at: nowIso }))) return;
      const subscriptions = await deleteSubscriptionsOfTopic(tx.trx, kommun.id, reportTopic(report.id));
      await writeAudit(
        tx.trx,
        { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.contact_deleted', entityType: 'report', entityId: report.id, after: { subscriptions, hadContact: Boolean(report.has_contact) } },
        nowIso,
      );
      deleted += 1;
    });
  }
  return deleted;
}

export const reportJobs: readonly Job[] = [
  {
    name: 'reports.fixed_question',
    everyMs: 60 * 60_000,
    run: async (ctx) => {
      for (const kommun of await listKommuner(ctx.db)) await askWhetherFixed(ctx, kommun);
    },
  },
  {
    name: 'reports.contact_retention',
    everyMs: 6 * 60 * 60_000,
    run: async (ctx) => {
      for (const kommun of await listKommuner(ctx.db)) await deleteExpiredContacts(ctx, kommun);
    },
  },
];
