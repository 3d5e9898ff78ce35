// Public pages of news and pages: the list, each item (and its lättläst version), the lättläst
// index and the Atom feed. One function per page; each reads through the service.
import type { FastifyInstance } from 'fastify';
import { publicBaseUrl } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { renderAtomFeed } from './news.feed.js';
import { encodeCursor, publisherLabel } from './news.presenter.js';
import type { ContentKind } from './news.repository.js';
import { contentSlugParams, newsLimits, publicListQuery } from './news.schemas.js';
import { listEasyReadContent, listPublishedContent, readPublishedContent } from './news.service.js';
import { ContentPage, EasyReadIndexPage, NewsListPage, PagesIndexPage } from './news.views.js';

export function registerNewsPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  showNewsList(app, ctx);
  serveNewsFeed(app, ctx);
  showContent(app, ctx, '/:kommun/nyheter/:slug', 'news', false);
  showContent(app, ctx, '/:kommun/nyheter/:slug/lattlast', 'news', true);
  showContent(app, ctx, '/:kommun/sidor/:slug', 'page', false);
  showContent(app, ctx, '/:kommun/sidor/:slug/lattlast', 'page', true);
  showEasyReadIndex(app, ctx);
  showPagesIndex(app, ctx);
}

function showNewsList(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/nyheter', query: publicListQuery }, async ({ request, reply, kommun, query }) => {
    const { efter: after, fore: before } = query;
    const { items, hasMore } = await listPublishedContent(ctx, kommun.id, 'news', request.locale, { limit: newsLimits.listPageSize, after, before });
    const first = items[0]?.item;
    const last = items[items.length - 1]?.item;
    const goingBack = !after && before !== undefined;
    const olderHref = last && (goingBack || hasMore) ? `/${kommun.slug}/nyheter?efter=${encodeURIComponent(encodeCursor(last))}` : null;
    const newerHref = first && (after || (goingBack && hasMore)) ? `/${kommun.slug}/nyheter?fore=${encodeURIComponent(encodeCursor(first))}` : null;
    return sendPage(request, reply, <NewsListPage items={items} newerHref={newerHref} olderHref={olderHref} />);
  });
}

function serveNewsFeed(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/nyheter.atom' }, async ({ reply, kommun }) => {
    const { items } = await listPublishedContent(ctx, kommun.id, 'news', 'sv', { limit: newsLimits.feedSize });
    // Absolute links come from PUBLIC_URL, never from the Host header.
    const t = ctx.registry.messages.translator('sv');
    const xml = renderAtomFeed({
      kommun,
      baseUrl: publicBaseUrl(ctx),
      title: t('news.feedTitle', { kommun: kommun.name }),
      items: items.map((i) => i.item),
      publisherName: (publisher) => publisherLabel(t, publisher),
    });
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });
}

function showContent(app: FastifyInstance, ctx: AppContext, url: `/:kommun/${string}`, kind: ContentKind, easyRead: boolean): void {
  kommunRoute(app, { method: 'GET', url, params: contentSlugParams }, async ({ request, reply, kommun, params }) => {
    const { row, text, attachments } = await readPublishedContent(ctx, kommun.id, kind, params.slug, request.locale, { easyRead });
    return sendPage(request, reply, <ContentPage row={row} text={text} attachments={attachments} easyRead={easyRead} />);
  });
}

function showEasyReadIndex(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/lattlast' }, async ({ request, reply, kommun }) => {
    const pages = await listEasyReadContent(ctx, kommun.id);
    return sendPage(request, reply, <EasyReadIndexPage pages={pages} />);
  });
}

/** The kommun's pages, from the public menu: the index lists up to a hundred, newest first. */
function showPagesIndex(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/om' }, async ({ request, reply, kommun }) => {
    const { items } = await listPublishedContent(ctx, kommun.id, 'page', request.locale, { limit: 100 });
    return sendPage(request, reply, <PagesIndexPage pages={items} />);
  });
}
