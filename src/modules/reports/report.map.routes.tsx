// The public map (/:kommun/karta), its GeoJSON (/api/v1/:kommun/reports.geojson) and the Atom
// feeds of new reports, per kommun and per place. Handlers parse, call the map service and render.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicBaseUrl } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import { findPlaceBySlug, parseBbox } from '../../platform/places/index.js';
import { sendPage } from '../../platform/views/render.js';
import { activeCategoriesOf, allCategoriesOf } from './report.categories.service.js';
import type { ClusterFilter, MapPeriod } from './report.cluster.js';
import { renderReportFeed, reportFeedSize } from './report.feed.js';
import { listNewestPublished } from './report.map.repository.js';
import { decodeMapCursor, featureCollectionJson, mapCentre, mapPointsPage, mapViewport, stopMapIndexes, warmMapIndexes, type FeatureWords } from './report.map.service.js';
import { MapPage, mapPath } from './report.map.views.js';
import { reportPaths } from './report.paths.js';
import { publicListQuery, reportLimits, type PublicListQuery } from './report.schemas.js';
import { listPublicReports } from './report.service.js';
import { statusesOfKind } from './report.states.js';
import { dayParts, partBit } from './report.when.js';

export const mapLimits = { defaultLimit: 500, maxLimit: 1000, maxZoom: 22 } as const;

// The box is read as the places' GeoJSON reads it: one rule for every map layer.

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const reportGeojsonQuery = z.object({
  bbox: z
    .string()
    .max(120)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const bbox = parseBbox(value);
      if (!bbox) ctx.addIssue({ code: 'custom', message: 'reports.map.bboxInvalid' });
      return bbox ?? undefined;
    })
    .meta({ description: 'reports.map.api.bbox' }),
  zoom: z.coerce.number({ error: 'reports.map.zoomInvalid' }).int({ error: 'reports.map.zoomInvalid' }).min(0, { error: 'reports.map.zoomInvalid' }).max(mapLimits.maxZoom, { error: 'reports.map.zoomInvalid' }).default(12).meta({ description: 'reports.map.api.zoom' }),
  category: z.preprocess(blankToUndefined, z.string().max(40).optional()).meta({ description: 'reports.map.api.category' }),
  status: z.preprocess(blankToUndefined, z.enum(['open', 'fixed', 'closed']).optional()).meta({ description: 'reports.map.api.status' }),
  tid: z.preprocess(blankToUndefined, z.enum(dayParts).optional()).meta({ description: 'reports.map.api.tid' }),
  period: z.preprocess(blankToUndefined, z.enum(['30', '90', '365', 'all']).optional()).meta({ description: 'reports.map.api.period' }),
  limit: z.coerce
    .number({ error: 'reports.map.limitInvalid' })
    .int({ error: 'reports.map.limitInvalid' })
    .min(1, { error: 'reports.map.limitInvalid' })
    .max(mapLimits.maxLimit, { error: 'reports.map.limitInvalid' })
    .default(mapLimits.defaultLimit)
    .meta({ description: 'reports.map.api.limit' }),
  after: z.string().max(200).optional().meta({ description: 'reports.map.api.after' }),
});

const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string().optional(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
  properties: z.object({
    cluster: z.boolean(),
    name: z.string(),
    count: z.number().optional(),
    weight: z.number(),
    url: z.string().optional(),
    reference: z.string().optional(),
    category: z.string().optional(),
    status: z.string().optional(),
  }),
});
const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(featureSchema),
  truncated: z.boolean(),
  zoom: z.number().optional(),
  next: z.string().nullable().optional(),
});

export function registerReportMapRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onClose', async () => stopMapIndexes(ctx));
  // Not awaited: the server answers while the indexes build; a map request meanwhile waits for its kommun's.
  app.addHook('onReady', async () => {
    warmMapIndexes(ctx).catch((error: unknown) => ctx.logger.warn({ err: error }, 'report map warm-up failed'));
  });
  geojson(app, ctx);
  mapPage(app, ctx);
  feeds(app, ctx);
}

function wordsOf(t: Translate, locale: FeatureWords['locale']): FeatureWords {
  return { locale, clusterName: (n) => t('reports.map.clusterName', { n: String(n) }), statusName: (status) => t(`reports.status.${status}`) };
}

function filterOf(query: { category?: string | undefined; status?: 'open' | 'fixed' | 'closed' | undefined; tid?: (typeof dayParts)[number] | undefined; period?: string | undefined }): ClusterFilter {
  return {
    category: query.category,
    kind: query.status,
    partBit: query.tid ? partBit(query.tid) : undefined,
    periodDays: query.period && query.period !== 'all' ? (Number(query.period) as MapPeriod) : undefined,
  };
}

