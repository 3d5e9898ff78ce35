// Staff pages for an activity's indicators: add, edit (409 with both versions on a concurrent
// save), remove (refused once it has values), and record one measured value.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { idPattern } from '../../platform/db/ids.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { postedFields } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { StaleEditError } from './cooperation.errors.js';
import { canEditActivity } from './cooperation.policy.js';
import { indicatorInputSchema, indicatorValueSchema } from './cooperation.schemas.js';
import { findIndicator, type IndicatorRow } from './indicator.repository.js';
import { createIndicator, deleteIndicator, recordIndicatorValue, updateIndicator } from './indicator.service.js';
import type { ActivityRow } from './plan.repository.js';
import { activityOr404 } from './staff.activity.routes.js';
import { readForm } from './staff.form.js';
import { IndicatorPage, indicatorFormValues, type IndicatorPageProps } from './staff.indicator.views.js';
import { idParams } from './staff.plan.routes.js';
import type { StaffRoute } from './staff.routes.js';

const indicatorParams = z.object({ id: z.string().regex(idPattern), indicatorId: z.string().regex(idPattern) });
const activityPath = (kommunSlug: string, id: string) => `/${kommunSlug}/admin/samverkan/aktiviteter/${id}`;

/** The activity, when the actor's side owns it; the other side gets the refusal (the service says the same). */
async function ownedActivity(ctx: AppContext, route: StaffRoute, id: string): Promise<ActivityRow> {
  const { activity } = await activityOr404(ctx, route, id);
  if (!canEditActivity(route.actor, route.kommun.id, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
  return activity;
}

async function indicatorOf(ctx: AppContext, route: StaffRoute, activity: ActivityRow, indicatorId: string): Promise<IndicatorRow> {
  const indicator = await findIndicator(ctx.db, route.kommun.id, indicatorId);
  if (!indicator || indicator.activityId !== activity.id) throw new NotFoundError();
  return indicator;
}

function render(route: StaffRoute, props: IndicatorPageProps, status = 200) {
  return sendPage(route.request, route.reply, <IndicatorPage {...props} />, status);
}

export function registerIndicatorStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/ny', permission: 'cooperation.write', params: idParams }, async (route) => {
    return render(route, { activity: await ownedActivity(ctx, route, route.params.id), form: { values: {}, errors: {} } });
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/ny', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const activity = await ownedActivity(ctx, route, route.params.id);
    const result = readForm(indicatorInputSchema, postedFields(request.body));
    if (!result.data) return render(route, { activity, form: { values: result.values, errors: result.errors } }, 422);
    try {
      await createIndicator(ctx, actor, kommun.id, activity.id, result.data);
    } catch (error) {
      if (error instanceof ValidationError) return render(route, { activity, form: { values: result.values, errors: error.fields } }, 422);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.indicatorCreated');
    return reply.redirect(activityPath(kommun.slug, activity.id), 303);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/:indicatorId', permission: 'cooperation.write', params: indicatorParams }, async (route) => {
    const activity = await ownedActivity(ctx, route, route.params.id);
    const indicator = await indicatorOf(ctx, route, activity, route.params.indicatorId);
    return render(route, { activity, indicator, form: { values: indicatorFormValues(indicator), errors: {} } });
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/:indicatorId', permission: 'cooperation.write', params: indicatorParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const activity = await ownedActivity(ctx, route, route.params.id);
    const indicator = await indicatorOf(ctx, route, activity, route.params.indicatorId);
    const result = readForm(indicatorInputSchema, postedFields(request.body), { edit: true });
    const form = (errors = result.errors) => ({ values: result.values, errors });
    if (!result.data || result.lockVersion === undefined) return render(route, { activity, indicator, form: form() }, 422);
    try {
      await updateIndicator(ctx, actor, kommun.id, indicator.id, result.data, result.lockVersion);
    } catch (error) {
      if (error instanceof StaleEditError) {
        const saved = error.current as IndicatorRow;
        return render(route, { activity, indicator: saved, form: form({}), refusal: error.messageKey, conflict: { saved: indicatorFormValues(saved), lockVersion: saved.lockVersion } }, 409);
      }
      if (error instanceof ValidationError) return render(route, { activity, indicator, form: form(error.fields) }, 422);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.saved');
    return reply.redirect(activityPath(kommun.slug, activity.id), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/:indicatorId/ta-bort', permission: 'cooperation.write', params: indicatorParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const activity = await ownedActivity(ctx, route, route.params.id);
    const indicator = await indicatorOf(ctx, route, activity, route.params.indicatorId);
    try {
      await deleteIndicator(ctx, actor, kommun.id, indicator.id);
    } catch (error) {
      if (error instanceof ConflictError) return render(route, { activity, indicator, form: { values: indicatorFormValues(indicator), errors: {} }, refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.indicatorDeleted');
    return reply.redirect(activityPath(kommun.slug, activity.id), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/indikatorer/:indicatorId/varde', permission: 'cooperation.write', params: indicatorParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const activity = await ownedActivity(ctx, route, route.params.id);
    const indicator = await indicatorOf(ctx, route, activity, route.params.indicatorId);
    const fields = { ...postedFields(request.body), indicatorId: indicator.id };
    const result = readForm(indicatorValueSchema, fields);
    const again = (errors: Record<string, string>) =>
      render(route, { activity, indicator, form: { values: indicatorFormValues(indicator), errors: {} }, valueForm: { values: result.values, errors } }, 422);
    if (!result.data) return again(result.errors);
    try {
      await recordIndicatorValue(ctx, actor, kommun.id, result.data);
    } catch (error) {
      if (error instanceof ValidationError) return again(error.fields);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.valueRecorded');
    return reply.redirect(activityPath(kommun.slug, activity.id), 303);
  });
}
