// Public places pages and API, and the staff editor: one function per page or action. Routes stay
// thin: parse, call one service function, render. Permission is named at each staff route and
// checked again in the service; hidden things are 404.
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { setFlash } from '../http/kernel.plugin.js';
import { kommunRoute, type RouteContext } from '../http/kommun-route.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { emptyForm, type FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { placeJson, placePaging, placesFeatureCollection } from './place.presenter.js';
import type { Place } from './place.repository.js';
import {
  placeApiListQuery,
  placeGeojsonQuery,
  placeIdParams,
  placeInputSchema,
  placeListQuery,
  placeListResponse,
  placeResponse,
  placesFeatureCollectionSchema,
  placeSlugParams,
} from './place.schemas.js';
import { createPlace, editPlace, getPlace, getPlaceForEditing, listPlaceChoices, listPlaceSummariesPage, listPlacesInView, listPlacesPage, removePlace } from './place.service.js';
import { DeletePlacePage, PlaceFormPage, PlacePage, PlacesListPage, StaffPlacesPage } from './place.views.js';

export function registerPlaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  showPlaceList(app, ctx);
  showPlace(app, ctx);
  servePlacesGeojson(app, ctx);
  listPlacesApi(app, ctx);
  getPlaceApi(app, ctx);
  showStaffPlaces(app, ctx);
  showNewPlaceForm(app, ctx);
  createPlaceFromForm(app, ctx);
  showEditPlaceForm(app, ctx);
  savePlaceFromForm(app, ctx);
  showDeletePlace(app, ctx);
  deletePlaceFromForm(app, ctx);
}

const staffListPath = (kommun: Kommun) => `/${kommun.slug}/admin/platser`;

// ---- public pages ----------------------------------------------------------------------------

function showPlaceList(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/platser', query: placeListQuery }, async ({ request, reply, kommun, query }) => {
    const { places, next } = await listPlaceSummariesPage(ctx, kommun.id, placePaging.publicPageSize, query.efter);
    const base = `/${kommun.slug}/platser`;
    return sendPage(request, reply, <PlacesListPage places={places} firstHref={query.efter ? base : null} nextHref={next ? `${base}?efter=${encodeURIComponent(next)}` : null} />);
  });
}

function showPlace(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/platser/:slug', params: placeSlugParams }, async ({ request, reply, kommun, params }) => {
    return sendPage(request, reply, <PlacePage place={await getPlace(ctx, kommun.id, params.slug)} />);
  });
}

// ---- API -------------------------------------------------------------------------------------

function servePlacesGeojson(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/places.geojson',
      query: placeGeojsonQuery,
      api: {
        operationId: 'listPlacesGeojson',
        tag: 'places',
        summary: 'places.api.placesGeojson',
        response: { status: 200, description: 'places.api.geojsonAnswer', schema: placesFeatureCollectionSchema, mediaType: 'application/geo+json' },
      },
    },
    async ({ reply, kommun, query }) => {
      // A map view gets as many as the limit allows; without a box, everything, page by page with `after`.
      const { places, truncated, next } = query.bbox
        ? { ...(await listPlacesInView(ctx, kommun.id, query.bbox, query.limit)), next: null }
        : await listPlacesPage(ctx, kommun.id, query.limit, query.after).then((page) => ({ ...page, truncated: page.next !== null }));
      return reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .send(JSON.stringify(placesFeatureCollection(kommun.slug, places, truncated, next)));
    },
  );
}

function listPlacesApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/places',
      query: placeApiListQuery,
      api: { operationId: 'listPlaces', tag: 'places', summary: 'places.api.listPlaces', response: { status: 200, description: 'places.api.listAnswer', schema: placeListResponse } },
    },
    async ({ kommun, query }) => {
      const { places, next } = await listPlacesPage(ctx, kommun.id, placePaging.apiPageSize, query.after);
      return { data: places.map((place) => placeJson(kommun.slug, place)), next };
    },
  );
}

function getPlaceApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/places/:slug',
      params: placeSlugParams,
      api: { operationId: 'getPlace', tag: 'places', summary: 'places.api.getPlace', response: { status: 200, description: 'places.api.placeAnswer', schema: placeResponse } },
    },
    async ({ kommun, params }) => ({ data: placeJson(kommun.slug, await getPlace(ctx, kommun.id, params.slug)) }),
  );
}

// ---- staff editor ----------------------------------------------------------------------------

type StaffRoute = RouteContext<unknown, unknown, unknown, Actor, Kommun>;

async function renderPlaceForm(ctx: AppContext, { request, reply, kommun }: StaffRoute, form: FormState, place?: Place, status = 200) {
  return sendPage(request, reply, <PlaceFormPage place={place} form={form} choices={await listPlaceChoices(ctx, kommun.id)} />, status);
}

function showStaffPlaces(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/platser', permission: 'places.manage', query: placeListQuery }, async ({ request, reply, kommun, query }) => {
    const { places, next } = await listPlacesPage(ctx, kommun.id, placePaging.staffPageSize, query.efter);
    const base = staffListPath(kommun);
    return sendPage(request, reply, <StaffPlacesPage places={places} firstHref={query.efter ? base : null} nextHref={next ? `${base}?efter=${encodeURIComponent(next)}` : null} />);
  });
}

function showNewPlaceForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/platser/ny', permission: 'places.manage' }, async (route) => renderPlaceForm(ctx, route, emptyForm));
}

function createPlaceFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/platser', permission: 'places.manage', body: placeInputSchema, invalid: (route, form) => renderPlaceForm(ctx, route, form, undefined, 422) },
    async ({ request, reply, actor, kommun, body }) => {
      await createPlace(ctx, actor, kommun.id, body);
      setFlash(reply, request, 'places.flashCreated');
      return reply.redirect(staffListPath(kommun), 303);
    },
  );
}

function showEditPlaceForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/platser/:id', permission: 'places.manage', params: placeIdParams }, async (route) => {
    return renderPlaceForm(ctx, route, emptyForm, await getPlaceForEditing(ctx, route.actor, route.kommun.id, route.params.id));
  });
}

function savePlaceFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/:kommun/admin/platser/:id',
      permission: 'places.manage',
      params: placeIdParams,
      body: placeInputSchema,
      invalid: async (route, form) => renderPlaceForm(ctx, route, form, await getPlaceForEditing(ctx, route.actor, route.kommun.id, route.params.id), 422),
    },
    async ({ request, reply, actor, kommun, params, body }) => {
      await editPlace(ctx, actor, kommun.id, params.id, body);
      setFlash(reply, request, 'places.flashUpdated');
      return reply.redirect(staffListPath(kommun), 303);
    },
  );
}

function showDeletePlace(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/platser/:id/ta-bort', permission: 'places.manage', params: placeIdParams }, async ({ request, reply, actor, kommun, params }) => {
    return sendPage(request, reply, <DeletePlacePage place={await getPlaceForEditing(ctx, actor, kommun.id, params.id)} />);
  });
}

function deletePlaceFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/platser/:id/ta-bort', permission: 'places.manage', params: placeIdParams }, async ({ request, reply, actor, kommun, params }) => {
    await removePlace(ctx, actor, kommun.id, params.id);
    setFlash(reply, request, 'places.flashDeleted');
    return reply.redirect(staffListPath(kommun), 303);
  });
}
