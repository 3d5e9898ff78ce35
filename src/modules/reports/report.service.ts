// Use cases of the public side of reports: submitting one, saying "me too", reading one by its
// reference, the public list and the nearby reports offered while reporting. Each checks what
// needs the kommun (its categories, boundary and places) and the clock; the shape was checked by
// report.schemas.ts at the edge. A submission and everything it records (history, audit row,
// the reporter's request for updates) share one transaction: refused means nothing is stored.
import { hmac } from '../../platform/auth/tokens.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { writeAudit } from '../../platform/audit/index.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { consumeRateLimit, type RateLimit } from '../../platform/http/rate-limit.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { findPlacePoint, type PlacePoint } from '../../platform/places/index.js';
import { allowSubscriptionRequest, queueSubscriptionRequest } from '../../platform/subscriptions/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { categoryName, type CategoryQuestion, type ReportCategory } from './report.categories.js';
import { activeCategoriesOf, allCategoriesOf } from './report.categories.service.js';
import { boxAround, distanceMetres, h3CellOf, isValidPoint, locateInKommun, roundToGrid, type Point } from './report.location.js';
import { formatReference, newReference, normaliseReference } from './report.reference.js';
import {
  findReportByIdempotencyKey,
  findReportByReference,
  hasSupportFrom,
  insertReport,
  insertReportEvent,
  insertSupport,
  isClientBlocked,
  listPublicEvents,
  listPublishedNear,
  listPublishedReports,
  type PublicReportFilter,
  type ReportCursor,
  type ReportEventRow,
  type ReportRow,
} from './report.repository.js';
import { parseReportFields, reportLimits, type LocationAndCategory, type ReportFormInput, type SupportFormInput } from './report.schemas.js';
import { reportSettingsOf } from './report.settings.js';
import { statusesOfKind } from './report.states.js';
import type { ReportModeration, ReportSource } from './report.tables.js';
import { allDays, allParts, maskOfDays, maskOfParts, type DayPart } from './report.when.js';

export const reportEvents = ['reports.report_submitted', 'reports.report_published', 'reports.report_changed'] as const;

export interface ReportSubmittedEvent {
  kommunId: string;
  reportId: string;
  moderation: ReportModeration;
}

/** Per sender (network address or Open311 client), shared by every app instance. */
export const reportSubmitLimit: RateLimit = { name: 'report-submit', max: 30, windowSeconds: 3600 };
export const reportSupportLimit: RateLimit = { name: 'report-support', max: 60, windowSeconds: 3600 };

export type Answers = Record<string, string | string[]>;

export interface SubmitMeta {
  source: ReportSource;
  locale: Locale;
  /** Who sends, for rate limits and blocking: a network address, or `open311:<client id>`. */
  clientKey: string;
  open311ClientId?: string | null;
  /** Answers to the category's extra questions, by question code, as sent. */
  answers: Answers;
  /** The field names errors are reported under for the answers (the form's `answer.<code>`, Open311's `attribute[<code>]`). */
  answerField?: (code: string) => string;
  /**
   * Runs once the form has passed its checks, before anything is counted or stored: the form's
   * check of its sender. What it returns runs in the report's transaction once the report is
   * inserted (spending the sender's proof of work with the report it let through).
   */
  beforeStore?: () => Promise<((trx: Db) => Promise<void>) | void>;
  /** Runs in the report's transaction once it is inserted: what the report takes with it (its photos). */
  withReport?: (trx: Db, reportId: string, now: Date) => Promise<void>;
  now?: Date;
}

export interface SubmitOutcome {
  id: string;
  reference: string;
  /** False when the same form had been sent before (a double click): the first report is answered. */
  created: boolean;
  moderation: ReportModeration;
}

export function clientHashOf(ctx: AppContext, clientKey: string): string {
  return hmac(ctx.config.sessionSecret, `report-client:${clientKey}`);
}