function geojson(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/reports.geojson',
      query: reportGeojsonQuery,
      api: {
        operationId: 'listReportsGeojson',
        tag: 'reports',
        summary: 'reports.map.api.geojson',
        response: { status: 200, description: 'reports.map.api.geojsonAnswer', schema: featureCollectionSchema, mediaType: 'application/geo+json' },
      },
    },
    async ({ request, reply, kommun, query }) => {
      const t = ctx.registry.messages.translator(request.locale);
      const words = wordsOf(t, request.locale);
      let body;
      if (query.bbox) {
        body = await mapViewport(ctx, kommun, { bbox: query.bbox, zoom: query.zoom, filter: filterOf(query), limit: query.limit }, words);
      } else {
        const after = query.after ? decodeMapCursor(query.after) : undefined;
        if (after === null) throw new ValidationError({ after: 'reports.map.afterInvalid' });
        body = await mapPointsPage(ctx, kommun, query.limit, after, words);
      }
      return reply.header('content-type', 'application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=2').send(featureCollectionJson(body));
    },
  );
}

function encodeListCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(`${row.created_at}|${row.id}`).toString('base64url');
}

function decodeListCursor(value: string | undefined): { createdAt: string; id: string } | undefined {
  if (!value) return undefined;
  const [createdAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!createdAt || !isId(id) || Number.isNaN(Date.parse(createdAt))) throw new ValidationError({ efter: 'validation.invalid' });
  return { createdAt: new Date(Date.parse(createdAt)).toISOString(), id };
}

function filterParams(query: PublicListQuery): URLSearchParams {
  return new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'efter'));
}

function mapPage(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: `/:kommun/${mapPath}`, query: publicListQuery }, async ({ request, reply, kommun, query }) => {
    const days = query.period && query.period !== 'all' ? Number(query.period) : undefined;
    const filter = {
      category: query.kategori,
      statuses: query.status ? statusesOfKind(query.status) : undefined,
      partBit: query.tid ? partBit(query.tid) : undefined,
      since: days ? new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10) : undefined,
    };
    const [{ rows, hasMore }, categories, centre] = await Promise.all([
      listPublicReports(ctx, kommun, filter, { limit: reportLimits.listPageSize, after: decodeListCursor(query.efter) }),
      activeCategoriesOf(ctx.db, kommun.id),
      kommun.boundary ? Promise.resolve(null) : mapCentre(ctx, kommun.id),
    ]);
    const params = filterParams(query);
    const layer = new URLSearchParams();
    if (query.kategori) layer.set('category', query.kategori);
    if (query.status) layer.set('status', query.status);
    if (query.tid) layer.set('tid', query.tid);
    if (query.period) layer.set('period', query.period);
    const last = rows[rows.length - 1];
    const older = new URLSearchParams(params);
    if (last && hasMore) older.set('efter', encodeListCursor(last));
    const listQuery = params.toString();
    return sendPage(
      request,
      reply,
      <MapPage
        data={{
          categories,
          filter: query,
          layerUrl: `/api/v1/${kommun.slug}/reports.geojson${layer.size > 0 ? `?${layer.toString()}` : ''}`,
          listHref: `/${kommun.slug}/${reportPaths.list}${listQuery ? `?${listQuery}` : ''}`,
          rows,
          olderHref: last && hasMore ? `/${kommun.slug}/${mapPath}?${older.toString()}` : null,
          view: centre ? { ...centre, zoom: 12 } : null,
        }}
      />,
    );
  });
}

function feeds(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/rapporter.atom' }, async ({ reply, kommun }) => {
    const t = ctx.registry.messages.translator('sv');
    const [reports, categories] = await Promise.all([listNewestPublished(ctx.db, kommun.id, reportFeedSize), allCategoriesOf(ctx.db, kommun.id)]);
    const xml = renderReportFeed({
      kommun,
      baseUrl: publicBaseUrl(ctx),
      locale: 'sv',
      title: t('reports.map.feedTitle', { kommun: kommun.name }),
      selfPath: `/${kommun.slug}/rapporter.atom`,
      pagePath: `/${kommun.slug}/${reportPaths.list}`,
      reports,
      categories,
      entryTitle: (category, status) => t('reports.map.feedEntry', { category, status: t(`reports.status.${status}`) }),
      textHidden: t('reports.map.feedTextHidden'),
    });
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/platser/:slug/rapporter.atom', params: z.object({ slug: z.string().min(1).max(130).regex(/^[a-z0-9-]+$/) }) }, async ({ reply, kommun, params }) => {
    const place = await findPlaceBySlug(ctx.db, kommun.id, params.slug);
    if (!place) throw new NotFoundError();
    const t = ctx.registry.messages.translator('sv');
    const [reports, categories] = await Promise.all([listNewestPublished(ctx.db, kommun.id, reportFeedSize, place.id), allCategoriesOf(ctx.db, kommun.id)]);
    const xml = renderReportFeed({
      kommun,
      baseUrl: publicBaseUrl(ctx),
      locale: 'sv',
      title: t('reports.map.placeFeedTitle', { place: place.name, kommun: kommun.name }),
      selfPath: `/${kommun.slug}/platser/${place.slug}/rapporter.atom`,
      pagePath: `/${kommun.slug}/platser/${place.slug}`,
      reports,
      categories,
      entryTitle: (category, status) => t('reports.map.feedEntry', { category, status: t(`reports.status.${status}`) }),
      textHidden: t('reports.map.feedTextHidden'),
    });
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });
}
