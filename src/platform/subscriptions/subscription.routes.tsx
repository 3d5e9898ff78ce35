// The kernel's subscription pages, and the two helpers a module's subscribe route is made of.
// Links in mail only show a page with a button: mail scanners follow links, and a subscription
// must change only when a person (or, for unsubscribing, their mail client per RFC 8058) POSTs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { TooManyRequestsError } from '../http/errors.js';
import { safeLocalPath } from '../http/forms.js';
import { kommunRoute } from '../http/kommun-route.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import type { FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { sentQuery, subscribeIpLimit, tokenQuery, type SubscribeFormInput } from './subscription.schemas.js';
import {
  confirmSubscription,
  findPendingConfirmation,
  findSubscriptionToEnd,
  requestSubscription,
  subscriptionPaths,
  unsubscribe,
  type ConfirmOutcome,
  type FollowedTopic,
  type UnsubscribeOutcome,
} from './subscription.service.js';
import { CheckInboxPage, ConfirmPage, ConfirmedPage, LinkProblemPage, SubscribeFormPage, UnsubscribePage, UnsubscribedPage } from './subscription.views.js';

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: AppContext): void {
  showSent(app);
  showConfirm(app, ctx);
  confirmFromForm(app, ctx);
  showUnsubscribe(app, ctx);
  unsubscribeFromForm(app, ctx);
}

/** What a module's subscribe route passes: the topic key, its title, and the path of its page. */
export interface SubscribeTopic {
  topic: string;
  title: string;
  path: string;
}

/**
 * The whole of a module's subscribe POST once its body parsed (`body: subscribeFormBody`): limits
 * the IP address, requests the subscription in the reader's language and sends them to "check
 * your inbox", the same page whatever became of the address.
 */
export async function acceptSubscribeForm(
  ctx: AppContext,
  route: { request: FastifyRequest; reply: FastifyReply; kommun: Kommun; body: SubscribeFormInput },
  topic: SubscribeTopic,
): Promise<FastifyReply> {
  const { request, reply, kommun, body } = route;
  try {
    await consumeRateLimit(ctx, subscribeIpLimit, request.ip);
  } catch (error) {
    if (error instanceof TooManyRequestsError) throw new TooManyRequestsError(error.retryAfterSeconds, 'subscriptions.tooMany');
    throw error;
  }
  await requestSubscription(ctx, { kommunId: kommun.id, topic: topic.topic, email: body.email, locale: request.locale, topicTitle: topic.title, topicUrl: topic.path });
  const back = safeLocalPath(topic.path, '');
  return reply.redirect(`/${kommun.slug}/${subscriptionPaths.sent}${back ? `?tillbaka=${encodeURIComponent(back)}` : ''}`, 303);
}

/**
 * The subscribe form alone, again, with the typed address and the errors: a module's `invalid`
 * answer for its subscribe route (status 422).
 */
export function sendSubscribeFormPage(
  route: { request: FastifyRequest; reply: FastifyReply },
  props: { action: string; topicTitle: string; topicPath: string; form: FormState },
  status = 422,
): FastifyReply {
  return sendPage(route.request, route.reply, <SubscribeFormPage action={props.action} topic={{ title: props.topicTitle, path: props.topicPath }} form={props.form} />, status);
}

// Token pages are never kept in the anonymous page cache: their URL holds a credential.
function noCache(request: FastifyRequest): void {
  request.cachePage = null;
}

function linkProblem(request: FastifyRequest, reply: FastifyReply, outcome: Exclude<ConfirmOutcome['status'], 'confirmed'>): FastifyReply {
  return sendPage(request, reply, <LinkProblemPage reason={outcome} />, outcome === 'expired' ? 410 : 404);
}

function actionOf(kommun: Kommun, path: string, token: string): string {
  return `/${kommun.slug}/${path}?t=${encodeURIComponent(token)}`;
}

function showSent(app: FastifyInstance): void {
  kommunRoute(app, { method: 'GET', url: `/:kommun/${subscriptionPaths.sent}`, query: sentQuery }, async ({ request, reply, kommun, query }) => {
    const back = safeLocalPath(query.tillbaka, '');
    // Only back into this kommun's own pages.
    return sendPage(request, reply, <CheckInboxPage backPath={back.startsWith(`/${kommun.slug}/`) ? back : null} />);
  });
}

function showConfirm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: `/:kommun/${subscriptionPaths.confirm}`, query: tokenQuery }, async ({ request, reply, kommun, query }) => {
    noCache(request);
    const pending = await findPendingConfirmation(ctx, kommun.id, query.t);
    if (pending.status !== 'confirmed') return linkProblem(request, reply, pending.status);
    return sendPage(request, reply, <ConfirmPage action={actionOf(kommun, subscriptionPaths.confirm, query.t)} topic={pending.topic} />);
  });
}

function confirmFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: `/:kommun/${subscriptionPaths.confirm}`, query: tokenQuery }, async ({ request, reply, kommun, query }) => {
    const outcome = await confirmSubscription(ctx, kommun.id, query.t);
    if (outcome.status !== 'confirmed') return linkProblem(request, reply, outcome.status);
    return sendPage(request, reply, <ConfirmedPage topic={outcome.topic} />);
  });
}

function unsubscribeAnswer(request: FastifyRequest, reply: FastifyReply, outcome: UnsubscribeOutcome, page: (topic: FollowedTopic) => FastifyReply): FastifyReply {
  if (outcome.status === 'unknown') return linkProblem(request, reply, 'unknown');
  if (outcome.status === 'gone') return sendPage(request, reply, <UnsubscribedPage topic={null} />);
  return page(outcome.topic);
}

function showUnsubscribe(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: `/:kommun/${subscriptionPaths.unsubscribe}`, query: tokenQuery }, async ({ request, reply, kommun, query }) => {
    noCache(request);
    const outcome = await findSubscriptionToEnd(ctx, kommun.id, query.t);
    return unsubscribeAnswer(request, reply, outcome, (topic) =>
      sendPage(request, reply, <UnsubscribePage action={actionOf(kommun, subscriptionPaths.unsubscribe, query.t)} topic={topic} />),
    );
  });
}

// The button on the page above, and the mail client's RFC 8058 one-click POST to the same URL
// (see oneClickUnsubscribe in kernel.plugin.ts): both delete the row, address and all.
function unsubscribeFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: `/:kommun/${subscriptionPaths.unsubscribe}`, query: tokenQuery, oneClickUnsubscribe: true }, async ({ request, reply, kommun, query }) => {
    const outcome = await unsubscribe(ctx, kommun.id, query.t);
    return unsubscribeAnswer(request, reply, outcome, (topic) => sendPage(request, reply, <UnsubscribedPage topic={topic} />));
  });
}
