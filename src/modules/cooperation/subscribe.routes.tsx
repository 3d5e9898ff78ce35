// Residents subscribe to a published löfte's or an activity's follow-ups by e-mail. The kernel's
// subscriptions do the rest (double opt-in, one-click unsubscribe, the address sealed and used
// for nothing else); this file only names the topic and where it lives.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { acceptSubscribeForm, sendSubscribeFormPage, subscribeFormBody } from '../../platform/subscriptions/index.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { emptyForm } from '../../platform/views/components.js';
import { publicReader } from './cooperation.policy.js';
import { slugPattern } from './cooperation.schemas.js';
import { activityTopic, promiseTopic } from './cooperation.subscriptions.js';
import { findActivityBySlug, findPlanBySlug } from './plan.repository.js';
import { findCurrentPromiseVersion } from './promise.repository.js';
import { coopPaths } from './public.presenter.js';

const slug = z.string().regex(slugPattern).max(120);
const promiseParams = z.object({ slug });
const activityParams = z.object({ plan: slug, activity: slug });

const path = (kommun: Kommun, rest: string) => `/${kommun.slug}/${rest}`;

/** A löfte residents may follow: published (not ended, not a draft). */
async function followablePromise(ctx: AppContext, kommun: Kommun, slugValue: string) {
  const version = await findCurrentPromiseVersion(ctx.db, publicReader(kommun.id), { slug: slugValue });
  if (!version || version.status !== 'published') throw new NotFoundError();
  return version;
}

/** An activity residents may follow: in a public plan that has not ended. */
async function followableActivity(ctx: AppContext, kommun: Kommun, planSlug: string, activitySlug: string) {
  const plan = await findPlanBySlug(ctx.db, publicReader(kommun.id), planSlug);
  if (!plan || plan.status === 'ended') throw new NotFoundError();
  const activity = await findActivityBySlug(ctx.db, publicReader(kommun.id), plan.id, activitySlug);
  if (!activity) throw new NotFoundError();
  return { plan, activity };
}

export function registerSubscribeRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The forms on pages of their own (see FollowByEmailLink), answered 200 with an empty form.
  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/prenumerera', params: promiseParams }, async (route) => {
    const version = await followablePromise(ctx, route.kommun, route.params.slug);
    return sendSubscribeFormPage(route, { action: path(route.kommun, coopPaths.promiseSubscribe(version.slug)), topicTitle: version.title, topicPath: path(route.kommun, coopPaths.promise(version.slug)), form: emptyForm }, 200);
  });
  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan/:activity/prenumerera', params: activityParams }, async (route) => {
    const { plan, activity } = await followableActivity(ctx, route.kommun, route.params.plan, route.params.activity);
    return sendSubscribeFormPage(
      route,
      { action: path(route.kommun, coopPaths.activitySubscribe(plan.slug, activity.slug)), topicTitle: activity.title, topicPath: path(route.kommun, coopPaths.activity(plan.slug, activity.slug)), form: emptyForm },
      200,
    );
  });
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/medborgarloften/:slug/prenumerera',
      params: promiseParams,
      body: subscribeFormBody,
      invalid: async (route, form) => {
        const version = await followablePromise(ctx, route.kommun, route.params.slug);
        return sendSubscribeFormPage(route, { action: path(route.kommun, coopPaths.promiseSubscribe(version.slug)), topicTitle: version.title, topicPath: path(route.kommun, coopPaths.promise(version.slug)), form });
      },
    },
    async (route) => {
      const version = await followablePromise(ctx, route.kommun, route.params.slug);
      return acceptSubscribeForm(ctx, route, { topic: promiseTopic(version.promiseId), title: version.title, path: path(route.kommun, coopPaths.promise(version.slug)) });
    },
  );
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/atgardsplaner/:plan/:activity/prenumerera',
      params: activityParams,
      body: subscribeFormBody,
      invalid: async (route, form) => {
        const { plan, activity } = await followableActivity(ctx, route.kommun, route.params.plan, route.params.activity);
        return sendSubscribeFormPage(route, {
          action: path(route.kommun, coopPaths.activitySubscribe(plan.slug, activity.slug)),
          topicTitle: activity.title,
          topicPath: path(route.kommun, coopPaths.activity(plan.slug, activity.slug)),
          form,
        });
      },
    },
    async (route) => {
      const { plan, activity } = await followableActivity(ctx, route.kommun, route.params.plan, route.params.activity);
      return acceptSubscribeForm(ctx, route, { topic: activityTopic(activity.id), title: activity.title, path: path(route.kommun, coopPaths.activity(plan.slug, activity.slug)) });
    },
  );
}
