// The cooperation's JSON API, writes: the staff's plans, activities, indicators, follow-ups and
// löften, parsed with the HTML forms' schemas and done by the same service functions (which
// check the permission and the party again). Answers: 201/200 {data, can}; 422 with the fields;
// 409 when someone saved first, with what is stored now as `error.current`, so that nothing the
// client sent is lost and it can save again on the current lockVersion. Signed-in callers send
// the session cookie and the x-csrf-token header. Follow-ups take no files here (the form does).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ConflictError } from '../../platform/http/errors.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import {
  activityStaffResponse,
  activityUpdateSchema,
  entryStaffResponse,
  idParams,
  indicatorStaffResponse,
  planIdParams,
  planStaffResponse,
  promiseIdParams,
  promiseStaffResponse,
  publishSchema,
} from './api.schemas.js';
import { activityAbilities, planAbilities, promiseAbilities, toEntryJson, toIndicatorJson, toPlanJson, toPromiseJson } from './api.presenter.js';
import { presentActivity } from './api.service.js';
import { StaleEditError } from './cooperation.errors.js';
import { activityInputSchema, entryInputSchema, indicatorInputSchema, planInputSchema, planUpdateSchema } from './cooperation.schemas.js';
import { addActivityFollowUp } from './entry.service.js';
import { valuesOfEntries } from './indicator.repository.js';
import { createIndicator } from './indicator.service.js';
import { createActivity, createPlan, updateActivity, updatePlan } from './plan.service.js';
import type { ActivityRow, PlanRow } from './plan.repository.js';
import type { PromiseVersionRow } from './promise.repository.js';
import { promiseInputSchema, promiseSaveSchema } from './promise.schemas.js';
import { createPromise, publishPromise, savePromiseDraft } from './promise.service.js';

const base = '/api/v1/:kommun/cooperation' as const;
const tag = 'cooperation';

/** A concurrent edit as the API answers it: 409 with the stored row presented like the answer's data. */
async function answeringConflicts<T, C>(work: () => Promise<T>, present: (current: C) => unknown | Promise<unknown>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StaleEditError) throw new ConflictError(error.messageKey, await present(error.current as C));
    throw error;
  }
}

