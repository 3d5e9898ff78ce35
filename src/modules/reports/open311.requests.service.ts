// Open311's reading side: GET requests with the spec's filters and the page extension, one
// request, a token, and mySociety's servicerequestupdates. Only published reports and their
// public history are read (open311.repository.ts selects the public columns only), and the
// arguments are checked together so a client learns every problem at once.
import type { AppContext } from '../../platform/context.js';
import { findPlaceNames } from '../../platform/places/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { allCategoriesOf } from './report.categories.service.js';
import { normaliseReference } from './report.reference.js';
import { statusesOfKind } from './report.states.js';
import { findPublicRequest, findReferenceInKommun, listPublicEventsOf, listPublicRequests, listPublicUpdates, type PublicEventRow, type PublicRequestRow, type RequestFilter } from './open311.repository.js';
import { requestItem, type Open311Object, type RequestExtras } from './open311.presenter.js';
import { argument, Open311Error, open311Limits, type Arguments, type Open311Issue } from './open311.service.js';

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
  const [categories, events, placeNames] = await Promise.all([
    allCategoriesOf(ctx.db, kommun.id),
    listPublicEventsOf(
      ctx.db,
      kommun.id,
      rows.map((r) => r.id),
    ),
    findPlaceNames(ctx.db, kommun.id, placeIds),
  ]);
  const names = new Map(categories.map((c) => [c.code, c.name.sv]));
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
