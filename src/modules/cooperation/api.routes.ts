// The cooperation's JSON API, reads: plans with their activities, an activity with its
// indicators, values and timeline, löften and follow-ups. The same address answers everyone: the
// public get what is public, the cooperation's staff (signed in) drafts and internal entries too.
// Writes are in api.write.routes.ts. Every route describes itself for /api/openapi.json.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import {
  activityResponse,
  activitySlugParams,
  entryListResponse,
  pageQuery,
  planListResponse,
  planResponse,
  planSlugParams,
  promiseListResponse,
  promiseResponse,
  promiseSlugParams,
  timelineQuery,
} from './api.schemas.js';
import { getActivityForApi, getPlanForApi, getPromiseForApi, listFollowUpsForApi, listPlansForApi, listPromisesForApi } from './api.service.js';
import { registerCooperationApiWrites } from './api.write.routes.js';
import { coopReader } from './cooperation.policy.js';

const base = '/api/v1/:kommun/cooperation' as const;
const tag = 'cooperation';

export function registerCooperationApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/plans`,
      query: pageQuery,
      api: { operationId: 'listCooperationPlans', tag, summary: 'cooperation.api.listPlans', response: { status: 200, description: 'cooperation.api.planListAnswer', schema: planListResponse } },
    },
    async ({ kommun, actor, query }) => listPlansForApi(ctx, coopReader(actor, kommun.id), kommun.slug, query.after),
  );

  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/plans/:plan`,
      params: planSlugParams,
      api: { operationId: 'getCooperationPlan', tag, summary: 'cooperation.api.getPlan', response: { status: 200, description: 'cooperation.api.planAnswer', schema: planResponse } },
    },
    async ({ kommun, actor, params }) => getPlanForApi(ctx, coopReader(actor, kommun.id), kommun.slug, params.plan),
  );

  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/plans/:plan/activities/:activity`,
      params: activitySlugParams,
      query: timelineQuery,
      api: { operationId: 'getCooperationActivity', tag, summary: 'cooperation.api.getActivity', response: { status: 200, description: 'cooperation.api.activityAnswer', schema: activityResponse } },
    },
    async ({ kommun, actor, params, query }) => getActivityForApi(ctx, coopReader(actor, kommun.id), kommun.slug, params.plan, params.activity, query.before),
  );

  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/promises`,
      api: { operationId: 'listCitizenPromises', tag, summary: 'cooperation.api.listPromises', response: { status: 200, description: 'cooperation.api.promiseListAnswer', schema: promiseListResponse } },
    },
    async ({ kommun, actor }) => listPromisesForApi(ctx, coopReader(actor, kommun.id), kommun.slug),
  );

  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/promises/:promise`,
      params: promiseSlugParams,
      api: { operationId: 'getCitizenPromise', tag, summary: 'cooperation.api.getPromise', response: { status: 200, description: 'cooperation.api.promiseAnswer', schema: promiseResponse } },
    },
    async ({ kommun, actor, params }) => getPromiseForApi(ctx, coopReader(actor, kommun.id), kommun.slug, params.promise),
  );

  kommunRoute(
    app,
    {
      method: 'GET',
      url: `${base}/follow-ups`,
      query: pageQuery,
      api: { operationId: 'listFollowUps', tag, summary: 'cooperation.api.listFollowUps', response: { status: 200, description: 'cooperation.api.followUpListAnswer', schema: entryListResponse } },
    },
    async ({ kommun, actor, query }) => listFollowUpsForApi(ctx, coopReader(actor, kommun.id), query.after),
  );

  registerCooperationApiWrites(app, ctx);
}
