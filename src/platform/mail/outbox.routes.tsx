import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { can, rowScope } from '../auth/index.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { sendPage } from '../views/render.js';
import { findOutboxEntry, listMailForDeveloper, listOutbox } from './mail.js';
import { DeveloperMailPage, OutboxMailPage, OutboxPage } from './outbox.views.js';

export const outboxPermission = 'mail.outbox.read';
const pageSize = 50;

function requireReader(request: FastifyRequest) {
  if (!request.actor) throw new UnauthenticatedError();
  if (!can(request.actor, outboxPermission)) throw new NotFoundError();
  return request.actor;
}

/** The catcher answers only a browser on this machine, talking to Samtrygg directly. */
function isLocalDeveloper(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const viaProxy = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !viaProxy && (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1');
}

export function registerOutboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/:kommun/admin/utkorg', async (request, reply) => {
    const actor = requireReader(request);
    const kommun = request.kommun!;
    const query = request.query as Record<string, unknown>;
    const before = isId(query.fore) ? query.fore : undefined;
    const rows = await listOutbox(ctx.db, rowScope(actor, kommun.id, outboxPermission), before, pageSize + 1);
    const entries = rows.slice(0, pageSize);
    const last = entries[entries.length - 1];
    const base = `/${kommun.slug}/admin/utkorg`;
    return sendPage(
      request,
      reply,
      <OutboxPage entries={entries} olderHref={rows.length > pageSize && last ? `${base}?fore=${last.id}` : null} firstHref={before ? base : null} smtpConfigured={Boolean(ctx.config.smtpUrl)} catcherAvailable={ctx.config.demo} />,
    );
  });

  app.get('/:kommun/admin/utkorg/:id', async (request, reply) => {
    const actor = requireReader(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const mail = await findOutboxEntry(ctx.db, rowScope(actor, request.kommun!.id, outboxPermission), id);
    if (!mail) throw new NotFoundError();
    return sendPage(request, reply, <OutboxMailPage mail={mail} />);
  });

  // The developer's mail catcher: in demo mode, for a browser on this machine, every mail as its
  // addressee would read it, links included, so the reset and invitation flows can be followed
  // without a mail server. It does not exist outside demo mode (never in production).
  app.get('/utveckling/e-post', async (request, reply) => {
    if (!ctx.config.demo || ctx.config.env === 'production' || !isLocalDeveloper(request)) throw new NotFoundError();
    const mails = await listMailForDeveloper(ctx, pageSize);
    return sendPage(request, reply, <DeveloperMailPage mails={mails} />);
  });
}
