// Public places pages and API, and the staff editor. Routes stay thin: parse, call one service
// function, render. Permission is re-checked in the service; hidden things are 404 here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { sendPage } from '../views/render.js';
import type { FormState } from '../views/components.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { findPlaceById, findPlaceBySlug, listPlaces, listPlacesInBox, type Place } from './place.repository.js';
import { createPlace, editPlace, removePlace } from './place.service.js';
import { placeInputSchema } from './place.schemas.js';
import { decodePlaceCursor, encodePlaceCursor, parseBbox, placeJson, placePaging, placeSlugPattern, placesFeatureCollection } from './place.presenter.js';
import { DeletePlacePage, PlaceFormPage, PlacePage, PlacesListPage, StaffPlacesPage } from './place.views.js';

/** One page of places in alphabetical order plus the cursor of the next page, if any. */
async function placePage(ctx: AppContext, kommun: Kommun, size: number, cursor: unknown) {
  const after = decodePlaceCursor(cursor);
  const rows = await listPlaces(ctx.db, kommun.id, { limit: size + 1, after });
  const places = rows.slice(0, size);
  const last = places[places.length - 1];
  return { places, next: rows.length > size && last ? encodePlaceCursor(last) : null, after };
}

function badQuery(request: FastifyRequest, reply: FastifyReply, field: string, messageKey: string, params?: Record<string, string | number>) {
  const message = request.t(messageKey, params);
  return reply.code(400).send({ error: { code: 'bad_request', message, fields: { [field]: { code: messageKey, message } } } });
}

function requireManager(request: FastifyRequest) {
  if (!request.actor) throw new UnauthenticatedError();
  // Someone without the permission does not learn that the editor exists.
  if (!can(request.actor, 'places.manage')) throw new NotFoundError();
  return request.actor;
}

async function findEditable(ctx: AppContext, request: FastifyRequest): Promise<Place> {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  const place = await findPlaceById(ctx.db, request.kommun!.id, id);
  if (!place) throw new NotFoundError();
  return place;
}

async function chooserPlaces(ctx: AppContext, kommun: Kommun): Promise<Place[]> {
  return listPlaces(ctx.db, kommun.id, { limit: placePaging.chooserSize });
}

