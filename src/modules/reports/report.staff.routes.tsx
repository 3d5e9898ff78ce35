// Staff pages of reports under /{kommun}/admin/rapporter: the queue with its filters and bulk
// actions, a report's page with every action as its own POST form, and the response templates.
// Plus the public "it is not fixed" form. Handlers parse, call one service function, render.
//
// The pages name no permission at the route: a partner organisation's staff hold only
// reports.handle_assigned. Anyone who reaches no report of the kommun (signed out, another
// kommun's staff, a volunteer) gets 404, and the services decide the rest on the report itself.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/http/errors.js';
import { formValues } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute, type RouteContext } from '../../platform/http/kommun-route.js';
import { findPlaceNames } from '../../platform/places/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { listOrganisationsOfKommun } from '../../platform/tenants/tenant.repository.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { allCategoriesOf } from './report.categories.service.js';
import {
  addInternalNote,
  assignReport,
  bulkHandleReports,
  changeReportStatus,
  linkReportToActivity,
  listQueueForStaff,
  markDuplicate,
  readReportForStaff,
  reportNotFixed,
  respondToReport,
} from './report.handling.service.js';
import { createResponseTemplate, deleteResponseTemplate, findResponseTemplate, listResponseTemplates, updateResponseTemplate } from './report.handling.templates.js';
import { moderateReport } from './report.moderation.service.js';
import { reportPaths } from './report.paths.js';
import { canManageReports, reportReader, seesAnyReport } from './report.policy.js';
import { referenceParams } from './report.schemas.js';
import { statusesOfKind } from './report.states.js';
import { resolvePlaceFilters, type PlaceFilters } from './report.staff.places.js';
import type { QueueCursor, QueueFilter } from './report.staff.repository.js';
import {
  activityForm,
  assignForm,
  bulkForm,
  duplicateForm,
  moderateForm,
  noteForm,
  queueQuery,
  queueSorts,
  reportIdParams,
  responseForm,
  staffReportQuery,
  staffLimits,
  statusForm,
  templateForm,
  templateIdParams,
  type QueueQuery,
} from './report.staff.schemas.js';
import { StaffReportPage, type StaffFormName } from './report.staff.report.views.js';
import { QueuePage, TemplateEditPage, TemplatesPage } from './report.staff.views.js';
import { partBit } from './report.when.js';

export const staffPaths = {
  queue: 'admin/rapporter',
  bulk: 'admin/rapporter/massatgard',
  templates: 'admin/rapporter/mallar',
  template: (id: string) => `admin/rapporter/mallar/${id}`,
  templateDelete: (id: string) => `admin/rapporter/mallar/${id}/ta-bort`,
  report: (id: string) => `admin/rapporter/${id}`,
  action: (id: string, action: StaffFormName) => `admin/rapporter/${id}/${actionSegments[action]}`,
  notFixed: (reference: string) => `rapporter/${reference}/inte-atgardad`,
} as const;

const actionSegments: Record<StaffFormName, string> = {
  moderate: 'granska',
  status: 'status',
  assign: 'tilldela',
  note: 'anteckning',
  response: 'svar',
  activity: 'aktivitet',
  duplicate: 'dublett',
};

type AnyRoute = RouteContext<unknown, unknown, unknown, Actor | null, Kommun>;

/** Someone who reaches reports of this kommun; everyone else is told nothing exists here. */
function staffOf(route: Pick<AnyRoute, 'actor' | 'kommun'>): Actor {
  // Signed out: to the sign-in page (401), as every admin page does; signed in without a way to
  // any report: nothing here (404).
  if (!route.actor) throw new UnauthenticatedError();
  if (!seesAnyReport(reportReader(route.actor, route.kommun.id))) throw new NotFoundError();
  return route.actor;
}

