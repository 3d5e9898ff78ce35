// Public pages of the cooperation: the landing page, plan overviews with their filters, activity
// pages, the löften with their versions, print versions and the Atom feeds. Anyone may read
// them; every loader reads through a public reader, so what the public may not see is not found.
import type { FastifyInstance } from 'fastify';
import { publicBaseUrl } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { sendPage } from '../../platform/views/render.js';
import { ActivityPageView, ActivityValuesPageView } from './activity.views.js';
import type { EntryWithTarget } from './entry.repository.js';
import { renderFollowUpFeed } from './feed.js';
import { PlanOverviewPage, PlanPrintPage } from './plan.views.js';
import { PromiseVersionPage, PromiseVersionsPage } from './promise-versions.views.js';
import { PromiseIndexPage, PromisePageView, PromisePrintPage } from './promise.views.js';
import { activityParams, coopPaths, planOverviewQuery, planParams, promiseParams, promiseVersionParams, timelineQuery } from './public.presenter.js';
import {
  currentPromiseOf,
  loadActivityPage,
  loadActivityValues,
  loadKommunFeed,
  loadLanding,
  loadPlanOverview,
  loadPlanPrint,
} from './public.service.js';
import { loadPromiseFeed, loadPromiseIndex, loadPromisePage, loadPromisePrint, loadPromiseVersion, loadPromiseVersions } from './promise-public.service.js';
import { LandingPage } from './landing.views.js';

/** Today as a calendar date, for "current" plans and löften. */
export const today = () => new Date().toISOString().slice(0, 10);

export function registerCooperationPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/samverkan' }, async ({ request, reply, kommun }) => {
    return sendPage(request, reply, <LandingPage data={await loadLanding(ctx, kommun.id, today())} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan', params: planParams, query: planOverviewQuery }, async ({ request, reply, kommun, params, query }) => {
    return sendPage(request, reply, <PlanOverviewPage data={await loadPlanOverview(ctx, kommun.id, params.plan, query)} />);
  });

  // Declared before /:plan/:activity so that "utskrift" is the print version, not an activity's slug.
  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan/utskrift', params: planParams }, async ({ request, reply, kommun, params }) => {
    const data = await loadPlanPrint(ctx, kommun.id, params.plan);
    return sendPage(request, reply, <PlanPrintPage {...data} sourceUrl={absolute(ctx, kommun, coopPaths.plan(data.plan.slug))} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan/:activity/matvarden', params: activityParams }, async ({ request, reply, kommun, params }) => {
    return sendPage(request, reply, <ActivityValuesPageView {...await loadActivityValues(ctx, kommun.id, params.plan, params.activity)} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/atgardsplaner/:plan/:activity', params: activityParams, query: timelineQuery }, async ({ request, reply, kommun, params, query }) => {
    const data = await loadActivityPage(ctx, kommun.id, params.plan, params.activity, query.efter);
    return sendPage(request, reply, <ActivityPageView data={data} isFirstPage={!query.efter} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften' }, async ({ request, reply, kommun }) => {
    const promises = await loadPromiseIndex(ctx, kommun.id);
    return sendPage(request, reply, <PromiseIndexPage promises={promises} currentId={currentPromiseOf(promises, today())?.promiseId} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug', params: promiseParams, query: timelineQuery }, async ({ request, reply, kommun, params, query }) => {
    const data = await loadPromisePage(ctx, kommun.id, params.slug, query.efter);
    return sendPage(request, reply, <PromisePageView data={data} isFirstPage={!query.efter} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/utskrift', params: promiseParams }, async ({ request, reply, kommun, params }) => {
    const data = await loadPromisePrint(ctx, kommun.id, params.slug);
    return sendPage(request, reply, <PromisePrintPage data={data} sourceUrl={absolute(ctx, kommun, coopPaths.promise(data.version.slug))} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/versioner', params: promiseParams }, async ({ request, reply, kommun, params }) => {
    const { current, versions } = await loadPromiseVersions(ctx, kommun.id, params.slug);
    return sendPage(request, reply, <PromiseVersionsPage current={current} versions={versions} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/versioner/:n', params: promiseVersionParams }, async ({ request, reply, kommun, params }) => {
    return sendPage(request, reply, <PromiseVersionPage data={await loadPromiseVersion(ctx, kommun.id, params.slug, params.n)} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/uppfoljning.atom' }, async ({ reply, kommun }) => {
    const t = ctx.registry.messages.translator('sv');
    const entries = await loadKommunFeed(ctx, kommun.id);
    return sendFeed(reply, ctx, kommun, { title: t('cooperation.public.feedTitle', { kommun: kommun.name }), selfPath: coopPaths.feed, alternatePath: coopPaths.landing, entries });
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/medborgarloften/:slug/uppfoljning.atom', params: promiseParams }, async ({ reply, kommun, params }) => {
    const t = ctx.registry.messages.translator('sv');
    const { version, entries } = await loadPromiseFeed(ctx, kommun.id, params.slug);
    return sendFeed(reply, ctx, kommun, {
      title: t('cooperation.public.promiseFeedTitle', { title: version.title }),
      selfPath: coopPaths.promiseFeed(version.slug),
      alternatePath: coopPaths.promise(version.slug),
      entries,
    });
  });
}

/** Absolute links come from PUBLIC_URL, never from the Host header. */
function absolute(ctx: AppContext, kommun: Kommun, path: string): string {
  return `${publicBaseUrl(ctx)}/${kommun.slug}/${path}`;
}

function sendFeed(
  reply: import('fastify').FastifyReply,
  ctx: AppContext,
  kommun: Kommun,
  feed: { title: string; selfPath: string; alternatePath: string; entries: EntryWithTarget[] },
) {
  const xml = renderFollowUpFeed({ kommun, baseUrl: publicBaseUrl(ctx), t: ctx.registry.messages.translator('sv'), ...feed });
  return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
}