/** The category a resident chose, among the kommun's active ones; else a field error. */
export async function chooseCategory(ctx: AppContext, kommunId: string, code: string): Promise<ReportCategory> {
  const category = (await activeCategoriesOf(ctx.db, kommunId)).find((c) => c.code === code);
  if (!category) throw new ValidationError({ category: 'reports.form.categoryRequired' });
  return category;
}

export interface ResolvedLocation {
  point: Point;
  place: PlacePoint | null;
}

/**
 * Where the report is: typed coordinates (or the map's), else the named place's position. The
 * point must lie in the kommun (when its boundary is known), and a named place must be its own.
 */
export async function resolveLocation(ctx: AppContext, kommun: Kommun, input: Partial<Pick<LocationAndCategory, 'placeId' | 'lat' | 'lon'>>): Promise<ResolvedLocation> {
  const errors: FieldErrors = {};
  let place: PlacePoint | null = null;
  if (input.placeId) {
    place = (await findPlacePoint(ctx.db, kommun.id, input.placeId)) ?? null;
    if (!place) errors.placeId = 'validation.chooseOne';
  }
  let point: Point | null = null;
  if (input.lat !== undefined || input.lon !== undefined) {
    if (input.lat === undefined) errors.lat = 'reports.form.coordinateMissing';
    else if (input.lon === undefined) errors.lon = 'reports.form.coordinateMissing';
    else if (!isValidPoint({ lat: input.lat, lon: input.lon })) errors.lat = 'reports.form.coordinateInvalid';
    else {
      point = { lat: input.lat, lon: input.lon };
      if ((await locateInKommun(ctx, kommun, point)) === 'outside') errors.lat = 'reports.form.outsideKommun';
    }
  } else if (place) {
    point = { lat: place.lat, lon: place.lon };
  } else if (!errors.placeId) {
    errors.placeId = 'reports.form.locationRequired';
  }
  if (Object.keys(errors).length > 0 || !point) throw new ValidationError(errors);
  return { point, place };
}

/** Parts of the day and days as bits; "always" is every bit, no day ticked is every day. */
export function whenOf(input: { when: readonly (DayPart | 'always')[]; days: readonly Parameters<typeof maskOfDays>[0][number][] }): { parts: number; days: number } {
  if (input.when.includes('always')) return { parts: allParts, days: allDays };
  const parts = maskOfParts(input.when.filter((w): w is DayPart => w !== 'always'));
  if (parts === 0) throw new ValidationError({ when: 'reports.form.whenRequired' });
  const days = maskOfDays(input.days);
  return { parts, days: days === 0 ? allDays : days };
}

/** "The last time it happened": a real calendar date, not in the future, not years ago. */
export function checkObservedOn(value: string | undefined, now: Date): string | null {
  if (!value) return null;
  const date = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new ValidationError({ observedOn: 'reports.form.dateInvalid' });
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const earliest = new Date(now.getTime() - reportLimits.observedYears * 365.25 * 86_400_000).toISOString().slice(0, 10);
  if (value > tomorrow) throw new ValidationError({ observedOn: 'reports.form.dateInFuture' });
  if (value < earliest) throw new ValidationError({ observedOn: 'reports.form.dateTooOld' });
  return value;
}

