// The public pipeline of reporting: 1. where and what, 2. the details and photos (multipart),
// 3. the summary, and the send (with the abuse checks), plus "Change" and the thanks a caught bot
// gets. Handlers parse, call one service function and render; the steps carry the answers in
// the forms themselves, and photos wait as a signed draft's provisional files (report.photos.ts).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { isId, newId } from '../../platform/db/ids.js';
import { formatBytes, handleUploadError, readUploadForm, UploadTooLargeError } from '../../platform/files/index.js';
import { wantsJson } from '../../platform/http/error-handler.js';
import { TooManyRequestsError, ValidationError } from '../../platform/http/errors.js';
import { formValues, postedFields, type PostedFields } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { listPlaces } from '../../platform/places/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { activeCategoriesOf } from './report.categories.service.js';
import { reportSettingsOf } from './report.settings.js';
import { abuseFields, createPowChallenge, isHoneypotFilled, requireHumanOnSend, SenderNotConfirmed } from './report.abuse.js';
import { ReportConfirmPage, ReportThanksPage } from './report.abuse.views.js';
import { ReportDetailsPage, ReportReviewPage, ReportStartPage, type DetailsContext } from './report.form.views.js';
import { attachDraftPhotos, draftOf, listDraftPhotos, parsePosition, photoFields, takePhotosIntoDraft, withPhotoPosition, type DraftState } from './report.photos.js';
import { reportPaths } from './report.paths.js';
import { locationAndCategorySchema, reportLimits } from './report.schemas.js';
import { checkReportForm, chooseCategory, findNearbyReports, resolveLocation, submitReport, type Answers, type ResolvedLocation } from './report.service.js';
import type { ReportCategory } from './report.categories.js';

/** What the page helpers of a route need. */
export type Route = { request: FastifyRequest; reply: FastifyReply; kommun: Kommun };

export function registerReportFormRoutes(app: FastifyInstance, ctx: AppContext): void {
  showStart(app, ctx);
  showDetails(app, ctx);
  reviewReport(app, ctx);
  changeReport(app, ctx);
  sendReport(app, ctx);
  showThanks(app, ctx);
  serveChallenge(app, ctx);
}

/**
 * A fresh proof-of-work challenge as JSON, for a form whose challenge expired while it stood open
 * and for clients that post many reports (the bench): each challenge is good for one send.
 * Making one costs a random number and two hashes; nothing is stored until it is spent.
 */
function serveChallenge(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapportera/utmaning' }, async ({ request, reply, kommun }) => {
    request.cachePage = null;
    return reply.header('cache-control', 'no-store').send(createPowChallenge(ctx, new Date(), reportSettingsOf(kommun).spamWorkMax));
  });
}

const placeChoiceLimit = 500;
/** Where a sender caught by the honeypot is sent: thanks, and nothing stored. */
const thanksPath = 'rapportera/tack';
/**
 * The review reads one photo more than it keeps, so that choosing four gets a clear message
 * (and the first three kept) rather than a refused form; UPLOAD_MAX_REQUEST_BYTES caps the whole.
 */
const reviewUpload = { maxFiles: reportLimits.photos + 1, maxBytes: (reportLimits.photos + 1) * reportLimits.photoBytes + 1024 * 1024 };

function photoMaxBytes(ctx: AppContext): number {
  return Math.min(reportLimits.photoBytes, ctx.config.uploadMaxBytes);
}

/** Fields the pages carry themselves (photos, the abuse checks), not among the typed values. */
const ownFields = new Set<string>([...Object.values(photoFields), ...Object.values(abuseFields), '_csrf']);

function typedValues(fields: PostedFields): Record<string, string> {
  const values = formValues(fields);
  for (const name of ownFields) delete values[name];
  return values;
}

async function draftStateOf(ctx: AppContext, kommun: Kommun, fields: PostedFields): Promise<DraftState> {
  const draft = draftOf(ctx, kommun, fields);
  const photos = await listDraftPhotos(ctx, kommun, draft);
  const position = parsePosition(fields[photoFields.position]);
  return { draft: photos.length > 0 ? draft : null, photos, offeredPosition: position ? `${position.lat.toFixed(6)},${position.lon.toFixed(6)}` : null };
}



async function placeOptions(ctx: AppContext, kommunId: string) {
  const places = await listPlaces(ctx.db, kommunId, { limit: placeChoiceLimit });
  return places.map((p) => ({ id: p.id, name: p.name, lat: p.lat, lon: p.lon }));
}

async function sendStartPage(ctx: AppContext, route: Route, form: FormState, status: number): Promise<FastifyReply> {
  const [categories, places] = await Promise.all([activeCategoriesOf(ctx.db, route.kommun.id), placeOptions(ctx, route.kommun.id)]);
  return sendPage(route.request, route.reply, <ReportStartPage categories={categories} places={places} form={form} />, status);
}

