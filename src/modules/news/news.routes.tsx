import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/views/render.js';
import { publicBaseUrl } from '../../platform/auth/index.js';
import { findAttachments, findPublishedBySlug, findTranslations, listEasyReadPages, listPublished, type ContentKind } from './news.repository.js';
import { decodeCursor, encodeCursor, localise, toContentJson } from './news.presenter.js';
import { newsLimits, slugPattern } from './news.schemas.js';
import { renderAtomFeed } from './news.feed.js';
import { ContentPage, EasyReadIndexPage, NewsListPage } from './news.views.js';


export function registerNewsPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/:kommun/nyheter', async (request, reply) => {
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const after = decodeCursor(query.efter);
    const before = after ? undefined : decodeCursor(query.fore);
    // One extra row tells whether another page exists in the direction of travel.
    const rows = await listPublished(ctx.db, kommun.id, 'news', { limit: newsLimits.listPageSize + 1, after, before });
    const hasMore = rows.length > newsLimits.listPageSize;
    const items = before ? rows.slice(hasMore ? 1 : 0) : rows.slice(0, newsLimits.listPageSize);
    const translations = await findTranslations(ctx.db, items.map((i) => i.id), request.locale);
    const first = items[0];
    const last = items[items.length - 1];
    const olderHref = last && (before || hasMore) ? `/${kommun.slug}/nyheter?efter=${encodeURIComponent(encodeCursor(last))}` : null;
    const newerHref = first && (after || (before && hasMore)) ? `/${kommun.slug}/nyheter?fore=${encodeURIComponent(encodeCursor(first))}` : null;
    return sendPage(
      request,
      reply,
      <NewsListPage items={items.map((item) => ({ item, text: localise(item, translations.get(item.id), request.locale) }))} newerHref={newerHref} olderHref={olderHref} />,
    );
  });

  app.get('/:kommun/nyheter.atom', async (request, reply) => {
    const kommun = request.kommun!;
    const items = await listPublished(ctx.db, kommun.id, 'news', { limit: newsLimits.feedSize });
    // Absolute links come from PUBLIC_URL, never from the Host header.
    const xml = renderAtomFeed({ kommun, baseUrl: publicBaseUrl(ctx), title: ctx.registry.messages.translator('sv')('news.feedTitle', { kommun: kommun.name }), items });
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });

  const showContent = (kind: ContentKind, easyRead: boolean) => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const kommun = request.kommun!;
    const { slug } = request.params as { slug: string };
    if (!slugPattern.test(slug) || slug.length > newsLimits.slug) throw new NotFoundError();
    const row = await findPublishedBySlug(ctx.db, kommun.id, kind, slug);
    if (!row || (easyRead && !row.easyBodyHtml)) throw new NotFoundError();
    const [translations, attachments] = await Promise.all([findTranslations(ctx.db, [row.id], request.locale), findAttachments(ctx.db, row.id)]);
    return sendPage(request, reply, <ContentPage row={row} text={localise(row, translations.get(row.id), request.locale)} attachments={attachments} easyRead={easyRead} />);
  };

  app.get('/:kommun/nyheter/:slug', showContent('news', false));
  app.get('/:kommun/nyheter/:slug/lattlast', showContent('news', true));
  app.get('/:kommun/sidor/:slug', showContent('page', false));
  app.get('/:kommun/sidor/:slug/lattlast', showContent('page', true));

  app.get('/:kommun/lattlast', async (request, reply) => {
    const pages = await listEasyReadPages(ctx.db, request.kommun!.id);
    return sendPage(request, reply, <EasyReadIndexPage pages={pages} />);
  });

  app.get('/api/v1/:kommun/news', async (request) => {
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const items = await listPublished(ctx.db, kommun.id, 'news', { limit: newsLimits.listPageSize, after: decodeCursor(query.after) });
    const last = items[items.length - 1];
    return {
      data: items.map((i) => ({ id: i.id, slug: i.slug, title: i.title, summary: i.summary, publishedAt: i.publishedAt, url: `/${kommun.slug}/nyheter/${i.slug}` })),
      next: items.length === newsLimits.listPageSize && last ? encodeCursor(last) : null,
    };
  });

  app.get('/api/v1/:kommun/news/:slug', async (request) => {
    const { slug } = request.params as { slug: string };
    if (!slugPattern.test(slug)) throw new NotFoundError();
    const row = await findPublishedBySlug(ctx.db, request.kommun!.id, 'news', slug);
    if (!row) throw new NotFoundError();
    return { data: toContentJson(row, request.kommun!.slug) };
  });
}
