// Staff pages for plans: new, show/edit (drafts), and the lifecycle (deciders). Handlers read
// the form, call one service function, render; a stale save answers 409 with both versions.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { idPattern } from '../../platform/db/ids.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { formValues, postedFields } from '../../platform/http/forms.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { StaleEditError } from './cooperation.errors.js';
import { canDecide, canWrite, coopReader } from './cooperation.policy.js';
import { decisionSchema, planInputSchema } from './cooperation.schemas.js';
import { cooperationSettingsOf } from './cooperation.settings.js';
import { planStatuses } from './cooperation.tables.js';
import { findPlanById, listActivitiesOfPlan, type PlanRow } from './plan.repository.js';
import { changePlanStatus, createPlan, updatePlan } from './plan.service.js';
import { readForm, readLockVersion } from './staff.form.js';
import { NewPlanPage, PlanPage, planFormValues, type PlanPageProps } from './staff.plan.views.js';
import { listAgreementChoices } from './staff.repository.js';
import type { StaffRoute } from './staff.routes.js';

export const idParams = z.object({ id: z.string().regex(idPattern) });
const statusBody = z.object({ to: z.enum(planStatuses), lockVersion: z.string().optional() }).passthrough();

const planPath = (kommunSlug: string, id: string) => `/${kommunSlug}/admin/samverkan/planer/${id}`;

async function renderPlan(ctx: AppContext, route: StaffRoute, plan: PlanRow, extra: Partial<PlanPageProps> = {}, status = 200) {
  const { request, reply, actor, kommun } = route;
  const [activities, agreements] = await Promise.all([listActivitiesOfPlan(ctx.db, coopReader(actor, kommun.id), plan.id), listAgreementChoices(ctx.db, kommun.id)]);
  return sendPage(
    request,
    reply,
    <PlanPage
      plan={plan}
      activities={activities}
      agreements={agreements}
      canWrite={canWrite(actor, kommun.id)}
      canDecide={canDecide(actor, kommun.id, cooperationSettingsOf(kommun))}
      {...extra}
    />,
    status,
  );
}

async function planOr404(ctx: AppContext, route: StaffRoute, id: string): Promise<PlanRow> {
  const plan = await findPlanById(ctx.db, coopReader(route.actor, route.kommun.id), id);
  if (!plan) throw new NotFoundError();
  return plan;
}

export function registerPlanStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/planer/ny', permission: 'cooperation.write' }, async ({ request, reply, kommun }) => {
    return sendPage(request, reply, <NewPlanPage form={{ values: {}, errors: {} }} agreements={await listAgreementChoices(ctx.db, kommun.id)} />);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/planer/ny', permission: 'cooperation.write' }, async ({ request, reply, actor, kommun }) => {
    const result = readForm(planInputSchema, postedFields(request.body));
    const again = async (errors = result.errors) =>
      sendPage(request, reply, <NewPlanPage form={{ values: result.values, errors }} agreements={await listAgreementChoices(ctx.db, kommun.id)} />, 422);
    if (!result.data) return again();
    try {
      const plan = await createPlan(ctx, actor, kommun.id, result.data);
      setFlash(reply, request, 'cooperation.staff.flash.planCreated');
      return reply.redirect(planPath(kommun.slug, plan.id), 303);
    } catch (error) {
      if (error instanceof ValidationError) return again(error.fields);
      throw error;
    }
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan/planer/:id', permission: 'cooperation.read_internal', params: idParams }, async (route) => {
    return renderPlan(ctx, route, await planOr404(ctx, route, route.params.id));
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/planer/:id', permission: 'cooperation.write', params: idParams }, async (route) => {
    const { request, reply, actor, kommun, params } = route;
    const plan = await planOr404(ctx, route, params.id);
    const result = readForm(planInputSchema, postedFields(request.body), { edit: true });
    const form = (errors = result.errors) => ({ values: result.values, errors });
    if (!result.data || result.lockVersion === undefined) return renderPlan(ctx, route, plan, { form: form() }, 422);
    try {
      await updatePlan(ctx, actor, kommun.id, plan.id, result.data, result.lockVersion);
    } catch (error) {
      if (error instanceof StaleEditError) {
        const saved = error.current as PlanRow;
        return renderPlan(ctx, route, saved, { form: form({}), refusal: error.messageKey, conflict: { saved: planFormValues(saved), lockVersion: saved.lockVersion } }, 409);
      }
      if (error instanceof ValidationError) return renderPlan(ctx, route, plan, { form: form(error.fields) }, 422);
      if (error instanceof ConflictError) return renderPlan(ctx, route, plan, { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, 'cooperation.staff.flash.saved');
    return reply.redirect(planPath(kommun.slug, plan.id), 303);
  });

  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/samverkan/planer/:id/status', permission: 'cooperation.decide', params: idParams, body: statusBody }, async (route) => {
    const { request, reply, actor, kommun, params, body } = route;
    const plan = await planOr404(ctx, route, params.id);
    const fields = postedFields(request.body);
    let decision;
    if (body.to === 'decided') {
      const result = readForm(decisionSchema, fields);
      if (!result.data) return renderPlan(ctx, route, plan, { decisionForm: { values: result.values, errors: result.errors } }, 422);
      decision = result.data;
    }
    const lockVersion = readLockVersion(fields);
    if (lockVersion === undefined) return renderPlan(ctx, route, plan, { refusal: 'cooperation.staff.errors.lockVersion' }, 422);
    try {
      await changePlanStatus(ctx, actor, kommun, plan.id, body.to, decision, lockVersion);
    } catch (error) {
      if (error instanceof ValidationError) return renderPlan(ctx, route, plan, { decisionForm: { values: formValues(fields), errors: error.fields } }, 422);
      // A stale status change (someone saved meanwhile) or a refused transition: the plan as it is now, and why.
      if (error instanceof ConflictError) return renderPlan(ctx, route, await planOr404(ctx, route, plan.id), { refusal: error.messageKey }, 409);
      throw error;
    }
    setFlash(reply, request, `cooperation.staff.flash.plan.${body.to}`);
    return reply.redirect(planPath(kommun.slug, plan.id), 303);
  });
}

