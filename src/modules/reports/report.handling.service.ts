// Handling a report: its state, who it is assigned to, internal notes, public responses, its
// link to a plan activity, marking it a duplicate, and the same for many reports at once. Each
// action re-checks the permission on the report as found through the reader's access (a report
// out of reach is not found), changes it only at the version the person's form showed (else
// 409), and writes the report, a history entry and an audit row in one transaction. A public
// change mails the reporter (their confirmed subscription, in their language) in the same
// transaction, so the mail exists exactly when the change does; events are emitted after commit.
import { writeAudit } from '../../platform/audit/index.js';
import { canIn, publicBaseUrl, type Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction, type Transaction } from '../../platform/db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { consumeRateLimit, type RateLimit } from '../../platform/http/rate-limit.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { queueMail } from '../../platform/mail/index.js';
import { findPlaceById, type Place } from '../../platform/places/index.js';
import { countConfirmedSubscribers, notifySubscribers } from '../../platform/subscriptions/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { listOrganisationsOfKommun, type Organisation } from '../../platform/tenants/tenant.repository.js';
import { findActivityLinkTarget, listActivityChoices, type ActivityLinkTarget } from '../cooperation/index.js';
import { listPhotosForReader, type ReportPhotoRow } from './report.photos.repository.js';
import type { ReportCategory } from './report.categories.js';
import { allCategoriesOf } from './report.categories.service.js';
import { applyModeration } from './report.moderation.service.js';
import { reportPaths } from './report.paths.js';
import { canHandleReport, canModerateReports, reportReader, type ReportReader } from './report.policy.js';
import { formatReference, normaliseReference } from './report.reference.js';
import { findReportByReference, findReportForReader, insertReportEvent, isClientBlocked, listEventsForReader, type ReportEventRow, type ReportRow } from './report.repository.js';
import { reportTopic, type ReportSubmittedEvent } from './report.service.js';
import { statusLabel } from './report.settings.js';
import { statusKind } from './report.states.js';
import {
  addSupporters,
  findReportsForReader,
  listQueue,
  listStaffAddressesOf,
  listSupportsOf,
  listTemplates,
  updateReportAtVersion,
  type QueueCursor,
  type QueueFilter,
  type QueueSort,
  type TemplateRow,
} from './report.staff.repository.js';
import type { ReportEventKind, ReportStatus, ReportTable } from './report.tables.js';

/** "It is not fixed" from the public page: per sender, shared by every app instance. */
export const notFixedLimit: RateLimit = { name: 'report-not-fixed', max: 10, windowSeconds: 3600 };

