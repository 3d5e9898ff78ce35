// Open311 GeoReport v2 over the reports: the kommun's categories as services, their extra
// questions as attributes, a posted request as a report (through submitReport, the same checks
// and transaction as the web form), and the public reading of published reports and their
// public history. Refusals are Open311Errors: an HTTP status and every problem found, each a
// message key the route translates. What is read is only what the public may see anywhere else.
import { hashToken } from '../../platform/auth/tokens.js';
import type { AppContext } from '../../platform/context.js';
import { TooManyRequestsError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { consumeRateLimit, refuseWhenRateLimited, type RateLimit } from '../../platform/http/rate-limit.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { findPlaceById, findPlaceBySlug, type Place } from '../../platform/places/index.js';
import { slugify } from '../../platform/validation/slug.js';
import { findKommunBySlug, listKommuner, type Kommun } from '../../platform/tenants/index.js';
import type { ReportCategory } from './report.categories.js';
import { activeCategoriesOf, allCategoriesOf } from './report.categories.service.js';
import { normaliseReference } from './report.reference.js';
import { reportLimits } from './report.schemas.js';
import { checkReportForm, submitReport, type Answers } from './report.service.js';
import { statusesOfKind } from './report.states.js';
import { dayParts, weekDays } from './report.when.js';
import {
  findLiveOpen311Client,
  findPublicRequest,
  findReferenceInKommun,
  listPublicEventsOf,
  listPublicRequests,
  listPublicUpdates,
  touchOpen311Client,
  type PublicEventRow,
  type PublicRequestRow,
  type RequestFilter,
} from './open311.repository.js';
import type { Open311Attribute, Open311Object, RequestExtras } from './open311.presenter.js';
import { requestItem } from './open311.presenter.js';

/** One problem, as a message key with its parameters; `param` names the argument at fault. */
export interface Open311Issue {
  key: string;
  params?: Record<string, string | number>;
  param?: string;
}

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly issues: readonly Open311Issue[],
  ) {
    super(`open311 ${status}`);
  }
}

export const open311Limits = {
  /** The spec's default page: 1,000 requests; the page_size extension may ask for fewer. */
  pageSize: 1000,
  /** Deeper than this, offset paging gets slow at a million reports: narrow the dates instead. */
  maxOffset: 10_000,
  windowDays: 90,
  ids: 200,
  serviceCodes: 50,
  attributes: 50,
  apiKey: 200,
} as const;

/** Failed keys per network address, across instances: guessing a key gets nowhere. */
export const open311KeyFailureLimit: RateLimit = { name: 'open311-key-failure', max: 20, windowSeconds: 3600 };

/** Arguments as Fastify parsed them: a text, or a list for a repeated argument. */
export type Arguments = Record<string, unknown>;

