// Staff pages for activities: add one to a plan, show it (indicators, timeline), edit it (the
// owning side only; others see it read-only with why), and delete it after a confirmation.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { postedFields } from '../../platform/http/forms.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { listPlaces } from '../../platform/places/index.js';
import { sendPage } from '../../platform/views/render.js';
import { StaleEditError } from './cooperation.errors.js';
import { listCooperationOrganisations } from './cooperation.organisations.js';
import { canEditActivity, coopReader } from './cooperation.policy.js';
import { activityInputSchema, coopLimits } from './cooperation.schemas.js';
import { filesOfEntries, listTimeline } from './entry.repository.js';
import { indicatorsOfActivities, valuesOfEntries, valuesOfIndicators } from './indicator.repository.js';
import { findActivityById, findPlanById, placesOfActivities, type ActivityRow, type PlanRow } from './plan.repository.js';
import { createActivity, deleteActivity, updateActivity } from './plan.service.js';
import { ActivityFormPage, ActivityPage, DeleteActivityPage, activityFormValues, type ActivityChoices } from './staff.activity.views.js';
import type { TimelineProps } from './staff.entry.views.js';
import { readForm } from './staff.form.js';
import { idParams } from './staff.plan.routes.js';
import { listThemesOfKommun } from './staff.repository.js';
import type { StaffRoute } from './staff.routes.js';

const activityPath = (kommunSlug: string, id: string) => `/${kommunSlug}/admin/samverkan/aktiviteter/${id}`;

async function choicesFor(ctx: AppContext, kommunId: string): Promise<ActivityChoices> {
  const [organisations, places, themes] = await Promise.all([listCooperationOrganisations(ctx.db, kommunId), listPlaces(ctx.db, kommunId, { limit: 500 }), listThemesOfKommun(ctx.db, kommunId)]);
  return { organisations, places: places.map((p) => ({ id: p.id, name: p.name })), themes };
}

/** The activity and its plan as the reader sees them, or 404. */
export async function activityOr404(ctx: AppContext, route: StaffRoute, id: string): Promise<{ activity: ActivityRow; plan: PlanRow }> {
  const reader = coopReader(route.actor, route.kommun.id);
  const activity = await findActivityById(ctx.db, reader, id);
  const plan = activity && (await findPlanById(ctx.db, reader, activity.planId));
  if (!activity || !plan) throw new NotFoundError();
  return { activity, plan };
}

export async function loadTimeline(ctx: AppContext, route: StaffRoute, target: { activityId: string } | { promiseId: string }): Promise<TimelineProps> {
  const reader = coopReader(route.actor, route.kommun.id);
  const { rows, hasMore } = await listTimeline(ctx.db, reader, target, coopLimits.staffTimelineSize);
  const ids = rows.map((r) => r.id);
  const [files, values] = await Promise.all([filesOfEntries(ctx.db, route.kommun.id, ids), valuesOfEntries(ctx.db, route.kommun.id, ids)]);
  return { entries: rows, files, values, hasMore };
}

async function renderActivity(ctx: AppContext, route: StaffRoute, activity: ActivityRow, plan: PlanRow) {
  const { kommun, actor } = route;
  const indicators = (await indicatorsOfActivities(ctx.db, kommun.id, [activity.id])).get(activity.id) ?? [];
  const [places, values, timeline] = await Promise.all([
    placesOfActivities(ctx.db, kommun.id, [activity.id]),
    valuesOfIndicators(ctx.db, coopReader(actor, kommun.id), indicators.map((i) => i.id), 1),
    loadTimeline(ctx, route, { activityId: activity.id }),
  ]);
  return sendPage(
    route.request,
    route.reply,
    <ActivityPage plan={plan} activity={activity} places={places.get(activity.id) ?? []} indicators={indicators} values={values} canEdit={canEditActivity(actor, kommun.id, activity.responsibleParty)} timeline={timeline} />,
  );
}