const startQuery = z.object({ category: z.string().max(40).optional(), placeId: z.string().max(40).optional(), lat: z.string().max(30).optional(), lon: z.string().max(30).optional() });

function showStart(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapportera', query: startQuery }, async (route) => {
    // "Change place or category" comes back here with the first step's answers.
    const values = Object.fromEntries(Object.entries(route.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return sendStartPage(ctx, route, { values, errors: {} }, 200);
  });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The first step's answers, checked: the category, the place and the point. */
async function detailsContext(ctx: AppContext, kommun: Kommun, raw: Record<string, unknown>): Promise<DetailsContext> {
  const parsed = locationAndCategorySchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '_form')] ??= issue.message.startsWith('reports.') ? issue.message : 'validation.invalid';
    throw new ValidationError(fields);
  }
  const input = parsed.data;
  const errors: Record<string, string> = {};
  const category = await chooseCategory(ctx, kommun.id, input.category).catch((error: unknown) => {
    if (error instanceof ValidationError) Object.assign(errors, error.fields);
    else throw error;
    return undefined;
  });
  const location = await resolveLocation(ctx, kommun, input).catch((error: unknown) => {
    if (error instanceof ValidationError) Object.assign(errors, error.fields);
    else throw error;
    return undefined;
  });
  if (!category || !location) throw new ValidationError(errors);
  return describeDetails(raw, category, location, await findNearbyReports(ctx, kommun, category.code, location.point));
}

/** What steps 2 and 3 say about the first step's answers, once they are checked. */
function describeDetails(raw: Record<string, unknown>, category: ReportCategory, location: ResolvedLocation, nearby: DetailsContext['nearby']): DetailsContext {
  const typedPoint = typeof raw.lat === 'string' && raw.lat.trim() !== '';
  const whereText = location.place && !typedPoint ? location.place.name : `${location.point.lat.toFixed(5)}, ${location.point.lon.toFixed(5)}${location.place ? ` (${location.place.name})` : ''}`;
  return { category, chosen: { category: category.code, placeId: text(raw.placeId), lat: text(raw.lat), lon: text(raw.lon) }, whereText, nearby };
}

/**
 * Step 2 again with what was typed and what is wrong; or step 1 when the first step's answers
 * (hidden fields) no longer hold, say a place deleted meanwhile or an edited form.
 */
async function sendDetailsOrStart(ctx: AppContext, route: Route, form: FormState, status: number, fields?: PostedFields, photos?: DraftState): Promise<FastifyReply> {
  const raw = fields ?? postedFields(route.request.method === 'GET' ? route.request.query : route.request.body);
  try {
    const details = await detailsContext(ctx, route.kommun, raw);
    const idempotencyKey = isId(form.values.idempotencyKey) ? form.values.idempotencyKey : newId();
    const state = photos ?? (await draftStateOf(ctx, route.kommun, raw));
    return sendPage(route.request, route.reply, <ReportDetailsPage details={details} form={{ ...form, idempotencyKey }} photos={state} photoMaxBytes={photoMaxBytes(ctx)} />, status);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return sendStartPage(ctx, route, { values: form.values, errors: error.fields }, 422);
  }
}

function showDetails(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'GET', url: '/:kommun/rapportera/detaljer', invalid: (route, form) => sendStartPage(ctx, route, form, 422) },
    async (route) => {
      const details = await detailsContext(ctx, route.kommun, postedFields(route.request.query));
      route.request.cachePage = null;
      return sendPage(route.request, route.reply, <ReportDetailsPage details={details} form={{ ...emptyForm, idempotencyKey: newId() }} photoMaxBytes={photoMaxBytes(ctx)} />);
    },
  );
}

function answersOf(body: unknown): Answers {
  const answers: Answers = {};
  for (const [name, value] of Object.entries(postedFields(body))) if (name.startsWith('answer.')) answers[name.slice('answer.'.length)] = value;
  return answers;
}

/**
 * A photo over the size limit stops the reading of the form (multipart.ts): step 2 is shown
 * again with what was read before the photos (the fields come first in the form) and the limit.
 */
function reviewUploadError(ctx: AppContext) {
  return async (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (!(error instanceof UploadTooLargeError) || !error.fieldsRead || !request.kommun || wantsJson(request)) return handleUploadError(error, request, reply);
    request.log.info({ code: error.code, status: error.status }, 'report photo refused for its size');
    const fields = error.fieldsRead;
    const route = { request, reply, kommun: request.kommun };
    const message = `${error.scope === 'file' ? 'reports.photos.tooLarge' : 'reports.photos.tooLargeTogether'}|${formatBytes(error.limitBytes, request.locale)}`;
    return sendDetailsOrStart(ctx, route, { values: typedValues(fields), errors: { [photoFields.files]: message } }, 413, fields);
  };
}

/**
 * Step 2 sent (multipart, with photos): everything checked at once. Photos that pass are kept
 * in the draft even when something else must be corrected; the summary carries the draft.
 */
function reviewReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/rapportera/granska', upload: reviewUpload, errorHandler: reviewUploadError(ctx) }, async (route) => {
    const { request, reply, kommun } = route;
    const form = await readUploadForm(request, reply, ctx);
    const fields = form.fields;
    const now = new Date();
    // A bot's photos are not kept; it gets the summary like anyone, and its send is dropped.
    const photos = isHoneypotFilled(fields)
      ? { draft: null, photos: [], offeredPosition: null, errors: {} }
      : await takePhotosIntoDraft(ctx, kommun, { fields, uploads: form.files[photoFields.files] ?? [], maxBytes: photoMaxBytes(ctx), locale: request.locale, clientKey: request.ip }, now);
    const answers = answersOf(fields);
    let checked: Awaited<ReturnType<typeof checkReportForm>> | undefined;
    let errors: Record<string, string> = {};
    try {
      checked = await checkReportForm(ctx, kommun, fields, { answers }, now);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = { ...error.fields };
    }
    errors = { ...errors, ...photos.errors };
    if (!checked || Object.keys(errors).length > 0) return sendDetailsOrStart(ctx, route, { values: formValues(fields), errors }, 422, fields, photos);
    // The summary names the place and category the form check already found; it offers no
    // nearby reports, so nothing is read again.
    const details = describeDetails(fields, checked.category, checked.location, []);
    const values = typedValues(fields);
    delete values.idempotencyKey;
    return sendPage(
      request,
      reply,
      <ReportReviewPage
        review={{
          details,
          values,
          answers: checked.answers,
          idempotencyKey: checked.input.idempotencyKey ?? newId(),
          whenParts: checked.when.parts,
          whenDays: checked.when.days,
          photos,
          usePhotoPosition: fields[photoFields.usePosition] === '1',
          challenge: createPowChallenge(ctx, now, reportSettingsOf(kommun).spamWorkMax),
        }}
      />,
    );
  });
}

/** "Change" on the summary: step 2 again, filled in. */
function changeReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/rapportera/andra' }, async (route) => sendDetailsOrStart(ctx, route, { values: formValues(route.request.body), errors: {} }, 200));
}

/**
 * The send. In order: the honeypot (a bot is thanked and nothing is stored); then submitReport,
 * which answers a second POST of a sent form (a double click) with its report, checks the form
 * (step 2 again with what to correct), asks for the proof of work or else the page that asks
 * to confirm once more (every value kept), counts the rate limit (step 2 again with what was
 * typed) and stores the report with its photos in one transaction.
 */
function sendReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/rapportera', invalid: (route, form) => sendDetailsOrStart(ctx, route, { values: typedValues(postedFields(route.request.body)), errors: form.errors }, 422) },
    async (route) => {
      const { request, reply, kommun } = route;
      const fields = postedFields(request.body);
      if (isHoneypotFilled(fields)) {
        request.log.info({ kommun: kommun.slug }, 'report honeypot filled in: thanked, nothing stored');
        return reply.redirect(`/${kommun.slug}/${thanksPath}`, 303);
      }
      const now = new Date();
      const body = withPhotoPosition(fields);
      const draft = draftOf(ctx, kommun, fields);
      try {
        const outcome = await submitReport(ctx, kommun, body, {
          source: 'web',
          locale: request.locale,
          clientKey: request.ip,
          answers: answersOf(body),
          // Checked after the form (a form that cannot be sent is answered with what to correct)
          // and after a double click's second POST, which goes to the first report: its proof of
          // work is spent.
          beforeStore: () => requireHumanOnSend(ctx, fields, now),
          withReport: async (trx, reportId, at) => {
            await attachDraftPhotos(trx, kommun, draft, reportId, at);
          },
          now,
        });
        setFlash(reply, request, 'reports.receipt.flash');
        return await reply.redirect(`/${kommun.slug}/${reportPaths.report(outcome.reference)}?mottagen=1`, 303);
      } catch (error) {
        if (error instanceof SenderNotConfirmed) {
          const { confirmation, problem } = error.check;
          const carried = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== '_csrf' && !Object.values(abuseFields).includes(name as never)));
          return sendPage(request, reply, <ReportConfirmPage fields={carried} confirmation={confirmation} challenge={createPowChallenge(ctx, now, reportSettingsOf(kommun).spamWorkMax)} problem={problem} />, problem ? 422 : 200);
        }
        if (!(error instanceof TooManyRequestsError)) throw error;
        reply.header('retry-after', String(error.retryAfterSeconds));
        return sendDetailsOrStart(ctx, route, { values: typedValues(fields), errors: { _form: 'reports.abuse.tooMany' } }, 429, fields);
      }
    },
  );
}

function showThanks(app: FastifyInstance, ctx: AppContext): void {
  void ctx;
  kommunRoute(app, { method: 'GET', url: `/:kommun/${thanksPath}` }, async ({ request, reply }) => sendPage(request, reply, <ReportThanksPage />));
}