export async function listQueueForStaff(ctx: AppContext, actor: Actor, kommun: Kommun, filter: QueueFilter, sort: QueueSort, options: { limit: number; after?: QueueCursor | undefined }) {
  const rows = await listQueue(ctx.db, reportReader(actor, kommun.id), filter, sort, { limit: options.limit + 1, after: options.after });
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** What the staff report page shows; the reporter's address is never here, only whether there is one. */
export interface StaffReport {
  report: ReportRow;
  events: ReportEventRow[];
  supports: { id: string; when_parts: number; when_days: number; created_at: string }[];
  category: ReportCategory | undefined;
  place: Place | undefined;
  organisations: Organisation[];
  activity: ActivityLinkTarget | undefined;
  activityChoices: Awaited<ReturnType<typeof listActivityChoices>>;
  duplicateOf: ReportRow | undefined;
  templates: TemplateRow[];
  /** Confirmed subscribers: the reporter, once they confirmed their address. */
  followers: number;
  abilities: { handle: boolean; moderate: boolean; assign: boolean };
  /** The report's photos, every state: staff decide which the public sees. */
  photos: ReportPhotoRow[];
  /** The sender is blocked already (asked only of those who moderate, for a sender still recognisable). */
  senderBlocked: boolean;
}

export async function readReportForStaff(ctx: AppContext, actor: Actor, kommun: Kommun, id: string): Promise<StaffReport> {
  const reader = reportReader(actor, kommun.id);
  const report = await findReportForReader(ctx.db, reader, id);
  if (!report) throw new NotFoundError();
  const moderate = canModerateReports(actor, kommun.id);
  const [events, supports, categories, place, organisations, activity, activityChoices, duplicateOf, templates, followers, photos, senderBlocked] = await Promise.all([
    listEventsForReader(ctx.db, reader, id),
    listSupportsOf(ctx.db, kommun.id, id),
    allCategoriesOf(ctx.db, kommun.id),
    report.place_id ? findPlaceById(ctx.db, kommun.id, report.place_id) : Promise.resolve(undefined),
    listOrganisationsOfKommun(ctx.db, kommun.id),
    report.activity_id ? findActivityLinkTarget(ctx, kommun.id, report.activity_id) : Promise.resolve(undefined),
    listActivityChoices(ctx, kommun.id),
    report.duplicate_of_id ? findReportForReader(ctx.db, reader, report.duplicate_of_id) : Promise.resolve(undefined),
    listTemplates(ctx.db, kommun.id),
    countConfirmedSubscribers(ctx.db, kommun.id, reportTopic(id)),
    listPhotosForReader(ctx.db, reader, id),
    moderate && report.client_hash !== null ? isClientBlocked(ctx.db, kommun.id, report.client_hash) : Promise.resolve(false),
  ]);
  return {
    photos,
    senderBlocked,
    report,
    events,
    supports: supports.map((s) => ({ id: s.id, when_parts: s.when_parts, when_days: s.when_days, created_at: String(s.created_at) })),
    category: categories.find((c) => c.code === report.category_code),
    place,
    organisations,
    activity,
    activityChoices,
    duplicateOf,
    templates,
    followers,
    abilities: {
      handle: canHandleReport(actor, kommun.id, report.assigned_organisation_id),
      moderate,
      assign: canIn(actor, kommun.id, 'reports.handle'),
    },
  };
}

type Need = 'handle' | 'assign';

/** The report as the actor reaches it, and allowed for what they ask; else not found / forbidden / stale. */
async function reportToChange(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, need: Need, expectedVersion: number | undefined): Promise<ReportRow> {
  const report = await findReportForReader(ctx.db, reportReader(actor, kommun.id), id);
  if (!report) throw new NotFoundError();
  const allowed = need === 'assign' ? canIn(actor, kommun.id, 'reports.handle') : canHandleReport(actor, kommun.id, report.assigned_organisation_id);
  if (!allowed) throw new ForbiddenError();
  if (expectedVersion !== undefined && report.version !== expectedVersion) throw new ConflictError('reports.staff.conflict');
  return report;
}

interface Change {
  patch?: Omit<Partial<ReportTable>, 'id' | 'kommun_id' | 'version'>;
  event: { kind: ReportEventKind; status: ReportStatus; isPublic: boolean; body?: string; organisationId?: string | null };
  audit: { action: string; before?: unknown; after?: unknown };
  /** Mail the reporter: a public state change or response. */
  notify?: { status?: ReportStatus; response?: string };
}

/** One change's writes inside the caller's transaction; bulk actions call it once per report. */
async function applyChange(ctx: AppContext, tx: Transaction, actor: Actor, kommun: Kommun, report: ReportRow, change: Change, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  if (change.patch) {
    const updated = await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, { ...change.patch, updated_at: nowIso });
    if (!updated) throw new ConflictError('reports.staff.conflict');
  }
  const { kind, status, isPublic, body = '', organisationId = null } = change.event;
  await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind, status, is_public: isPublic, body, actor_user_id: actor.userId, organisation_id: organisationId, created_at: nowIso });
  await writeAudit(tx.trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action: change.audit.action, entityType: 'report', entityId: report.id, before: change.audit.before, after: change.audit.after }, nowIso);
  // Only a published report has a public page to tell the reporter about.
  if (change.notify && report.moderation === 'published') await notifyReporter(ctx, tx, kommun, report, change.notify);
  tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_changed', { kommunId: kommun.id, reportId: report.id, moderation: report.moderation }));
}

