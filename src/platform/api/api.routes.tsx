// The API's description: the OpenAPI 3.1 document at /api/openapi.json and the same document as
// a readable page at /api, both in the reader's language and built once per language per app
// (the routes are all registered before the first request).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { siteRoute } from '../http/kommun-route.js';
import type { Locale } from '../i18n/i18n.js';
import { sendPage } from '../views/render.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';
import { ApiReferencePage } from './api.views.js';

export const openApiPath = '/api/openapi.json';
export const apiReferencePath = '/api';

export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const documents = new Map<Locale, OpenApiDocument>();
  const documentFor = (request: FastifyRequest): OpenApiDocument => {
    let document = documents.get(request.locale);
    if (!document) {
      document = buildOpenApiDocument(app.apiOperations, { t: request.t, serverUrl: ctx.config.publicUrl, sessionCookie: request.cookieName('session') });
      documents.set(request.locale, document);
    }
    return document;
  };

  siteRoute(app, { method: 'GET', url: openApiPath }, async ({ request, reply }) => reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(documentFor(request))));

  siteRoute(app, { method: 'GET', url: apiReferencePath }, async ({ request, reply }) => sendPage(request, reply, <ApiReferencePage document={documentFor(request)} documentHref={openApiPath} />));
}