/** An argument's text; empty counts as absent (the spec's rule); a repeated one is joined by commas. */
export function argument(args: Arguments, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join(',') : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The kommun a call is about. jurisdiction_id is its slug: required when the platform hosts
 * several kommuner, optional with one (then it must still name that one if given).
 */
export async function findJurisdiction(ctx: AppContext, jurisdictionId: string | undefined): Promise<Kommun> {
  if (jurisdictionId !== undefined) {
    const kommun = /^[a-z0-9-]{1,60}$/.test(jurisdictionId) ? await findKommunBySlug(ctx.db, jurisdictionId) : undefined;
    if (!kommun) throw new Open311Error(404, [{ key: 'open311.error.jurisdictionNotFound', param: 'jurisdiction_id' }]);
    return kommun;
  }
  const kommuner = await listKommuner(ctx.db);
  if (kommuner.length === 1) return kommuner[0]!;
  throw new Open311Error(400, [{ key: kommuner.length === 0 ? 'open311.error.jurisdictionNotFound' : 'open311.error.jurisdictionRequired', param: 'jurisdiction_id' }]);
}

export async function listServices(ctx: AppContext, kommun: Kommun): Promise<ReportCategory[]> {
  return activeCategoriesOf(ctx.db, kommun.id);
}

async function activeCategory(ctx: AppContext, kommun: Kommun, code: string): Promise<ReportCategory> {
  const category = (await activeCategoriesOf(ctx.db, kommun.id)).find((c) => c.code === code);
  if (!category) throw new Open311Error(404, [{ key: 'open311.error.serviceNotFound', params: { code }, param: 'service_code' }]);
  return category;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * The category's questions as attributes, in Swedish, then two of our own that every category
 * takes: when the place feels unsafe (`when`) and on which days (`days`). Both are optional; a
 * request without them is taken as "always".
 */
export async function describeService(ctx: AppContext, kommun: Kommun, code: string, t: Translate): Promise<{ code: string; attributes: Open311Attribute[] }> {
  const category = await activeCategory(ctx, kommun, code);
  const attributes: Open311Attribute[] = category.questions.map((q) => ({
    code: q.code,
    datatype: q.datatype,
    required: q.required,
    datatypeDescription: q.hint.sv,
    description: q.label.sv,
    values: q.values.map((v) => ({ key: v.key, name: v.name.sv })),
  }));
  attributes.push(
    {
      code: 'when',
      datatype: 'multivaluelist',
      required: false,
      datatypeDescription: t('open311.attribute.whenHint'),
      description: t('open311.attribute.when'),
      values: [...dayParts, 'always'].map((key) => ({ key, name: t(`open311.attribute.when.${key}`) })),
    },
    {
      code: 'days',
      datatype: 'multivaluelist',
      required: false,
      datatypeDescription: t('open311.attribute.daysHint'),
      description: t('open311.attribute.days'),
      values: weekDays.map((key) => ({ key, name: t(`open311.attribute.days.${key}`) })),
    },
  );
  return { code: category.code, attributes };
}

/** `attribute[code]=v` and `attribute[code][]=v`, as answers by code (never onto a prototype). */
export function attributesOf(body: Arguments): { answers: Answers; tooMany: boolean } {
  const answers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(body)) {
    const match = /^attribute\[([^\]]{1,60})\](\[\])?$/.exec(name);
    if (!match) continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    answers.set(match[1]!, [...(answers.get(match[1]!) ?? []), ...values]);
  }
  const entries = [...answers].map(([code, values]): [string, string | string[]] => [code, values.length === 1 ? values[0]! : values]);
  return { answers: Object.fromEntries(entries) as Answers, tooMany: entries.length > open311Limits.attributes };
}

const listOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The Open311 argument a field of the report form came from. */
function open311Param(field: string): string {
  switch (field) {
    case 'category':
      return 'service_code';
    case 'lat':
      return 'lat';
    case 'lon':
      return 'long';
    case 'placeId':
    case 'locationText':
      return 'address_string';
    case 'when':
      return 'attribute[when]';
    case 'days':
      return 'attribute[days]';
    case '_form':
      return 'request';
    default:
      return field;
  }
}

function issuesOf(fields: FieldErrors, serviceCode: string | undefined): Open311Issue[] {
  return Object.entries(fields).map(([field, message]): Open311Issue => {
    // The form's "choose a category" reads, to a client that sent a code, as an unknown service.
    if (field === 'category' && serviceCode !== undefined) return { key: 'open311.error.serviceNotFound', params: { code: serviceCode }, param: 'service_code' };
    const [key, n] = message.split('|');
    return { key: key ?? message, params: n === undefined ? {} : { n }, param: open311Param(field) };
  });
}

/** A named place whose name (or slug) is exactly what the client sent as address_string. */
async function placeNamed(ctx: AppContext, kommun: Kommun, address: string): Promise<Place | undefined> {
  const slug = slugify(address, 120, '');
  if (!slug) return undefined;
  const place = await findPlaceBySlug(ctx.db, kommun.id, slug);
  return place && (place.name.trim().toLowerCase() === address.toLowerCase() || place.slug === address.toLowerCase()) ? place : undefined;
}

export interface PostedRequest {
  reference: string;
  notice: string;
}

/**
 * Finds the client the api_key names, for this kommun. Failed keys count per network address
 * (shared by every instance), and an address past its budget is refused before its key is
 * looked up, so a right guess does not get through either.
 */