/** Checks the answers against the category's questions; keeps only answers to its questions. */
export function checkAnswers(questions: readonly CategoryQuestion[], raw: Answers, fieldOf: (code: string) => string): Answers {
  const errors: FieldErrors = {};
  const answers: Answers = {};
  for (const question of questions) {
    const value = raw[question.code];
    const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => v.trim()).filter((v) => v !== '');
    const field = fieldOf(question.code);
    if (values.length === 0) {
      if (question.required) errors[field] = 'validation.required';
      continue;
    }
    if (values.some((v) => v.length > 500)) {
      errors[field] = 'validation.tooLong|500';
      continue;
    }
    switch (question.datatype) {
      case 'singlevaluelist':
      case 'multivaluelist': {
        const keys = new Set(question.values.map((v) => v.key));
        if (values.some((v) => !keys.has(v)) || (question.datatype === 'singlevaluelist' && values.length > 1)) errors[field] = 'validation.chooseOne';
        else answers[question.code] = question.datatype === 'multivaluelist' ? [...new Set(values)] : values[0]!;
        break;
      }
      case 'number': {
        const number = Number(values[0]!.replace(',', '.'));
        if (values.length > 1 || !Number.isFinite(number)) errors[field] = 'reports.form.numberInvalid';
        else answers[question.code] = String(number);
        break;
      }
      case 'datetime': {
        if (values.length > 1 || Number.isNaN(Date.parse(values[0]!))) errors[field] = 'reports.form.dateInvalid';
        else answers[question.code] = values[0]!;
        break;
      }
      case 'string':
      case 'text':
        if (values.length > 1) errors[field] = 'validation.invalid';
        else answers[question.code] = values[0]!;
        break;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return answers;
}

/**
 * Everything in a report form that can be refused, checked together, so the person sees every
 * error at once: each field's shape (parseReportFields), then what needs the kommun and the clock
 * for every field that parsed.
 */
export async function checkReportForm(ctx: AppContext, kommun: Kommun, body: unknown, meta: Pick<SubmitMeta, 'answers' | 'answerField'>, now: Date) {
  const { data, errors } = parseReportFields(body);
  const collect = async <T,>(check: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const [field, message] of Object.entries(error.fields)) errors[field] ??= message;
      return undefined;
    }
  };
  const category = data.category !== undefined ? await collect(() => chooseCategory(ctx, kommun.id, data.category!)) : undefined;
  const location = errors.placeId || errors.lat || errors.lon ? undefined : await collect(() => resolveLocation(ctx, kommun, data));
  const when = errors.when || errors.days ? undefined : await collect(() => whenOf({ when: data.when ?? [], days: data.days ?? [] }));
  const observedOn = errors.observedOn ? undefined : await collect(() => checkObservedOn(data.observedOn, now));
  const answers = category ? await collect(() => checkAnswers(category.questions, meta.answers, meta.answerField ?? ((code) => `answer.${code}`))) : {};
  if (Object.keys(errors).length > 0 || !category || !location || !when || observedOn === undefined || !answers) throw new ValidationError(errors);
  // Every field parsed (no error above), so the parts make the whole input.
  const input = data as ReportFormInput;
  return { input, category, location, when, observedOn, answers };
}

/**
 * Records a resident's report. Checked whole before anything is written; stored in one
 * transaction with its first history entry, its audit row and, when an address was given, the
 * request for updates (double opt-in: the address is mailed a confirmation link). A report from
 * a blocked sender is accepted like any other but quarantined, out of every public view. The
 * form's one-time key makes a second POST of the same form answer the first report.
 */