export function registerPlaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Public pages

  app.get('/:kommun/platser', async (request, reply) => {
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const { places, next, after } = await placePage(ctx, kommun, placePaging.publicPageSize, query.efter);
    return sendPage(
      request,
      reply,
      <PlacesListPage
        places={places}
        firstHref={after ? `/${kommun.slug}/platser` : null}
        nextHref={next ? `/${kommun.slug}/platser?efter=${encodeURIComponent(next)}` : null}
      />,
    );
  });

  app.get('/:kommun/platser/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!placeSlugPattern.test(slug) || slug.length > 130) throw new NotFoundError();
    const place = await findPlaceBySlug(ctx.db, request.kommun!.id, slug);
    if (!place) throw new NotFoundError();
    return sendPage(request, reply, <PlacePage place={place} />);
  });

  // API

  app.get('/api/v1/:kommun/places.geojson', async (request, reply) => {
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    let bbox = null;
    if (query.bbox !== undefined) {
      bbox = parseBbox(query.bbox);
      if (!bbox) return badQuery(request, reply, 'bbox', 'places.bboxInvalid');
    }
    let limit: number = placePaging.geojsonDefaultLimit;
    if (query.limit !== undefined) {
      limit = typeof query.limit === 'string' && /^\d{1,5}$/.test(query.limit) ? Number(query.limit) : 0;
      if (limit < 1 || limit > placePaging.geojsonMaxLimit) return badQuery(request, reply, 'limit', 'places.limitInvalid', { max: placePaging.geojsonMaxLimit });
    }
    let places: Place[];
    let next: string | null = null;
    let truncated: boolean;
    if (bbox) {
      // A map view: as many as the limit allows, flagged when there are more (zoom in to see them).
      const rows = await listPlacesInBox(ctx.db, kommun.id, bbox, limit + 1);
      places = rows.slice(0, limit);
      truncated = rows.length > limit;
    } else {
      // Everything, alphabetically, page by page with `after`.
      ({ places, next } = await placePage(ctx, kommun, limit, query.after));
      truncated = next !== null;
    }
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(JSON.stringify(placesFeatureCollection(kommun.slug, places, truncated, next)));
  });

  app.get('/api/v1/:kommun/places', async (request) => {
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const { places, next } = await placePage(ctx, kommun, placePaging.apiPageSize, query.after);
    return { data: places.map((place) => placeJson(kommun.slug, place)), next };
  });

  app.get('/api/v1/:kommun/places/:slug', async (request) => {
    const { slug } = request.params as { slug: string };
    if (!placeSlugPattern.test(slug) || slug.length > 130) throw new NotFoundError();
    const place = await findPlaceBySlug(ctx.db, request.kommun!.id, slug);
    if (!place) throw new NotFoundError();
    return { data: placeJson(request.kommun!.slug, place) };
  });

  // Staff editor

  app.get('/:kommun/admin/platser', async (request, reply) => {
    requireManager(request);
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const { places, next, after } = await placePage(ctx, kommun, placePaging.staffPageSize, query.efter);
    return sendPage(
      request,
      reply,
      <StaffPlacesPage
        places={places}
        firstHref={after ? `/${kommun.slug}/admin/platser` : null}
        nextHref={next ? `/${kommun.slug}/admin/platser?efter=${encodeURIComponent(next)}` : null}
      />,
    );
  });

  app.get('/:kommun/admin/platser/ny', async (request, reply) => {
    requireManager(request);
    const form: FormState = { values: {}, errors: {} };
    return sendPage(request, reply, <PlaceFormPage form={form} choices={await chooserPlaces(ctx, request.kommun!)} />);
  });

  app.post('/:kommun/admin/platser', async (request, reply) => {
    const actor = requireManager(request);
    const kommun = request.kommun!;
    try {
      const input = parseInput(placeInputSchema, request.body);
      await createPlace(ctx, actor, kommun.id, input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const form: FormState = { values: formValues(request.body), errors: error.fields };
      return sendPage(request, reply, <PlaceFormPage form={form} choices={await chooserPlaces(ctx, kommun)} />, 422);
    }
    setFlash(reply, request, 'places.flashCreated');
    return reply.redirect(`/${kommun.slug}/admin/platser`, 303);
  });

  app.get('/:kommun/admin/platser/:id', async (request, reply) => {
    requireManager(request);
    const place = await findEditable(ctx, request);
    const form: FormState = { values: {}, errors: {} };
    return sendPage(request, reply, <PlaceFormPage place={place} form={form} choices={await chooserPlaces(ctx, request.kommun!)} />);
  });

  app.post('/:kommun/admin/platser/:id', async (request, reply) => {
    const actor = requireManager(request);
    const kommun = request.kommun!;
    const place = await findEditable(ctx, request);
    try {
      const input = parseInput(placeInputSchema, request.body);
      await editPlace(ctx, actor, kommun.id, place.id, input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const form: FormState = { values: formValues(request.body), errors: error.fields };
      return sendPage(request, reply, <PlaceFormPage place={place} form={form} choices={await chooserPlaces(ctx, kommun)} />, 422);
    }
    setFlash(reply, request, 'places.flashUpdated');
    return reply.redirect(`/${kommun.slug}/admin/platser`, 303);
  });

  app.get('/:kommun/admin/platser/:id/ta-bort', async (request, reply) => {
    requireManager(request);
    const place = await findEditable(ctx, request);
    return sendPage(request, reply, <DeletePlacePage place={place} />);
  });

  app.post('/:kommun/admin/platser/:id/ta-bort', async (request, reply) => {
    const actor = requireManager(request);
    const kommun = request.kommun!;
    const place = await findEditable(ctx, request);
    await removePlace(ctx, actor, kommun.id, place.id);
    setFlash(reply, request, 'places.flashDeleted');
    return reply.redirect(`/${kommun.slug}/admin/platser`, 303);
  });
}