async function authenticateClient(ctx: AppContext, kommun: Kommun, apiKey: string | undefined, ip: string, now: Date): Promise<{ id: string }> {
  if (apiKey === undefined) throw new Open311Error(403, [{ key: 'open311.error.apiKeyMissing', param: 'api_key' }]);
  await refuseWhenRateLimited(ctx, open311KeyFailureLimit, ip, now.getTime()).catch((error: unknown) => {
    if (error instanceof TooManyRequestsError) throw new Open311Error(429, [{ key: 'open311.error.tooManyKeys', param: 'api_key' }]);
    throw error;
  });
  const client = apiKey.length <= open311Limits.apiKey ? await findLiveOpen311Client(ctx.db, hashToken(apiKey)) : undefined;
  if (!client || client.kommun_id !== kommun.id) {
    await consumeRateLimit(ctx, open311KeyFailureLimit, ip, now.getTime()).catch((error: unknown) => {
      if (!(error instanceof TooManyRequestsError)) throw error;
    });
    throw new Open311Error(403, [{ key: 'open311.error.apiKeyInvalid', param: 'api_key' }]);
  }
  // A use a minute is enough to tell administrators a key is alive.
  if (client.last_used_at === null || now.getTime() - Date.parse(String(client.last_used_at)) > 60_000) await touchOpen311Client(ctx.db, client.id, now.toISOString());
  return { id: client.id };
}

/**
 * POST requests: the client's key, then the request as the web form would send it, into
 * submitReport with the client as sender: the same checks, one transaction with its history and
 * audit row, the reporter's address (email) as the kernel's sealed subscription, the per-sender
 * rate limit (shared across instances) and quarantine for blocked clients. Names, phone numbers,
 * device ids and media URLs that clients may send are not kept: a report describes a place.
 */
export async function postRequest(ctx: AppContext, kommun: Kommun, body: Arguments, meta: { ip: string; locale: Locale; apiKey: string | undefined; now?: Date }): Promise<PostedRequest> {
  const now = meta.now ?? new Date();
  const client = await authenticateClient(ctx, kommun, meta.apiKey, meta.ip, now);

  const issues: Open311Issue[] = [];
  // Sent twice, a field would be read as one joined text ("59" and "5343" as 59,5343): refused.
  for (const name of ['service_code', 'lat', 'long', 'address_string', 'description', 'email']) {
    if (Array.isArray(body[name])) issues.push({ key: 'open311.error.repeated', param: name });
  }
  const serviceCode = argument(body, 'service_code');
  const lat = argument(body, 'lat');
  const long = argument(body, 'long');
  const address = argument(body, 'address_string');
  const description = typeof body.description === 'string' ? body.description : undefined;
  const email = argument(body, 'email');
  const { answers, tooMany } = attributesOf(body);
  if (serviceCode === undefined) issues.push({ key: 'open311.error.serviceCodeMissing', param: 'service_code' });
  if (tooMany) issues.push({ key: 'open311.error.tooManyAttributes', params: { n: open311Limits.attributes }, param: 'attribute' });
  if (address !== undefined && address.length > reportLimits.locationText) issues.push({ key: 'validation.tooLong', params: { n: reportLimits.locationText }, param: 'address_string' });
  const place = address !== undefined && address.length <= reportLimits.locationText ? await placeNamed(ctx, kommun, address) : undefined;
  if (lat === undefined && long === undefined && !place) {
    issues.push(address !== undefined || argument(body, 'address_id') !== undefined ? { key: 'open311.error.noGeocoder', param: 'address_string' } : { key: 'open311.error.locationMissing', param: 'lat' });
  }

  const form = {
    category: serviceCode ?? '',
    lat: lat ?? '',
    lon: long ?? '',
    placeId: place?.id ?? '',
    when: listOf(answers.when).length > 0 ? listOf(answers.when) : ['always'],
    days: listOf(answers.days),
    description: description ?? '',
    email: email ?? '',
    locationText: address ?? '',
  };
  if (issues.length > 0) {
    // The form's own checks run all the same, so the client learns every problem at once.
    throw new Open311Error(400, mergeIssues(issues, await formIssues(ctx, kommun, form, answers, serviceCode, now)));
  }
  try {
    const outcome = await submitReport(ctx, kommun, form, {
      source: 'open311',
      locale: meta.locale,
      clientKey: `open311:${client.id}`,
      open311ClientId: client.id,
      answers,
      answerField: (code) => `attribute[${code}]`,
      now,
    });
    const category = (await activeCategoriesOf(ctx.db, kommun.id)).find((c) => c.code === serviceCode);
    return { reference: outcome.reference, notice: category?.notice.sv ?? '' };
  } catch (error) {
    if (error instanceof ValidationError) throw new Open311Error(400, issuesOf(error.fields, serviceCode));
    if (error instanceof TooManyRequestsError) throw new Open311Error(429, [{ key: 'open311.error.tooManyRequests', params: { seconds: error.retryAfterSeconds } }]);
    throw error;
  }
}