export function publicReportUrl(ctx: AppContext, kommun: Kommun, reference: string): string {
  return `${publicBaseUrl(ctx)}/${kommun.slug}/${reportPaths.report(reference)}`;
}

async function notifyReporter(ctx: AppContext, tx: Transaction, kommun: Kommun, report: ReportRow, notice: { status?: ReportStatus; response?: string }): Promise<void> {
  const reference = formatReference(report.reference);
  const link = publicReportUrl(ctx, kommun, report.reference);
  await notifySubscribers(ctx, tx, {
    kommunId: kommun.id,
    topic: reportTopic(report.id),
    subject: (locale: Locale) => ctx.registry.messages.translator(locale)('reports.staff.mail.updateSubject', { reference }),
    text: (locale: Locale) => {
      const t = ctx.registry.messages.translator(locale);
      const lines = [t('reports.staff.mail.updateIntro', { reference })];
      if (notice.status) lines.push(t('reports.staff.mail.statusLine', { status: statusLabel(t, kommun, locale, notice.status) }));
      if (notice.response) lines.push(t('reports.staff.mail.responseLine'), notice.response);
      lines.push(t('reports.staff.mail.link', { link }));
      return lines.join('\n\n');
    },
  });
}

/** What a status change writes: closing sets closed_at (retention counts from it), reopening clears it. */
function statusChange(report: ReportRow, status: ReportStatus, response: string, nowIso: string, extra: Change['patch'] = {}): Change {
  const closes = statusKind(status) !== 'open';
  const wasOpen = statusKind(report.status) === 'open';
  return {
    patch: {
      status,
      closed_at: closes ? (wasOpen || status !== report.status ? nowIso : report.closed_at) : null,
      fixed_question_at: status === 'fixed' && report.status !== 'fixed' ? null : report.fixed_question_at,
      ...extra,
    },
    event: { kind: 'status', status, isPublic: true, body: response },
    audit: { action: 'reports.report_status_changed', before: { status: report.status }, after: { status, response: response !== '' } },
    notify: { status, ...(response ? { response } : {}) },
  };
}

export async function changeReportStatus(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { status: ReportStatus; response: string }, expectedVersion: number, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'handle', expectedVersion);
  if (input.status === report.status && !input.response) return;
  if (input.status === 'duplicate') throw new ValidationError({ status: 'reports.staff.useDuplicateForm' });
  await inTransaction(ctx, (tx) => applyChange(ctx, tx, actor, kommun, report, statusChange(report, input.status, input.response, now.toISOString()), now));
}

export async function respondToReport(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { response: string }, expectedVersion: number, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'handle', expectedVersion);
  await inTransaction(ctx, (tx) =>
    applyChange(ctx, tx, actor, kommun, report, { patch: {}, event: { kind: 'response', status: report.status, isPublic: true, body: input.response }, audit: { action: 'reports.report_responded', after: { length: input.response.length } }, notify: { response: input.response } }, now),
  );
}

export async function addInternalNote(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { body: string }, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'handle', undefined);
  await inTransaction(ctx, (tx) => applyChange(ctx, tx, actor, kommun, report, { event: { kind: 'note', status: report.status, isPublic: false, body: input.body }, audit: { action: 'reports.report_noted' } }, now));
}

/** The organisations a kommun's report may be assigned to: the kommun, the police areas serving it, its partners. */
async function assignableOrganisation(ctx: AppContext, kommun: Kommun, organisationId: string): Promise<Organisation> {
  const organisation = (await listOrganisationsOfKommun(ctx.db, kommun.id)).find((o) => o.id === organisationId);
  if (!organisation) throw new ValidationError({ organisationId: 'validation.chooseOne' });
  return organisation;
}

function assignmentChange(report: ReportRow, organisation: Organisation | null): Change {
  return {
    patch: { assigned_organisation_id: organisation?.id ?? null },
    event: { kind: 'assigned', status: report.status, isPublic: organisation !== null, organisationId: organisation?.id ?? null },
    audit: { action: 'reports.report_assigned', before: { organisationId: report.assigned_organisation_id }, after: { organisationId: organisation?.id ?? null } },
  };
}

