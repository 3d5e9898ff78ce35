import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultLocale } from '../i18n/i18n.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { sendPage } from '../views/render.js';
import { AppError, ConflictError, InvalidTokenError, TooManyRequestsError, UnauthenticatedError, ValidationError } from './errors.js';

export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.includes('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function ensureRequestBasics(request: FastifyRequest): void {
  // Errors thrown before the kernel hooks ran (e.g. a body parser error) still render localised.
  if (!request.t) request.t = request.server.registry.messages.translator(request.locale ?? defaultLocale);
  if (!request.prefs) request.prefs = { largeText: false, highContrast: false };
}

function ErrorPage({ status, messageKey }: { status: number; messageKey: string }) {
  const page = usePage();
  const { t } = page;
  return (
    <Layout title={t(`errors.title.${status}`)}>
      <h1 class="ds-heading" data-size="lg">
        {t(`errors.title.${status}`)}
      </h1>
      <p>{t(messageKey)}</p>
      <p>
        <a class="ds-link" href={page.kommun ? kommunPath(page) : '/'}>
          {t('errors.goHome')}
        </a>
      </p>
    </Layout>
  );
}

const knownStatuses = new Set([400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503]);

/** Maps framework errors (body too large, bad JSON, …) onto our codes and messages. */
function classify(error: FastifyError | AppError | Error): { status: number; code: string; messageKey: string } {
  if (error instanceof AppError) return { status: error.status, code: error.code, messageKey: error.messageKey };
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'payload_too_large', messageKey: 'errors.payloadTooLarge' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'unsupported_media_type', messageKey: 'errors.unsupportedMediaType' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_ERR_VALIDATION':
    case 'FST_ERR_BAD_URL':
    case 'FST_PROTO_VIOLATION':
      return { status: 400, code: 'bad_request', messageKey: 'errors.badRequest' };
    default:
      break;
  }
  if (error instanceof SyntaxError) return { status: 400, code: 'bad_request', messageKey: 'errors.badRequest' };
  // The multipart parser (busboy) reports a broken body (no boundary, cut-off parts, an absurd
  // boundary) as a plain Error: that is the sender's fault, not ours.
  if (/^(Multipart: |Unexpected end of multipart data|The needle cannot)/.test(error.message)) {
    return { status: 400, code: 'bad_request', messageKey: 'errors.badRequest' };
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) return { status, code: 'internal_error', messageKey: 'errors.internal' };
  return { status, code: 'bad_request', messageKey: knownStatuses.has(status) ? `errors.status.${status}` : 'errors.badRequest' };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    ensureRequestBasics(request);
    const { status, code, messageKey } = classify(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code, status }, 'request refused');
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    // RFC 6750 §3: tells the client its token, not its request, is what failed.
    if (error instanceof InvalidTokenError) reply.header('www-authenticate', 'Bearer error="invalid_token"');
    const pageStatus = knownStatuses.has(status) ? status : 400;
    if (error instanceof UnauthenticatedError && !wantsJson(request) && request.method === 'GET') {
      const query = new URLSearchParams({ tillbaka: request.url, kommun: request.kommun?.slug ?? '' });
      return reply.redirect(`/logga-in?${query.toString()}`, 303);
    }
    if (wantsJson(request)) {
      return reply.code(status).send({
        error: {
          code,
          message: request.t(messageKey),
          ...(error instanceof ValidationError ? { fields: translateFields(request, error.fields) } : {}),
          ...(error instanceof ConflictError && error.currentJson !== undefined ? { current: error.currentJson } : {}),
        },
      });
    }
    return sendPage(request, reply, <ErrorPage status={pageStatus} messageKey={messageKey} />, status);
  });

  app.setNotFoundHandler(async (request, reply) => {
    ensureRequestBasics(request);
    if (wantsJson(request)) {
      return reply.code(404).send({ error: { code: 'not_found', message: request.t('errors.notFound') } });
    }
    return sendPage(request, reply, <ErrorPage status={404} messageKey="errors.notFound" />, 404);
  });
}

function translateFields(request: FastifyRequest, fields: Record<string, string>): Record<string, { code: string; message: string }> {
  const out: Record<string, { code: string; message: string }> = {};
  for (const [name, message] of Object.entries(fields)) {
    const [key, n] = message.split('|');
    out[name] = { code: key ?? message, message: request.t(key ?? message, n === undefined ? undefined : { n }) };
  }
  return out;
}
