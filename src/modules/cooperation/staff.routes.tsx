// The cooperation's staff pages under /:kommun/admin/samverkan: the dashboard here, and each
// entity's pages in its own file. Every route names its permission (without it the page does
// not exist: 404); the services check again, and for activities also that the actor's side owns it.
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute, type RouteContext } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { sendPage } from '../../platform/views/render.js';
import { canWrite, coopReader } from './cooperation.policy.js';
import { listPlans } from './plan.repository.js';
import { listPromises } from './promise.repository.js';
import { registerActivityStaffRoutes } from './staff.activity.routes.js';
import { DashboardPage } from './staff.dashboard.views.js';
import { registerEntryStaffRoutes } from './staff.entry.routes.js';
import { registerIndicatorStaffRoutes } from './staff.indicator.routes.js';
import { registerPlanStaffRoutes } from './staff.plan.routes.js';
import { registerPromiseStaffRoutes } from './staff.promise.routes.js';
import { activityCountsOfPlans, listQuietActivities } from './staff.repository.js';

export type StaffRoute = RouteContext<unknown, unknown, unknown, Actor, Kommun>;

export function registerCooperationStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/samverkan', permission: 'cooperation.read_internal' }, async ({ request, reply, actor, kommun }) => {
    const reader = coopReader(actor, kommun.id);
    const [plans, promises, quiet] = await Promise.all([listPlans(ctx.db, reader), listPromises(ctx.db, reader), listQuietActivities(ctx.db, kommun.id, new Date().toISOString())]);
    const counts = await activityCountsOfPlans(ctx.db, kommun.id, plans.map((p) => p.id));
    return sendPage(request, reply, <DashboardPage plans={plans} counts={counts} promises={promises} quiet={quiet} canWrite={canWrite(actor, kommun.id)} />);
  });
  registerPlanStaffRoutes(app, ctx);
  registerActivityStaffRoutes(app, ctx);
  registerIndicatorStaffRoutes(app, ctx);
  registerEntryStaffRoutes(app, ctx);
  registerPromiseStaffRoutes(app, ctx);
}
