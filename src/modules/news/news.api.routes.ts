// The JSON API for news and pages: public reads, and the staff's writes with the same schema and
// service functions as the HTML editor. Signed-in callers send the session cookie and the
// x-csrf-token header (the kernel checks it). Files are uploaded through the HTML form only.
// Every route describes itself (`api`) for the OpenAPI document at /api/openapi.json.
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { contentAbilities } from './news.policy.js';
import { encodeCursor, toContentJson, toListItemJson, toStaffContentJson } from './news.presenter.js';
import type { ContentRow } from './news.repository.js';
import {
  apiListQuery,
  contentIdParams,
  contentPatchSchema,
  contentSlugParams,
  newContentInputSchema,
  newsItemResponse,
  newsLimits,
  newsListResponse,
  reviewNoteSchema,
  staffContentResponse,
} from './news.schemas.js';
import {
  createContent,
  getContentForStaff,
  getPublishedContent,
  listPublishedContent,
  patchContent,
  setContentPublished,
} from './news.service.js';
import { requestReview, sendContentBack } from './news.review.service.js';
import { newsSettingsOf } from './news.settings.js';

export function registerNewsApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  listNews(app, ctx);
  getNews(app, ctx);
  createContentItem(app, ctx);
  getContentItem(app, ctx);
  patchContentItem(app, ctx);
  changePublication(app, ctx, 'publish', true);
  changePublication(app, ctx, 'unpublish', false);
  requestContentReview(app, ctx);
  sendContentBackToAuthor(app, ctx);
}

function withAbilities(row: ContentRow, actor: Actor, kommun: Kommun) {
  return { data: toStaffContentJson(row, kommun.slug), can: contentAbilities(actor, kommun.id, row, newsSettingsOf(kommun)) };
}

const staffAnswer = { description: 'news.api.staffAnswer', schema: staffContentResponse } as const;

function listNews(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/news',
      query: apiListQuery,
      api: { operationId: 'listNews', tag: 'news', summary: 'news.api.listNews', response: { status: 200, description: 'news.api.listAnswer', schema: newsListResponse } },
    },
    async ({ request, kommun, query }) => {
      const { items, hasMore } = await listPublishedContent(ctx, kommun.id, 'news', request.locale, { limit: newsLimits.listPageSize, after: query.after });
      const last = items[items.length - 1]?.item;
      return { data: items.map(({ item }) => toListItemJson(item, kommun.slug)), next: hasMore && last ? encodeCursor(last) : null };
    },
  );
}

function getNews(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/news/:slug',
      params: contentSlugParams,
      api: { operationId: 'getNews', tag: 'news', summary: 'news.api.getNews', response: { status: 200, description: 'news.api.itemAnswer', schema: newsItemResponse } },
    },
    async ({ kommun, params }) => ({ data: toContentJson(await getPublishedContent(ctx, kommun.id, 'news', params.slug), kommun.slug) }),
  );
}

function createContentItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/:kommun/content',
      permission: 'news.write',
      body: newContentInputSchema,
      api: { operationId: 'createContent', tag: 'news', summary: 'news.api.createContent', response: { status: 201, ...staffAnswer } },
    },
    async ({ reply, actor, kommun, body }) => reply.code(201).send(withAbilities(await createContent(ctx, actor, kommun.id, body), actor, kommun)),
  );
}

function getContentItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/content/:id',
      permission: 'news.read_drafts',
      params: contentIdParams,
      api: { operationId: 'getContent', tag: 'news', summary: 'news.api.getContent', response: { status: 200, ...staffAnswer } },
    },
    async ({ actor, kommun, params }) => withAbilities(await getContentForStaff(ctx, actor, kommun.id, params.id), actor, kommun),
  );
}

function patchContentItem(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/v1/:kommun/content/:id',
      permission: 'news.write',
      params: contentIdParams,
      body: contentPatchSchema,
      api: { operationId: 'updateContent', tag: 'news', summary: 'news.api.updateContent', description: 'news.api.updateContentDescription', response: { status: 200, ...staffAnswer } },
    },
    async ({ actor, kommun, params, body }) => withAbilities(await patchContent(ctx, actor, kommun.id, params.id, body), actor, kommun),
  );
}

function changePublication(app: FastifyInstance, ctx: AppContext, segment: 'publish' | 'unpublish', published: boolean): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: `/api/v1/:kommun/content/:id/${segment}`,
      permission: 'news.publish',
      params: contentIdParams,
      api: {
        operationId: published ? 'publishContent' : 'unpublishContent',
        tag: 'news',
        summary: published ? 'news.api.publishContent' : 'news.api.unpublishContent',
        ...(published ? { description: 'news.api.publishContentDescription', refusals: [409] } : {}),
        response: { status: 200, ...staffAnswer },
      },
    },
    async ({ actor, kommun, params }) => withAbilities(await setContentPublished(ctx, actor, kommun.id, params.id, published), actor, kommun),
  );
}

function requestContentReview(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/:kommun/content/:id/request-review',
      permission: 'news.write',
      params: contentIdParams,
      api: {
        operationId: 'requestContentReview',
        tag: 'news',
        summary: 'news.api.requestReview',
        description: 'news.api.requestReviewDescription',
        refusals: [409],
        response: { status: 200, ...staffAnswer },
      },
    },
    async ({ actor, kommun, params }) => withAbilities(await requestReview(ctx, actor, kommun.id, params.id), actor, kommun),
  );
}

function sendContentBackToAuthor(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/:kommun/content/:id/send-back',
      permission: 'news.publish',
      params: contentIdParams,
      body: reviewNoteSchema,
      api: {
        operationId: 'sendContentBack',
        tag: 'news',
        summary: 'news.api.sendBack',
        description: 'news.api.sendBackDescription',
        refusals: [409],
        response: { status: 200, ...staffAnswer },
      },
    },
    async ({ actor, kommun, params, body }) => withAbilities(await sendContentBack(ctx, actor, kommun.id, params.id, body), actor, kommun),
  );
}