/** Tells the staff of the organisation a report was assigned to, by e-mail (in Swedish, the staff's working language). */
async function mailAssignees(ctx: AppContext, tx: Transaction, kommun: Kommun, organisation: Organisation, reports: readonly ReportRow[]): Promise<void> {
  if (reports.length === 0) return;
  const t = ctx.registry.messages.translator('sv');
  const base = `${publicBaseUrl(ctx)}/${kommun.slug}/admin/rapporter`;
  const list = reports.map((r) => `${formatReference(r.reference)}: ${base}/${r.id}`).join('\n');
  for (const person of await listStaffAddressesOf(tx.trx, organisation.id)) {
    await queueMail(ctx, tx, {
      kommunId: kommun.id,
      organisationId: organisation.id,
      to: person.email,
      subject: t('reports.staff.mail.assignedSubject', { n: String(reports.length), organisation: organisation.name }),
      text: `${t('reports.staff.mail.assignedIntro', { name: person.name, organisation: organisation.name })}\n\n${list}\n`,
    });
  }
}

export async function assignReport(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { organisationId?: string | undefined }, expectedVersion: number, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'assign', expectedVersion);
  const organisation = input.organisationId ? await assignableOrganisation(ctx, kommun, input.organisationId) : null;
  if ((organisation?.id ?? null) === report.assigned_organisation_id) return;
  await inTransaction(ctx, async (tx) => {
    await applyChange(ctx, tx, actor, kommun, report, assignmentChange(report, organisation), now);
    if (organisation) await mailAssignees(ctx, tx, kommun, organisation, [report]);
  });
}

export async function linkReportToActivity(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { activityId?: string | undefined }, expectedVersion: number, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'assign', expectedVersion);
  const activity = input.activityId ? await findActivityLinkTarget(ctx, kommun.id, input.activityId) : undefined;
  if (input.activityId && !activity) throw new ValidationError({ activityId: 'validation.chooseOne' });
  await inTransaction(ctx, (tx) =>
    applyChange(
      ctx,
      tx,
      actor,
      kommun,
      report,
      {
        patch: { activity_id: activity?.id ?? null },
        event: { kind: 'linked', status: report.status, isPublic: activity !== undefined && activity.publicPath !== null },
        audit: { action: 'reports.report_linked', before: { activityId: report.activity_id }, after: { activityId: activity?.id ?? null } },
      },
      now,
    ),
  );
}

/**
 * Another report (by its reference) says the same: this one is closed as its duplicate, and its
 * "me too" count (plus its own reporter) moves to the other, which is what lists weigh.
 */
export async function markDuplicate(ctx: AppContext, actor: Actor, kommun: Kommun, id: string, input: { reference: string }, expectedVersion: number, now = new Date()): Promise<void> {
  const report = await reportToChange(ctx, actor, kommun, id, 'assign', expectedVersion);
  const reference = normaliseReference(input.reference);
  const found = reference ? await findReportByReference(ctx.db, kommun.id, reference) : undefined;
  const original = found ? await findReportForReader(ctx.db, reportReader(actor, kommun.id), found.id) : undefined;
  if (!original) throw new ValidationError({ reference: 'reports.staff.duplicate.notFound' });
  if (original.id === report.id || original.duplicate_of_id === report.id) throw new ValidationError({ reference: 'reports.staff.duplicate.self' });
  const nowIso = now.toISOString();
  const change = statusChange(report, 'duplicate', '', nowIso, { duplicate_of_id: original.id });
  await inTransaction(ctx, async (tx) => {
    await applyChange(ctx, tx, actor, kommun, report, { ...change, event: { ...change.event, kind: 'merged' }, audit: { action: 'reports.report_marked_duplicate', before: { status: report.status }, after: { status: 'duplicate', duplicateOf: original.id } } }, now);
    await addSupporters(tx.trx, kommun.id, original.id, report.supporters + 1, nowIso);
  });
}