export function registerReportStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  showQueue(app, ctx);
  bulkAction(app, ctx);
  templateRoutes(app, ctx);
  showStaffReport(app, ctx);
  reportAction(app, ctx, 'moderate', moderateForm, (actor, kommun, id, body) =>
    moderateReport(ctx, actor, kommun, id, body.decision === 'reject' ? { decision: 'reject' } : { decision: 'publish', publicDescription: body.decision === 'publish' ? body.publicDescription : null }, new Date(), body.version),
  );
  reportAction(app, ctx, 'status', statusForm, (actor, kommun, id, body) => changeReportStatus(ctx, actor, kommun, id, { status: body.status, response: body.statusResponse }, body.version));
  reportAction(app, ctx, 'assign', assignForm, (actor, kommun, id, body) => assignReport(ctx, actor, kommun, id, body, body.version));
  reportAction(app, ctx, 'note', noteForm, (actor, kommun, id, body) => addInternalNote(ctx, actor, kommun, id, body));
  reportAction(app, ctx, 'response', responseForm, (actor, kommun, id, body) => respondToReport(ctx, actor, kommun, id, body, body.version));
  reportAction(app, ctx, 'activity', activityForm, (actor, kommun, id, body) => linkReportToActivity(ctx, actor, kommun, id, body, body.version));
  reportAction(app, ctx, 'duplicate', duplicateForm, (actor, kommun, id, body) => markDuplicate(ctx, actor, kommun, id, body, body.version));
  notFixed(app, ctx);
}

function encodeCursor(row: { created_at: string; id: string; supporters: number }): string {
  return Buffer.from(`${row.created_at}|${row.id}|${row.supporters}`).toString('base64url');
}

function decodeCursor(value: string | undefined): QueueCursor | undefined {
  if (!value) return undefined;
  const [createdAt, id, supporters] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const count = Number(supporters);
  if (!createdAt || !isId(id) || Number.isNaN(Date.parse(createdAt)) || !Number.isInteger(count)) throw new ValidationError({ efter: 'validation.invalid' });
  // Back to the one form the column holds, whatever Date.parse accepted.
  return { createdAt: new Date(createdAt).toISOString(), id, supporters: count };
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();

/** The queue's query as a repository filter, with its place filters resolved (a place's neighbourhood is a box around it). */
function filterOf(query: QueueQuery, places: PlaceFilters): QueueFilter {
  let box = places.box;
  if (!box && query.bbox) {
    const [minLon, minLat, maxLon, maxLat] = query.bbox.split(',').map(Number) as [number, number, number, number];
    box = { minLat, maxLat, minLon, maxLon };
  }
  if (query.fran && query.till && query.till < query.fran) throw new ValidationError({ till: 'reports.staff.queue.rangeInvalid' });
  return {
    moderation: query.granskning === 'vantar' ? ['pending', 'quarantined'] : query.granskning === 'publicerad' ? ['published'] : query.granskning === 'avvisad' ? ['rejected'] : undefined,
    statuses: query.status ? [query.status] : query.typ ? statusesOfKind(query.typ) : undefined,
    category: query.kategori,
    placeIds: places.placeIds,
    box,
    from: query.fran ? `${query.fran}T00:00:00.000Z` : undefined,
    until: query.till ? dayAfter(query.till) : undefined,
    partBit: query.tid ? partBit(query.tid) : undefined,
    assigned: query.tilldelad === 'ingen' ? 'none' : query.tilldelad,
  };
}

async function sendQueue(ctx: AppContext, route: AnyRoute, actor: Actor, query: QueueQuery | undefined, filterForm: FormState, bulk: FormState, status: number): Promise<FastifyReply> {
  const { kommun } = route;
  const sort = queueSorts[query?.sortering ?? 'nyast'];
  // A form that failed to parse still shows its chosen places by name (and its search's matches).
  const places = await resolvePlaceFilters(ctx.db, kommun.id, query ?? filterForm.values);
  const placeErrors = Object.keys(places.errors).length > 0;
  const page =
    query && !placeErrors
      ? await listQueueForStaff(ctx, actor, kommun, filterOf(query, places), sort, { limit: staffLimits.queuePageSize, after: decodeCursor(query.efter) })
      : { rows: [], hasMore: false };
  const [categories, placeNames, organisations] = await Promise.all([
    allCategoriesOf(ctx.db, kommun.id),
    findPlaceNames(ctx.db, kommun.id, page.rows.flatMap((r) => (r.place_id ? [r.place_id] : []))),
    listOrganisationsOfKommun(ctx.db, kommun.id),
  ]);
  const last = page.rows[page.rows.length - 1];
  const params = new URLSearchParams(Object.entries(filterForm.values).filter(([k, v]) => k !== 'efter' && v !== ''));
  const firstHref = query?.efter ? `/${kommun.slug}/${staffPaths.queue}?${params.toString()}` : null;
  if (last && page.hasMore) params.set('efter', encodeCursor(last));
  const olderHref = last && page.hasMore ? `/${kommun.slug}/${staffPaths.queue}?${params.toString()}` : null;
  return sendPage(
    route.request,
    route.reply,
    <QueuePage
      data={{
        rows: page.rows,
        categories,
        placeNames,
        place: places.place,
        area: places.area,
        organisations,
        filterForm: placeErrors ? { ...filterForm, errors: { ...filterForm.errors, ...places.errors } } : filterForm,
        bulkForm: bulk,
        olderHref,
        firstHref,
        canManage: canManageReports(actor, kommun.id),
      }}
    />,
    placeErrors ? 422 : status,
  );
}

function showQueue(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/:kommun/admin/rapporter',
      query: queueQuery,
      invalid: (route, form) => sendQueue(ctx, route, staffOf(route), undefined, form, emptyForm, 422),
    },
    async (route) => {
      const actor = staffOf(route);
      return sendQueue(ctx, route, actor, route.query, { values: formValues(route.request.query), errors: {} }, emptyForm, 200);
    },
  );
}

