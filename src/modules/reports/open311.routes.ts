// Open311 GeoReport v2 at /open311/v2/, discovery at /open311/discovery.{json,xml}. Plain
// Fastify routes rather than siteRoute: the format is the address's suffix, every refusal must
// be the spec's error document (not our JSON or HTML error), and the POST authenticates by its
// api_key instead of a session and CSRF token (route config keyAuthenticated). Handlers parse,
// call one service function and render.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, TooManyRequestsError } from '../../platform/http/errors.js';
import {
  discoveryDocument,
  errorsDocument,
  open311Formats,
  postAnswerDocument,
  render,
  requestsDocument,
  serviceDefinitionDocument,
  servicesDocument,
  tokenDocument,
  updatesDocument,
  type Open311Document,
  type Open311Format,
  type Open311Problem,
} from './open311.presenter.js';
import { findRequest, findToken, listRequests, listUpdates } from './open311.requests.service.js';
import { argument, describeService, findJurisdiction, listServices, Open311Error, postRequest, type Arguments } from './open311.service.js';

export const open311Base = '/open311/v2';

/** When this API last changed in a way clients should know of (discovery's changeset). */
const changeset = '2026-12-03T00:00:00Z';

type Handler = (request: FastifyRequest, reply: FastifyReply, format: Open311Format, args: Arguments) => Promise<{ status?: number; document: Open311Document }>;

function formatOfUrl(url: string): Open311Format {
  const path = url.split('?', 1)[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

function argsOf(value: unknown): Arguments {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Arguments) : {};
}

function send(reply: FastifyReply, format: Open311Format, status: number, document: Open311Document): FastifyReply {
  const { contentType, body } = render(format, document);
  // Public data, read by other sites' scripts too; nothing here depends on a cookie.
  return reply.code(status).header('content-type', contentType).header('access-control-allow-origin', '*').header('cache-control', 'no-store').send(body);
}

/** Any refusal as the spec's errors document; only our own failures are a 5xx (and logged). */
function open311ErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const format = formatOfUrl(request.url);
  const t = request.t ?? request.server.registry.messages.translator('sv');
  if (error instanceof Open311Error) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    const problems: Open311Problem[] = error.issues.map((issue) => {
      const text = t(issue.key, issue.params);
      return { code: error.status, description: issue.param ? `${issue.param}: ${text}` : text };
    });
    return send(reply, format, error.status, errorsDocument(problems));
  }
  if (error instanceof TooManyRequestsError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return send(reply, format, 429, errorsDocument([{ code: 429, description: t('open311.error.tooManyRequests', { seconds: error.retryAfterSeconds }) }]));
  }
  const status = error instanceof AppError ? error.status : typeof (error as FastifyError).statusCode === 'number' ? (error as FastifyError).statusCode! : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'open311 request failed');
    return send(reply, format, 500, errorsDocument([{ code: 500, description: t('open311.error.internal') }]));
  }
  const code = status === 404 ? 404 : status === 403 || status === 401 ? 403 : 400;
  const key = code === 404 ? 'open311.error.notFound' : code === 403 ? 'open311.error.forbidden' : status === 413 ? 'open311.error.tooLarge' : status === 415 ? 'open311.error.mediaType' : 'open311.error.badRequest';
  return send(reply, format, code, errorsDocument([{ code, description: t(key) }]));
}

function route(app: FastifyInstance, method: 'GET' | 'POST', url: string, handler: Handler, options: { keyAuthenticated?: boolean } = {}): void {
  app.route({
    method,
    url,
    ...(options.keyAuthenticated ? { config: { keyAuthenticated: true } } : {}),
    errorHandler: open311ErrorHandler,
    handler: async (request, reply) => {
      const format = formatOfUrl(request.url);
      const args = { ...argsOf(request.query), ...argsOf(request.body) };
      const answer = await handler(request, reply, format, args);
      return send(reply, format, answer.status ?? 200, answer.document);
    },
  });
}

/** Both formats of one resource: `services.json` and `services.xml`. */
function routeBoth(app: FastifyInstance, method: 'GET' | 'POST', path: string, handler: Handler, options: { keyAuthenticated?: boolean } = {}): void {
  for (const format of open311Formats) route(app, method, `${path}.${format}`, handler, options);
}

/** `belysning.json` → the name and the format; anything else names nothing. */
function nameAndFormat(value: unknown): { name: string } {
  const text = typeof value === 'string' ? value : '';
  const match = /^(.{1,100})\.(json|xml)$/.exec(text);
  if (!match) throw new Open311Error(404, [{ key: 'open311.error.formatUnknown' }]);
  return { name: match[1]! };
}

export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  routeBoth(app, 'GET', '/open311/discovery', async (request) => ({
    document: discoveryDocument({ url: `${publicBaseUrl(ctx)}${open311Base}/`, changeset, contact: request.t('open311.discovery.contact'), keyService: request.t('open311.discovery.keyService') }),
  }));

  routeBoth(app, 'GET', `${open311Base}/services`, async (request, _reply, _format, args) => {
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    return { document: servicesDocument(await listServices(ctx, kommun), request.t('open311.group')) };
  });

  route(app, 'GET', `${open311Base}/services/:file`, async (request, _reply, _format, args) => {
    const { name } = nameAndFormat((request.params as Record<string, unknown>).file);
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    const definition = await describeService(ctx, kommun, name, request.t);
    return { document: serviceDefinitionDocument(definition.code, definition.attributes) };
  });

  routeBoth(
    app,
    'POST',
    `${open311Base}/requests`,
    async (request, _reply, _format, args) => {
      const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
      const posted = await postRequest(ctx, kommun, argsOf(request.body), { ip: request.ip, locale: request.locale, apiKey: argument(args, 'api_key') });
      // A quarantined request reads like any other awaiting review: the sender is not told.
      const review = posted.moderation === 'published' ? '' : request.t('open311.notice.review');
      return { document: postAnswerDocument(posted.reference, [posted.notice, review].filter(Boolean).join(' ')) };
    },
    { keyAuthenticated: true },
  );

  routeBoth(app, 'GET', `${open311Base}/requests`, async (_request, _reply, _format, args) => {
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    return { document: requestsDocument(await listRequests(ctx, kommun, args)) };
  });

  route(app, 'GET', `${open311Base}/requests/:file`, async (request, _reply, _format, args) => {
    const { name } = nameAndFormat((request.params as Record<string, unknown>).file);
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    return { document: requestsDocument(await findRequest(ctx, kommun, name)) };
  });

  route(app, 'GET', `${open311Base}/tokens/:file`, async (request, _reply, _format, args) => {
    const { name } = nameAndFormat((request.params as Record<string, unknown>).file);
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    return { document: tokenDocument(await findToken(ctx, kommun, name)) };
  });

  routeBoth(app, 'GET', `${open311Base}/servicerequestupdates`, async (_request, _reply, _format, args) => {
    const kommun = await findJurisdiction(ctx, argument(args, 'jurisdiction_id'));
    return { document: updatesDocument(await listUpdates(ctx, kommun, args)) };
  });

  // Anything else under /open311/ is not found, said in the spec's format rather than as a page.
  route(app, 'GET', '/open311/*', async () => {
    throw new Open311Error(404, [{ key: 'open311.error.notFound' }]);
  });
  route(app, 'POST', '/open311/*', async () => {
    throw new Open311Error(404, [{ key: 'open311.error.notFound' }]);
  }, { keyAuthenticated: true });
}