/** What the report form's checks find in the request, beside the problems found already. */
async function formIssues(ctx: AppContext, kommun: Kommun, form: Record<string, unknown>, answers: Answers, serviceCode: string | undefined, now: Date): Promise<Open311Issue[]> {
  try {
    await checkReportForm(ctx, kommun, form, { answers, answerField: (code) => `attribute[${code}]` }, now);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const fields = { ...error.fields };
    // No location at all was reported already, under the argument the client missed.
    if (form.lat === '' && form.lon === '' && form.placeId === '') delete fields.placeId;
    return issuesOf(fields, serviceCode);
  }
}

function mergeIssues(first: readonly Open311Issue[], more: readonly Open311Issue[]): Open311Issue[] {
  const seen = new Set(first.map((i) => i.param));
  return [...first, ...more.filter((i) => !seen.has(i.param))];
}

// ---- reading ------------------------------------------------------------------------------

const datePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseDate(args: Arguments, name: string, issues: Open311Issue[]): number | undefined {
  const text = argument(args, name);
  if (text === undefined) return undefined;
  const time = datePattern.test(text) ? Date.parse(/T/.test(text) || text.length > 10 ? text : `${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || time < Date.UTC(1970, 0, 1) || time > Date.UTC(9999, 0, 1)) {
    issues.push({ key: 'open311.error.dateInvalid', param: name });
    return undefined;
  }
  return time;
}

/** The spec's default window (90 days back from the end), or the one asked for. */
function windowOf(args: Arguments, issues: Open311Issue[], now: Date): { from: string; to: string } | undefined {
  const start = parseDate(args, 'start_date', issues);
  const end = parseDate(args, 'end_date', issues);
  const span = open311Limits.windowDays * 86_400_000;
  const to = end ?? now.getTime();
  const from = start ?? to - span;
  if (from > to) {
    issues.push({ key: 'open311.error.dateOrder', param: 'start_date' });
    return undefined;
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function pageOf(args: Arguments, issues: Open311Issue[]): { limit: number; offset: number } {
  const whole = (name: string, min: number, max: number, fallback: number): number => {
    const text = argument(args, name);
    if (text === undefined) return fallback;
    const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      issues.push({ key: 'open311.error.numberRange', params: { min, max }, param: name });
      return fallback;
    }
    return n;
  };
  const size = whole('page_size', 1, open311Limits.pageSize, open311Limits.pageSize);
  const page = whole('page', 1, 1_000_000, 1);
  const offset = (page - 1) * size;
  if (offset > open311Limits.maxOffset) issues.push({ key: 'open311.error.pageTooDeep', params: { n: open311Limits.maxOffset }, param: 'page' });
  return { limit: size, offset };
}

function listArgument(args: Arguments, name: string): string[] | undefined {
  const text = argument(args, name);
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/** GET requests: the arguments checked together, then one page of published reports. */
export async function listRequests(ctx: AppContext, kommun: Kommun, args: Arguments, now = new Date()): Promise<Open311Object[]> {
  const issues: Open311Issue[] = [];
  const ids = listArgument(args, 'service_request_id');
  if (ids && ids.length > open311Limits.ids) issues.push({ key: 'open311.error.tooManyIds', params: { n: open311Limits.ids }, param: 'service_request_id' });
  const codes = listArgument(args, 'service_code');
  if (codes && codes.length > open311Limits.serviceCodes) issues.push({ key: 'open311.error.tooManyCodes', params: { n: open311Limits.serviceCodes }, param: 'service_code' });
  const statusWords = listArgument(args, 'status');
  if (statusWords?.some((s) => s !== 'open' && s !== 'closed')) issues.push({ key: 'open311.error.statusInvalid', param: 'status' });
  const window = windowOf(args, issues, now);
  const page = pageOf(args, issues);
  if (issues.length > 0 || !window) throw new Open311Error(400, issues);

  let filter: RequestFilter;
  if (ids) {
    // The spec: a list of ids overrides every other filter.
    filter = { references: ids.map(normaliseReference).filter((r): r is string => r !== null) };
  } else {
    const wanted = new Set(statusWords ?? []);
    const statuses = wanted.size === 0 || wanted.size === 2 ? undefined : wanted.has('open') ? statusesOfKind('open') : [...statusesOfKind('fixed'), ...statusesOfKind('closed')];
    filter = { categoryCodes: codes, statuses, from: window.from, to: window.to };
  }
  const rows = await listPublicRequests(ctx.db, kommun.id, filter, ids ? { limit: open311Limits.ids, offset: 0 } : page);
  return presentRequests(ctx, kommun, rows);
}

/** GET requests/{id}: one published report, as a list of one (the spec's shape). */
export async function findRequest(ctx: AppContext, kommun: Kommun, id: string): Promise<Open311Object[]> {
  const reference = normaliseReference(id);
  const row = reference ? await findPublicRequest(ctx.db, kommun.id, reference) : undefined;
  if (!row) throw new Open311Error(404, [{ key: 'open311.error.requestNotFound', param: 'service_request_id' }]);
  return presentRequests(ctx, kommun, [row]);
}

/**
 * GET tokens/{token}: our requests are realtime, so the token is the reference itself, known
 * only to the client that posted it. It answers from the moment the report is stored, before
 * moderation; what the report says is read through requests/{id} once it is published.
 */
export async function findToken(ctx: AppContext, kommun: Kommun, token: string): Promise<string> {
  const reference = normaliseReference(token);
  const found = reference ? await findReferenceInKommun(ctx.db, kommun.id, reference) : undefined;
  if (!found) throw new Open311Error(404, [{ key: 'open311.error.tokenNotFound', param: 'token' }]);
  return found;
}

/** mySociety's servicerequestupdates: public state changes and responses in a window. */
export async function listUpdates(ctx: AppContext, kommun: Kommun, args: Arguments, now = new Date()): Promise<PublicEventRow[]> {
  const issues: Open311Issue[] = [];
  const window = windowOf(args, issues, now);
  const page = pageOf(args, issues);
  if (issues.length > 0 || !window) throw new Open311Error(400, issues);
  return listPublicUpdates(ctx.db, kommun.id, window, page);
}

async function presentRequests(ctx: AppContext, kommun: Kommun, rows: readonly PublicRequestRow[]): Promise<Open311Object[]> {
  if (rows.length === 0) return [];
  const placeIds = [...new Set(rows.map((r) => r.place_id).filter((id): id is string => id !== null))];
  const [categories, events, places] = await Promise.all([
    allCategoriesOf(ctx.db, kommun.id),
    listPublicEventsOf(
      ctx.db,
      kommun.id,
      rows.map((r) => r.id),
    ),
    Promise.all(placeIds.map((id) => findPlaceById(ctx.db, kommun.id, id))),
  ]);
  const names = new Map(categories.map((c) => [c.code, c.name.sv]));
  const placeNames = new Map(places.filter((p): p is Place => p !== undefined).map((p) => [p.id, p.name]));
  const history = new Map<string, PublicEventRow[]>();
  for (const event of events) history.set(event.report_id, [...(history.get(event.report_id) ?? []), event]);
  return rows.map((row) => {
    const own = history.get(row.id) ?? [];
    const lastResponse = [...own].reverse().find((e) => e.kind === 'response' && e.body.trim() !== '');
    const last = own[own.length - 1];
    const extras: RequestExtras = {
      serviceName: names.get(row.category_code) ?? row.category_code,
      agency: kommun.name,
      statusNotes: lastResponse?.body ?? '',
      updatedAt: last?.created_at ?? row.published_at ?? row.created_at,
      // The place's name only: the reporter's own words on where were never moderated.
      address: row.place_id ? (placeNames.get(row.place_id) ?? '') : '',
    };
    return requestItem(row, extras);
  });
}
