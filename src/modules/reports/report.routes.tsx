// Public pages of reports: a report's page (receipt and follow-by-reference), "me too", the
// list and the reference lookup; the reporting pipeline is in report.form.routes.tsx. Handlers
// parse, call one service function and render.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { ValidationError } from '../../platform/http/errors.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { findPlaceById } from '../../platform/places/index.js';
import { emptyForm, type FormState } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { findActivityLinkTarget } from '../cooperation/index.js';
import { activeCategoriesOf } from './report.categories.service.js';
import { registerReportFormRoutes, type Route } from './report.form.routes.js';
import { listPublicPhotos } from './report.photos.js';
import { normaliseReference } from './report.reference.js';
import { findReportByReference } from './report.repository.js';
import { reportPaths } from './report.paths.js';
import { publicListQuery, referenceParams, reportLimits, supportFormSchema } from './report.schemas.js';
import { listPublicReports, readReportByReference, supportReport } from './report.service.js';
import { statusesOfKind } from './report.states.js';
import { partBit } from './report.when.js';
import { FollowPage, ReportListPage, ReportPage } from './report.views.js';

export function registerReportPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerReportFormRoutes(app, ctx);
  showReport(app, ctx);
  supportOnReport(app, ctx);
  showList(app, ctx);
  followReport(app, ctx);
}

async function sendReportPage(ctx: AppContext, route: Route, reference: string, options: { received: boolean; supportForm: FormState }, status = 200): Promise<FastifyReply> {
  const data = await readReportByReference(ctx, route.kommun, reference);
  const [place, photos, target] = await Promise.all([
    data.isPublic && data.report.place_id ? findPlaceById(ctx.db, route.kommun.id, data.report.place_id) : undefined,
    data.isPublic ? listPublicPhotos(ctx, route.kommun, data.report.id) : [],
    data.isPublic && data.report.activity_id ? findActivityLinkTarget(ctx, route.kommun.id, data.report.activity_id) : undefined,
  ]);
  const activity = target?.publicPath ? { title: target.title, path: target.publicPath } : null;
  return sendPage(route.request, route.reply, <ReportPage data={{ ...data, placeName: place?.name ?? null, received: options.received, supportForm: options.supportForm, photos, activity }} />, status);
}

function showReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapporter/:reference', params: referenceParams, query: z.object({ mottagen: z.string().max(5).optional() }) }, async (route) =>
    sendReportPage(ctx, route, route.params.reference, { received: route.query.mottagen === '1', supportForm: emptyForm }),
  );
}

function supportOnReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/rapporter/:reference/instam',
      params: referenceParams,
      body: supportFormSchema,
      invalid: (route, form) => sendReportPage(ctx, route, route.params.reference, { received: false, supportForm: form }, 422),
    },
    async ({ request, reply, kommun, params, body }) => {
      const report = await supportReport(ctx, kommun, params.reference, body, request.ip);
      setFlash(reply, request, 'reports.support.thanks');
      return reply.redirect(`/${kommun.slug}/${reportPaths.report(report.reference)}`, 303);
    },
  );
}

function encodeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(`${row.created_at}|${row.id}`).toString('base64url');
}

function decodeCursor(value: string | undefined): { createdAt: string; id: string } | undefined {
  if (!value) return undefined;
  const [createdAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  // Exactly what encodeCursor writes (an ISO time in UTC): a looser date would reach the SQL.
  if (!createdAt || !isId(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    throw new ValidationError({ efter: 'validation.invalid' });
  }
  return { createdAt, id };
}

function showList(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapporter', query: publicListQuery }, async ({ request, reply, kommun, query }) => {
    const days = query.period && query.period !== 'all' ? Number(query.period) : undefined;
    const filter = {
      category: query.kategori,
      statuses: query.status ? statusesOfKind(query.status) : undefined,
      partBit: query.tid ? partBit(query.tid) : undefined,
      since: days ? new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10) : undefined,
    };
    const [{ rows, hasMore }, categories] = await Promise.all([
      listPublicReports(ctx, kommun, filter, { limit: reportLimits.listPageSize, after: decodeCursor(query.efter) }),
      activeCategoriesOf(ctx.db, kommun.id),
    ]);
    const last = rows[rows.length - 1];
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'efter'));
    if (last && hasMore) params.set('efter', encodeCursor(last));
    const olderHref = last && hasMore ? `/${kommun.slug}/${reportPaths.list}?${params.toString()}` : null;
    return sendPage(request, reply, <ReportListPage data={{ rows, categories, filter: query, olderHref, followForm: emptyForm }} />);
  });
}

function followReport(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapporter/folj', query: z.object({ referens: z.string().max(40).optional() }) }, async ({ request, reply, kommun, query }) => {
    const typed = query.referens ?? '';
    const reference = normaliseReference(typed);
    const report = reference ? await findReportByReference(ctx.db, kommun.id, reference) : undefined;
    if (report) return reply.redirect(`/${kommun.slug}/${reportPaths.report(report.reference)}`, 303);
    request.cachePage = null;
    return sendPage(request, reply, <FollowPage form={{ values: { referens: typed }, errors: { referens: typed ? 'reports.follow.notFound' : 'validation.required' } }} />, typed ? 404 : 422);
  });
}