export function registerActivityStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const planOr404 = async (route: StaffRoute, id: string) => {
    const plan = await findPlanById(ctx.db, coopReader(route.actor, route.kommun.id), id);
    if (!plan) throw new NotFoundError();
    return plan;
  };

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/planer/:id/aktiviteter/ny', permission: 'cooperation.write', params: idParams }, async (route) => {
    const plan = await planOr404(route, route.params.id);
    return sendPage(route.request, route.reply, <ActivityFormPage plan={plan} form={{ values: {}, errors: {} }} choices={await choicesFor(ctx, route.kommun.id)} />);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/planer/:id/aktiviteter/ny', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const plan = await planOr404(route, route.params.id);
    const result = readForm(activityInputSchema, postedFields(request.body));
    const again = async (errors = result.errors, refusal?: string) =>
      sendPage(request, reply, <ActivityFormPage plan={plan} form={{ values: result.values, errors }} choices={await choicesFor(ctx, kommun.id)} {...(refusal ? { refusal } : {})} />, refusal ? 409 : 422);
    if (!result.data) return again();
    try {
      const created = await createActivity(ctx, actor, kommun.id, plan.id, result.data);
      setFlash(reply, request, 'cooperation.staff.flash.activityCreated');
      return reply.redirect(activityPath(kommun.slug, created.id), 303);
    } catch (error) {
      if (error instanceof ValidationError) return again(error.fields);
      if (error instanceof ConflictError) return again({}, error.messageKey);
      throw error;
    }
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id', permission: 'cooperation.read_internal', params: idParams }, async (route) => {
    const { activity, plan } = await activityOr404(ctx, route, route.params.id);
    return renderActivity(ctx, route, activity, plan);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id/redigera', permission: 'cooperation.read_internal', params: idParams }, async (route) => {
    const { activity, plan } = await activityOr404(ctx, route, route.params.id);
    // The other side reads the activity where it is shown read-only, with why.
    if (!canEditActivity(route.actor, route.kommun.id, activity.responsibleParty)) return renderActivity(ctx, route, activity, plan);
    const places = (await placesOfActivities(ctx.db, route.kommun.id, [activity.id])).get(activity.id) ?? [];
    return sendPage(route.request, route.reply, <ActivityFormPage plan={plan} activity={activity} form={{ values: activityFormValues(activity, places), errors: {} }} choices={await choicesFor(ctx, route.kommun.id)} />);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/redigera', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const { activity, plan } = await activityOr404(ctx, route, route.params.id);
    if (!canEditActivity(actor, kommun.id, activity.responsibleParty)) throw new ForbiddenError('cooperation.errors.notYourActivity');
    const result = readForm(activityInputSchema, postedFields(request.body), { edit: true });
    const render = async (props: { errors?: Record<string, string>; saved?: ActivityRow; refusal?: string }, status: number) => {
      const conflict = props.saved
        ? { saved: activityFormValues(props.saved, (await placesOfActivities(ctx.db, kommun.id, [activity.id])).get(activity.id) ?? []), lockVersion: props.saved.lockVersion }
        : undefined;
      return sendPage(
        request,
        reply,
        <ActivityFormPage
          plan={plan}
          activity={props.saved ?? activity}
          form={{ values: result.values, errors: props.errors ?? {} }}
          choices={await choicesFor(ctx, kommun.id)}
          {...(conflict ? { conflict } : {})}
          {...(props.refusal ? { refusal: props.refusal } : {})}
        />,
        status,
      );
    };
    if (!result.data || result.lockVersion === undefined) return render({ errors: result.errors }, 422);
    try {
      await updateActivity(ctx, actor, kommun.id, activity.id, result.data, result.lockVersion);
    } catch (error) {
      if (error instanceof StaleEditError) return render({ saved: error.current as ActivityRow, refusal: error.messageKey }, 409);
      if (error instanceof ValidationError) return render({ errors: error.fields }, 422);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.saved');
    return reply.redirect(activityPath(kommun.slug, activity.id), 303);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/aktiviteter/:id/ta-bort', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { activity, plan } = await activityOr404(ctx, route, route.params.id);
    if (!canEditActivity(route.actor, route.kommun.id, activity.responsibleParty)) return renderActivity(ctx, route, activity, plan);
    return sendPage(route.request, route.reply, <DeleteActivityPage plan={plan} activity={activity} />);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/aktiviteter/:id/ta-bort', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun } = route;
    const { activity, plan } = await activityOr404(ctx, route, route.params.id);
    try {
      await deleteActivity(ctx, actor, kommun.id, activity.id);
    } catch (error) {
      if (error instanceof ConflictError) return sendPage(request, reply, <DeleteActivityPage plan={plan} activity={activity} refusal={error.messageKey} />, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.activityDeleted');
    return reply.redirect(`/${kommun.slug}/admin/samverkan/planer/${plan.id}`, 303);
  });
}