function bulkAction(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/admin/rapporter/massatgard',
      body: bulkForm,
      invalid: (route, form) => sendQueue(ctx, route, staffOf(route), {}, emptyForm, form, 422),
    },
    async (route) => {
      const actor = staffOf(route);
      const { body, kommun, reply, request } = route;
      const action =
        body.action === 'status'
          ? body.bulkStatus
            ? ({ action: 'status', status: body.bulkStatus } as const)
            : undefined
          : body.action === 'assign'
            ? body.bulkOrganisationId
              ? ({ action: 'assign', organisationId: body.bulkOrganisationId } as const)
              : undefined
            : ({ action: 'publish' } as const);
      if (!action) throw new ValidationError(body.action === 'status' ? { bulkStatus: 'validation.chooseOne' } : { bulkOrganisationId: 'validation.chooseOne' });
      const changed = await bulkHandleReports(ctx, actor, kommun, body.ids, action);
      setFlash(reply, request, changed > 0 ? 'reports.staff.flash.bulk' : 'reports.staff.flash.bulkNone');
      return reply.redirect(`/${kommun.slug}/${staffPaths.queue}`, 303);
    },
  );
}

async function sendStaffReport(ctx: AppContext, route: AnyRoute, actor: Actor, id: string, forms: Partial<Record<StaffFormName, FormState>>, status: number, refusal?: string): Promise<FastifyReply> {
  const data = await readReportForStaff(ctx, actor, route.kommun, id);
  return sendPage(route.request, route.reply, <StaffReportPage data={data} forms={forms} refusal={refusal} />, status);
}

function showStaffReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/:id', params: reportIdParams, query: staffReportQuery }, async (route) => {
    const actor = staffOf(route);
    const data = await readReportForStaff(ctx, actor, route.kommun, route.params.id);
    const template = route.query.mall ? data.templates.find((tpl) => tpl.id === route.query.mall) : undefined;
    const forms = template ? { response: { values: { response: template.body }, errors: {} } } : {};
    return sendPage(route.request, route.reply, <StaffReportPage data={data} forms={forms} />);
  });
}