export type BulkAction = { action: 'status'; status: ReportStatus } | { action: 'assign'; organisationId: string } | { action: 'publish' };

/**
 * One action on many reports in one transaction, one history entry and audit row per report.
 * Every report must be within reach and allowed, or nothing changes (not found / forbidden).
 * Publishing in bulk hides the texts: nobody has read them one by one.
 */
export async function bulkHandleReports(ctx: AppContext, actor: Actor, kommun: Kommun, ids: readonly string[], action: BulkAction, now = new Date()): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ValidationError({ ids: 'reports.staff.bulk.noneChosen' });
  const reader: ReportReader = reportReader(actor, kommun.id);
  const reports = await findReportsForReader(ctx.db, reader, unique);
  if (reports.length !== unique.length) throw new NotFoundError();
  const allowed =
    action.action === 'publish' ? canModerateReports(actor, kommun.id) : action.action === 'assign' ? canIn(actor, kommun.id, 'reports.handle') : reports.every((r) => canHandleReport(actor, kommun.id, r.assigned_organisation_id));
  if (!allowed) throw new ForbiddenError();
  if (action.action === 'status' && action.status === 'duplicate') throw new ValidationError({ status: 'reports.staff.useDuplicateForm' });
  const organisation = action.action === 'assign' ? await assignableOrganisation(ctx, kommun, action.organisationId) : null;
  const nowIso = now.toISOString();
  let changed = 0;
  await inTransaction(ctx, async (tx) => {
    const assigned: ReportRow[] = [];
    for (const report of reports) {
      if (action.action === 'status') {
        if (report.status === action.status) continue;
        await applyChange(ctx, tx, actor, kommun, report, statusChange(report, action.status, '', nowIso), now);
      } else if (action.action === 'assign') {
        if (report.assigned_organisation_id === organisation!.id) continue;
        await applyChange(ctx, tx, actor, kommun, report, assignmentChange(report, organisation), now);
        assigned.push(report);
      } else {
        if (report.moderation === 'published') continue;
        await applyModeration(ctx, tx, actor, kommun, report, { decision: 'publish', publicDescription: null }, now);
      }
      changed += 1;
    }
    if (organisation) await mailAssignees(ctx, tx, kommun, organisation, assigned);
  });
  return changed;
}

/**
 * "It is not fixed": anyone reading a fixed report's public page (the reporter, asked by mail)
 * can say so. The report reopens as confirmed with a public history entry, and staff see it
 * in the queue again. Rate-limited per sender.
 */
export async function reportNotFixed(ctx: AppContext, kommun: Kommun, reference: string, clientKey: string, now = new Date()): Promise<ReportRow> {
  const normalised = normaliseReference(reference);
  const report = normalised ? await findReportByReference(ctx.db, kommun.id, normalised) : undefined;
  if (!report || report.moderation !== 'published') throw new NotFoundError();
  if (report.status !== 'fixed') throw new ValidationError({ _form: 'reports.staff.notFixed.notFixedState' });
  await consumeRateLimit(ctx, notFixedLimit, clientKey, now.getTime());
  const nowIso = now.toISOString();
  await inTransaction(ctx, async (tx) => {
    const updated = await updateReportAtVersion(tx.trx, kommun.id, report.id, report.version, { status: 'confirmed', closed_at: null, updated_at: nowIso });
    if (!updated) return;
    await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, kind: 'status', status: 'confirmed', is_public: true, body: '', actor_user_id: null, organisation_id: null, created_at: nowIso });
    await writeAudit(tx.trx, { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.report_reopened', entityType: 'report', entityId: report.id, before: { status: 'fixed' }, after: { status: 'confirmed' } }, nowIso);
    // A public state change like any other: whoever follows the report hears it is open again.
    await notifyReporter(ctx, tx, kommun, report, { status: 'confirmed' });
    tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_changed', { kommunId: kommun.id, reportId: report.id, moderation: report.moderation }));
  });
  return report;
}
