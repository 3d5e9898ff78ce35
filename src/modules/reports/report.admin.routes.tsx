// Administration pages of reports under /{kommun}/admin/rapporter: categories (list, new, edit,
// activate/deactivate) and blocked senders (block from a report's page, the list, unblock).
// Thin: parse, call one service function, render. Anyone without reports.manage (and, to block,
// reports.moderate) is told nothing is here (404) by the services.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { ConflictError, UnauthenticatedError } from '../../platform/http/errors.js';
import { formValues } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute, type RouteContext } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { type FormState } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { activeForm, blockForm, blockIdParams, categoryCodeParams, categoryCreateForm, categoryEditForm } from './report.admin.schemas.js';
import { blockSenderOfReport, createCategory, findCategoryForAdmin, listBlockedSenders, listCategoriesForAdmin, setCategoryActive, unblockSender, updateCategory } from './report.admin.service.js';
import { adminPaths, BlockedPage, CategoriesPage, categoryFormValues, CategoryEditPage } from './report.admin.views.js';
import { readReportForStaff } from './report.handling.service.js';
import { StaffReportPage } from './report.staff.report.views.js';
import { reportIdParams } from './report.staff.schemas.js';

type AnyRoute = RouteContext<unknown, unknown, unknown, Actor | null, Kommun>;

function signedIn(route: Pick<AnyRoute, 'actor'>): Actor {
  if (!route.actor) throw new UnauthenticatedError();
  return route.actor;
}

export function registerReportAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  categoryRoutes(app, ctx);
  blockedRoutes(app, ctx);
}

function categoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/kategorier' }, async (route) => {
    const data = await listCategoriesForAdmin(ctx, signedIn(route), route.kommun);
    return sendPage(route.request, route.reply, <CategoriesPage categories={data.categories} ownRows={data.ownRows} />);
  });

  const sendNew = async (route: AnyRoute, form: FormState, status: number): Promise<FastifyReply> => {
    await listCategoriesForAdmin(ctx, signedIn(route), route.kommun);
    return sendPage(route.request, route.reply, <CategoryEditPage category={null} form={form} />, status);
  };
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/kategorier/ny' }, async (route) => sendNew(route, { values: { position: '100' }, errors: {} }, 200));
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/rapporter/kategorier', body: categoryCreateForm, invalid: (route, form) => sendNew(route, form, 422) }, async (route) => {
    await createCategory(ctx, signedIn(route), route.kommun, route.body.code, route.body.input);
    setFlash(route.reply, route.request, 'reports.admin.flash.categorySaved');
    return route.reply.redirect(`/${route.kommun.slug}/${adminPaths.categories}`, 303);
  });

  const sendEdit = async (route: AnyRoute, code: string, form: FormState | undefined, status: number, refusal?: string): Promise<FastifyReply> => {
    const category = await findCategoryForAdmin(ctx, signedIn(route), route.kommun, code);
    return sendPage(route.request, route.reply, <CategoryEditPage category={category} form={form ?? { values: categoryFormValues(category), errors: {} }} refusal={refusal} />, status);
  };
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/kategorier/:code', params: categoryCodeParams }, async (route) => sendEdit(route, route.params.code, undefined, 200));
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/rapporter/kategorier/:code', params: categoryCodeParams, body: categoryEditForm, invalid: (route, form) => sendEdit(route, route.params.code, form, 422) },
    async (route) => {
      try {
        await updateCategory(ctx, signedIn(route), route.kommun, route.params.code, route.body.input, route.body.updatedAt);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const current = await findCategoryForAdmin(ctx, signedIn(route), route.kommun, route.params.code);
        // What was typed stays; the form now carries the stored version, so a second save goes through.
        return sendEdit(route, route.params.code, { values: { ...formValues(route.request.body), updatedAt: current.updatedAt }, errors: {} }, 409, error.messageKey);
      }
      setFlash(route.reply, route.request, 'reports.admin.flash.categorySaved');
      return route.reply.redirect(`/${route.kommun.slug}/${adminPaths.categories}`, 303);
    },
  );
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/rapporter/kategorier/:code/aktiv', params: categoryCodeParams, body: activeForm },
    async (route) => {
      const active = route.body.active === 'on';
      await setCategoryActive(ctx, signedIn(route), route.kommun, route.params.code, active, route.body.updatedAt);
      setFlash(route.reply, route.request, active ? 'reports.admin.flash.categoryActivated' : 'reports.admin.flash.categoryDeactivated');
      return route.reply.redirect(`/${route.kommun.slug}/${adminPaths.categories}`, 303);
    },
  );
}

function blockedRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/rapporter/blockerade' }, async (route) => {
    const rows = await listBlockedSenders(ctx, signedIn(route), route.kommun);
    return sendPage(route.request, route.reply, <BlockedPage rows={rows} />);
  });
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/rapporter/blockerade/:id/ta-bort', params: blockIdParams }, async (route) => {
    await unblockSender(ctx, signedIn(route), route.kommun, route.params.id);
    setFlash(route.reply, route.request, 'reports.admin.flash.unblocked');
    return route.reply.redirect(`/${route.kommun.slug}/${adminPaths.blocked}`, 303);
  });
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/admin/rapporter/:id/blockera',
      params: reportIdParams,
      body: blockForm,
      invalid: async (route, form) => {
        const data = await readReportForStaff(ctx, signedIn(route), route.kommun, route.params.id);
        return sendPage(route.request, route.reply, <StaffReportPage data={data} forms={{}} blockForm={form} />, 422);
      },
    },
    async (route) => {
      await blockSenderOfReport(ctx, signedIn(route), route.kommun, route.params.id, route.body.reason);
      setFlash(route.reply, route.request, 'reports.admin.flash.blocked');
      return route.reply.redirect(`/${route.kommun.slug}/admin/rapporter/${route.params.id}`, 303);
    },
  );
}