export function registerCooperationApiWrites(app: FastifyInstance, ctx: AppContext): void {
  const plan = { description: 'cooperation.api.planStaffAnswer', schema: planStaffResponse } as const;
  const activity = { description: 'cooperation.api.activityStaffAnswer', schema: activityStaffResponse } as const;
  const promise = { description: 'cooperation.api.promiseStaffAnswer', schema: promiseStaffResponse } as const;

  kommunRoute(
    app,
    { method: 'POST', url: `${base}/plans`, permission: 'cooperation.write', body: planInputSchema, api: { operationId: 'createCooperationPlan', tag, summary: 'cooperation.api.createPlan', response: { status: 201, ...plan } } },
    async ({ reply, actor, kommun, body }) => {
      const created = await createPlan(ctx, actor, kommun.id, body);
      return reply.code(201).send({ data: toPlanJson(created, kommun.slug), can: planAbilities(actor, kommun, created) });
    },
  );

  kommunRoute(
    app,
    {
      method: 'PUT',
      url: `${base}/plans/:plan`,
      permission: 'cooperation.write',
      params: planIdParams,
      body: planUpdateSchema,
      api: { operationId: 'updateCooperationPlan', tag, summary: 'cooperation.api.updatePlan', description: 'cooperation.api.lockVersionDescription', refusals: [409], response: { status: 200, ...plan } },
    },
    async ({ actor, kommun, params, body }) => {
      const saved = await answeringConflicts(
        () => updatePlan(ctx, actor, kommun.id, params.plan, body.input, body.lockVersion),
        (current: PlanRow) => toPlanJson(current, kommun.slug),
      );
      return { data: toPlanJson(saved, kommun.slug), can: planAbilities(actor, kommun, saved) };
    },
  );

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `${base}/plans/:plan/activities`,
      permission: 'cooperation.write',
      params: planIdParams,
      body: activityInputSchema,
      api: { operationId: 'createCooperationActivity', tag, summary: 'cooperation.api.createActivity', refusals: [409], response: { status: 201, ...activity } },
    },
    async ({ reply, actor, kommun, params, body }) => {
      const created = await createActivity(ctx, actor, kommun.id, params.plan, body);
      return reply.code(201).send({ data: await presentActivity(ctx, kommun, created), can: activityAbilities(actor, kommun.id, created) });
    },
  );

  kommunRoute(
    app,
    {
      method: 'PUT',
      url: `${base}/activities/:id`,
      permission: 'cooperation.write',
      params: idParams,
      body: activityUpdateSchema,
      api: { operationId: 'updateCooperationActivity', tag, summary: 'cooperation.api.updateActivity', description: 'cooperation.api.lockVersionDescription', refusals: [403, 409], response: { status: 200, ...activity } },
    },
    async ({ actor, kommun, params, body }) => {
      const saved = await answeringConflicts(
        () => updateActivity(ctx, actor, kommun.id, params.id, body.input, body.lockVersion),
        (current: ActivityRow) => presentActivity(ctx, kommun, current),
      );
      return { data: await presentActivity(ctx, kommun, saved), can: activityAbilities(actor, kommun.id, saved) };
    },
  );

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `${base}/activities/:id/indicators`,
      permission: 'cooperation.write',
      params: idParams,
      body: indicatorInputSchema,
      api: { operationId: 'createCooperationIndicator', tag, summary: 'cooperation.api.createIndicator', refusals: [403], response: { status: 201, description: 'cooperation.api.indicatorStaffAnswer', schema: indicatorStaffResponse } },
    },
    async ({ reply, actor, kommun, params, body }) => {
      const created = await createIndicator(ctx, actor, kommun.id, params.id, body);
      return reply.code(201).send({ data: toIndicatorJson(created, undefined), can: { update: true } });
    },
  );

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `${base}/activities/:id/follow-ups`,
      permission: 'cooperation.write',
      params: idParams,
      body: entryInputSchema,
      api: {
        operationId: 'addCooperationFollowUp',
        tag,
        summary: 'cooperation.api.addFollowUp',
        description: 'cooperation.api.addFollowUpDescription',
        refusals: [403],
        response: { status: 201, description: 'cooperation.api.followUpStaffAnswer', schema: entryStaffResponse },
      },
    },
    async ({ reply, actor, kommun, params, body }) => {
      const entry = await addActivityFollowUp(ctx, actor, kommun.id, params.id, body);
      const values = await valuesOfEntries(ctx.db, kommun.id, [entry.id]);
      return reply.code(201).send({ data: toEntryJson(entry, values.get(entry.id)), can: {} });
    },
  );

  kommunRoute(
    app,
    { method: 'POST', url: `${base}/promises`, permission: 'cooperation.write', body: promiseInputSchema, api: { operationId: 'createCitizenPromise', tag, summary: 'cooperation.api.createPromise', response: { status: 201, ...promise } } },
    async ({ reply, actor, kommun, body }) => {
      const created = await createPromise(ctx, actor, kommun.id, body);
      return reply.code(201).send({ data: toPromiseJson(created, kommun.slug), can: promiseAbilities(actor, kommun, created) });
    },
  );

  kommunRoute(
    app,
    {
      method: 'PUT',
      url: `${base}/promises/:promise`,
      permission: 'cooperation.write',
      params: promiseIdParams,
      body: promiseSaveSchema,
      api: { operationId: 'saveCitizenPromiseDraft', tag, summary: 'cooperation.api.savePromise', description: 'cooperation.api.lockVersionDescription', refusals: [409], response: { status: 200, ...promise } },
    },
    async ({ actor, kommun, params, body }) => {
      const saved = await answeringConflicts(
        () => savePromiseDraft(ctx, actor, kommun.id, params.promise, body.input, body.lockVersion),
        (current: PromiseVersionRow) => toPromiseJson(current, kommun.slug),
      );
      return { data: toPromiseJson(saved, kommun.slug), can: promiseAbilities(actor, kommun, saved) };
    },
  );

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `${base}/promises/:promise/publish`,
      permission: 'cooperation.decide',
      params: promiseIdParams,
      body: publishSchema,
      api: { operationId: 'publishCitizenPromise', tag, summary: 'cooperation.api.publishPromise', description: 'cooperation.api.publishPromiseDescription', refusals: [403, 409], response: { status: 200, ...promise } },
    },
    async ({ actor, kommun, params, body }) => {
      const published = await answeringConflicts(
        () => publishPromise(ctx, actor, kommun, params.promise, body.lockVersion),
        (current: PromiseVersionRow) => toPromiseJson(current, kommun.slug),
      );
      return { data: toPromiseJson(published, kommun.slug), can: promiseAbilities(actor, kommun, published) };
    },
  );
}