export async function submitReport(ctx: AppContext, kommun: Kommun, body: unknown, meta: SubmitMeta): Promise<SubmitOutcome> {
  const now = meta.now ?? new Date();
  const checked = await checkReportForm(ctx, kommun, body, meta, now);
  const input = checked.input;
  // The sender's proof of work is spent with the report, after it is inserted: the same form sent
  // again (a double click, a reload) meets the first report's one-time key there and is answered
  // with the first report (below), without a look-up before every report.
  const spendWithReport = await meta.beforeStore?.();
  const clientHash = clientHashOf(ctx, meta.clientKey);
  const blocked = await isClientBlocked(ctx.db, kommun.id, clientHash);
  const settings = reportSettingsOf(kommun);
  const { category, location, when, observedOn, answers } = checked;
  const moderation: ReportModeration = blocked ? 'quarantined' : category.publishAtOnce ? 'published' : 'pending';
  const publicPoint = moderation === 'published' ? (category.sensitive ? roundToGrid(location.point, settings.sensitiveGridMetres) : location.point) : null;
  const id = newId(now.getTime());
  const nowIso = now.toISOString();
  // 32^8 ≈ 10^12 references: a clash with an existing one is rare enough to be answered by the
  // unique index and one more try (below), instead of a look-up before every report.
  let reference = newReference();

  const insert = () =>
    inTransaction(ctx, async (tx) => {
      // The limits are counted with the report, in its transaction: one commit per report, and a
      // report refused for being one too many leaves nothing behind. The sender's limit is counted
      // after the insert, so that a double click's second POST meets the first report's one-time
      // key (and is answered with it) before it could be refused as one too many.
      const wantsUpdates = input.email ? await allowSubscriptionRequest(ctx, input.email, now, tx.trx) : false;
      await insertReport(tx.trx, {
        id,
        kommun_id: kommun.id,
        reference,
        category_code: category.code,
        status: 'new',
        moderation,
        lat: location.point.lat,
        lon: location.point.lon,
        public_lat: publicPoint?.lat ?? null,
        public_lon: publicPoint?.lon ?? null,
        h3_cell: h3CellOf(location.point),
        place_id: location.place?.id ?? null,
        location_text: input.locationText,
        when_parts: when.parts,
        when_days: when.days,
        observed_on: observedOn,
        description: input.description,
        // Published at once, the text stays hidden until staff have read it.
        public_description: null,
        answers_json: JSON.stringify(answers),
        supporters: 0,
        assigned_organisation_id: null,
        duplicate_of_id: null,
        activity_id: null,
        source: meta.source,
        open311_client_id: meta.open311ClientId ?? null,
        idempotency_key: input.idempotencyKey ?? null,
        client_hash: clientHash,
        has_contact: wantsUpdates,
        locale: meta.locale,
        created_at: nowIso,
        updated_at: nowIso,
        published_at: moderation === 'published' ? nowIso : null,
        closed_at: null,
        fixed_question_at: null,
        contact_deleted_at: null,
      });
      await consumeRateLimit(ctx, reportSubmitLimit, meta.clientKey, now.getTime(), tx.trx);
      if (spendWithReport) await spendWithReport(tx.trx);
      await insertReportEvent(tx.trx, { id: newId(now.getTime()), report_id: id, kommun_id: kommun.id, kind: 'submitted', status: 'new', is_public: true, body: '', actor_user_id: null, organisation_id: null, created_at: nowIso });
      await meta.withReport?.(tx.trx, id, now);
      await writeAudit(
        tx.trx,
        { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.report_submitted', entityType: 'report', entityId: id, after: { reference, category: category.code, moderation, source: meta.source } },
        nowIso,
      );
      if (wantsUpdates && input.email) {
        const t = ctx.registry.messages.translator(meta.locale);
        await queueSubscriptionRequest(
          ctx,
          tx,
          {
            kommunId: kommun.id,
            topic: reportTopic(id),
            email: input.email,
            locale: meta.locale,
            topicTitle: t('reports.subscriptionTitle', { reference: formatReference(reference), category: categoryName(category, meta.locale) }),
            topicUrl: `/${kommun.slug}/rapporter/${reference}`,
          },
          now,
        );
      }
      tx.afterCommit(() => ctx.events.emit<ReportSubmittedEvent>('reports.report_submitted', { kommunId: kommun.id, reportId: id, moderation }));
    });
  for (let attempt = 0; ; attempt += 1) {
    try {
      await insert();
      return { id, reference, created: true, moderation };
    } catch (error) {
      // Only a unique index's refusal is answered here; anything else (a limit, a refused photo
      // draft, a spent proof of work) goes to the caller, with nothing of this attempt kept.
      if (!isUniqueViolation(error)) throw error;
      // The same form sent again (a double click, a reload): its one-time key is taken, and the
      // first report is the answer. Nothing of this attempt was kept.
      if (input.idempotencyKey) {
        const earlier = await findReportByIdempotencyKey(ctx.db, kommun.id, input.idempotencyKey);
        if (earlier) return { id: earlier.id, reference: earlier.reference, created: false, moderation };
      }
      // Else a reference that happened to be taken: draw another, once or twice.
      if (attempt >= 2) throw error;
      reference = newReference();
    }
  }
}

/** The kernel subscription topic of a report's updates to its reporter. */
export function reportTopic(reportId: string): string {
  return `reports.report:${reportId}`;
}

/** The open, public reports of the category near a point, nearest first: offered as "me too". */
export async function findNearbyReports(ctx: AppContext, kommun: Kommun, categoryCode: string, point: Point): Promise<(ReportRow & { distance: number })[]> {
  const radius = reportSettingsOf(kommun).duplicateRadiusMetres;
  const rows = await listPublishedNear(ctx.db, kommun.id, categoryCode, boxAround(point, radius), statusesOfKind('open'), 200);
  return rows
    .map((row) => ({ ...row, distance: distanceMetres(point, { lat: row.lat, lon: row.lon }) }))
    .filter((row) => row.distance <= radius)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
    .slice(0, reportLimits.nearbyShown);
}

/**
 * "Me too": another resident finds the same place unsafe, at their own times. Only a public,
 * open report can be supported; one sender counts once per report (a second press is answered
 * as if it counted, so nobody learns who pressed before).
 */
export async function supportReport(ctx: AppContext, kommun: Kommun, reference: string, input: SupportFormInput, clientKey: string, now = new Date()): Promise<ReportRow> {
  const report = await findPublicReport(ctx, kommun, reference);
  if (!statusesOfKind('open').includes(report.status)) throw new ValidationError({ _form: 'reports.support.closed' });
  const when = whenOf(input);
  await consumeRateLimit(ctx, reportSupportLimit, clientKey, now.getTime());
  const clientHash = clientHashOf(ctx, clientKey);
  if (await hasSupportFrom(ctx.db, report.id, clientHash)) return report;
  const nowIso = now.toISOString();
  await inTransaction(ctx, async (tx) => {
    await insertSupport(tx.trx, { id: newId(now.getTime()), report_id: report.id, kommun_id: kommun.id, when_parts: when.parts, when_days: when.days, client_hash: clientHash, created_at: nowIso });
    await writeAudit(tx.trx, { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.report_supported', entityType: 'report', entityId: report.id, after: { parts: when.parts, days: when.days } }, nowIso);
  });
  return report;
}

/** A published report, by its reference; anything else (unknown, not yet moderated) is not found. */
export async function findPublicReport(ctx: AppContext, kommun: Kommun, reference: string): Promise<ReportRow> {
  const normalised = normaliseReference(reference);
  const row = normalised ? await findReportByReference(ctx.db, kommun.id, normalised) : undefined;
  if (!row || row.moderation !== 'published') throw new NotFoundError();
  return row;
}

export interface ReportForReader {
  report: ReportRow;
  /** False while the report awaits moderation (or was not published): only its state is shown. */
  isPublic: boolean;
  events: ReportEventRow[];
  category: ReportCategory | undefined;
}

/**
 * A report as its reference shows it: to anyone holding the reference, the state; once
 * published, the public parts and the public history. The reference is random (report.reference.ts),
 * so it works as the reporter's key without an account. Quarantined reports look pending.
 */
export async function readReportByReference(ctx: AppContext, kommun: Kommun, reference: string): Promise<ReportForReader> {
  const normalised = normaliseReference(reference);
  const report = normalised ? await findReportByReference(ctx.db, kommun.id, normalised) : undefined;
  if (!report) throw new NotFoundError();
  const isPublic = report.moderation === 'published';
  const [events, categories] = await Promise.all([isPublic ? listPublicEvents(ctx.db, report.id) : Promise.resolve([]), allCategoriesOf(ctx.db, kommun.id)]);
  return { report, isPublic, events, category: categories.find((c) => c.code === report.category_code) };
}

export async function listPublicReports(ctx: AppContext, kommun: Kommun, filter: PublicReportFilter, options: { limit: number; after?: ReportCursor | undefined }) {
  const rows = await listPublishedReports(ctx.db, kommun.id, filter, { limit: options.limit + 1, after: options.after });
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}