/**
 * One action of the report page: 303 back to the page; 422 with the form's values and errors;
 * 409 when the report changed since the form was shown, with what the person typed kept.
 */
function reportAction<S extends z.ZodType>(app: FastifyInstance, ctx: AppContext, name: StaffFormName, schema: S, act: (actor: Actor, kommun: Kommun, id: string, body: z.output<S>) => Promise<void>): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: `/:kommun/admin/rapporter/:id/${actionSegments[name]}`,
      params: reportIdParams,
      body: schema,
      invalid: (route, form) => sendStaffReport(ctx, route, staffOf(route), route.params.id, { [name]: form }, 422),
    },
    async (route) => {
      const actor = staffOf(route);
      const { kommun, params, reply, request } = route;
      try {
        // The body parsed with `schema` (the route helper's type cannot see through the generic).
        await act(actor, kommun, params.id, route.body as z.output<S>);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return sendStaffReport(ctx, route, actor, params.id, { [name]: { values: formValues(request.body), errors: {} } }, 409, error.messageKey);
      }
      setFlash(reply, request, `reports.staff.flash.${name}`);
      return reply.redirect(`/${kommun.slug}/${staffPaths.report(params.id)}`, 303);
    },
  );
}

function templateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const sendList = async (route: AnyRoute, form: FormState, status: number) => {
    const actor = staffOf(route);
    const templates = await listResponseTemplates(ctx, actor, route.kommun);
    return sendPage(route.request, route.reply, <TemplatesPage templates={templates} form={form} />, status);
  };
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/mallar' }, async (route) => sendList(route, emptyForm, 200));
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/rapporter/mallar', body: templateForm, invalid: (route, form) => sendList(route, form, 422) }, async (route) => {
    await createResponseTemplate(ctx, staffOf(route), route.kommun, route.body);
    setFlash(route.reply, route.request, 'reports.staff.flash.templateSaved');
    return route.reply.redirect(`/${route.kommun.slug}/${staffPaths.templates}`, 303);
  });
  const sendEdit = async (route: AnyRoute, id: string, form: FormState | undefined, status: number) => {
    const template = await findResponseTemplate(ctx, staffOf(route), route.kommun, id);
    const values = form ?? { values: { title: template.title, body: template.body, status: template.status ?? '', position: String(template.position) }, errors: {} };
    return sendPage(route.request, route.reply, <TemplateEditPage template={template} form={values} />, status);
  };
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/mallar/:id', params: templateIdParams }, async (route) => sendEdit(route, route.params.id, undefined, 200));
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/rapporter/mallar/:id', params: templateIdParams, body: templateForm, invalid: (route, form) => sendEdit(route, route.params.id, form, 422) },
    async (route) => {
      await updateResponseTemplate(ctx, staffOf(route), route.kommun, route.params.id, route.body);
      setFlash(route.reply, route.request, 'reports.staff.flash.templateSaved');
      return route.reply.redirect(`/${route.kommun.slug}/${staffPaths.templates}`, 303);
    },
  );
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/rapporter/mallar/:id/ta-bort', params: templateIdParams }, async (route) => {
    await deleteResponseTemplate(ctx, staffOf(route), route.kommun, route.params.id);
    setFlash(route.reply, route.request, 'reports.staff.flash.templateDeleted');
    return route.reply.redirect(`/${route.kommun.slug}/${staffPaths.templates}`, 303);
  });
}

/** The public "it is not fixed" button on a fixed report's page. */
function notFixed(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/rapporter/:reference/inte-atgardad', params: referenceParams }, async ({ request, reply, kommun, params }) => {
    const report = await reportNotFixed(ctx, kommun, params.reference, request.ip);
    setFlash(reply, request, 'reports.staff.notFixed.thanks');
    return reply.redirect(`/${kommun.slug}/${reportPaths.report(report.reference)}`, 303);
  });
}
