// Open311 GeoReport v2 over the reports, the writing side and what both sides share: the
// kommun a call is about (jurisdiction_id), the categories as services, their extra questions as
// attributes, and a posted request as a report through submitReport (the same checks and
// transaction as the web form). Refusals are Open311Errors: an HTTP status and every problem
// found, each a message key the route translates. Reading is open311.requests.service.ts.
import { hashToken } from '../../platform/auth/tokens.js';
import type { AppContext } from '../../platform/context.js';
import { TooManyRequestsError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { consumeRateLimit, refuseWhenRateLimited, type RateLimit } from '../../platform/http/rate-limit.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import { findPlaceBySlug, type Place } from '../../platform/places/index.js';
import { slugify } from '../../platform/validation/slug.js';
import { findKommunBySlug, listKommuner, type Kommun } from '../../platform/tenants/index.js';
import type { ReportCategory } from './report.categories.js';
import { activeCategoriesOf } from './report.categories.service.js';
import { reportLimits } from './report.schemas.js';
import { checkReportForm, submitReport, type Answers } from './report.service.js';
import type { ReportModeration } from './report.tables.js';
import { dayParts, weekDays } from './report.when.js';
import { findLiveOpen311Client, touchOpen311Client } from './open311.repository.js';
import type { Open311Attribute } from './open311.presenter.js';

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
    /** With 429: when to try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
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
  const own: Open311Attribute[] = [
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
  ];
  // A category's own question by the same code goes first; ours would only repeat the code.
  attributes.push(...own.filter((a) => !attributes.some((q) => q.code === a.code)));
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
  /** The category's notice, in Swedish ('' when it has none). */
  notice: string;
  moderation: ReportModeration;
}

/**
 * Finds the client the api_key names, for this kommun. Failed keys count per network address
 * (shared by every instance), and an address past its budget is refused before its key is
 * looked up, so a right guess does not get through either.
 */
async function authenticateClient(ctx: AppContext, kommun: Kommun, apiKey: string | undefined, ip: string, now: Date): Promise<{ id: string; lastUsedAt: string | null }> {
  if (apiKey === undefined) throw new Open311Error(403, [{ key: 'open311.error.apiKeyMissing', param: 'api_key' }]);
  await refuseWhenRateLimited(ctx, open311KeyFailureLimit, ip, now.getTime()).catch((error: unknown) => {
    if (error instanceof TooManyRequestsError) throw new Open311Error(429, [{ key: 'open311.error.tooManyKeys', param: 'api_key' }], error.retryAfterSeconds);
    throw error;
  });
  const client = apiKey.length <= open311Limits.apiKey ? await findLiveOpen311Client(ctx.db, hashToken(apiKey)) : undefined;
  if (!client || client.kommun_id !== kommun.id) {
    await consumeRateLimit(ctx, open311KeyFailureLimit, ip, now.getTime()).catch((error: unknown) => {
      if (!(error instanceof TooManyRequestsError)) throw error;
    });
    throw new Open311Error(403, [{ key: 'open311.error.apiKeyInvalid', param: 'api_key' }]);
  }
  return { id: client.id, lastUsedAt: client.last_used_at };
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
    // Days without parts of the day mean every part of those days; neither means always.
    when: listOf(answers.when).length > 0 ? listOf(answers.when) : listOf(answers.days).length > 0 ? [...dayParts] : ['always'],
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
    // Recorded once a request was taken (a refused one stores nothing), at most once a minute:
    // enough to tell administrators a key is alive.
    if (client.lastUsedAt === null || now.getTime() - Date.parse(String(client.lastUsedAt)) > 60_000) await touchOpen311Client(ctx.db, client.id, now.toISOString());
    const category = (await activeCategoriesOf(ctx.db, kommun.id)).find((c) => c.code === serviceCode);
    return { reference: outcome.reference, notice: category?.notice.sv ?? '', moderation: outcome.moderation };
  } catch (error) {
    if (error instanceof ValidationError) throw new Open311Error(400, issuesOf(error.fields, serviceCode));
    if (error instanceof TooManyRequestsError) throw new Open311Error(429, [{ key: 'open311.error.tooManyRequests', params: { seconds: error.retryAfterSeconds } }], error.retryAfterSeconds);
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
