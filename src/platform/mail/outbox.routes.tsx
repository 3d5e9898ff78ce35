import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { rowScope } from '../auth/index.js';
import { idPattern } from '../db/ids.js';
import { NotFoundError } from '../http/errors.js';
import { kommunRoute } from '../http/kommun-route.js';
import { sendPage } from '../views/render.js';
import { findOutboxEntry, listMailForDeveloper, listOutbox } from './mail.js';
import { DeveloperMailPage, OutboxMailPage, OutboxPage } from './outbox.views.js';

export const outboxPermission = 'mail.outbox.read';
const pageSize = 50;

const mailIdParams = z.object({ id: z.string().regex(idPattern) });
/** The page of mails older than one (fore); an unreadable id means the newest page. */
const outboxQuery = z.object({ fore: z.string().regex(idPattern).optional().catch(undefined) });

/** The catcher answers only a browser on this machine, talking to Samtrygg directly. */
function isLocalDeveloper(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const viaProxy = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !viaProxy && (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1');
}

export function registerOutboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  showOutbox(app, ctx);
  showOutboxMail(app, ctx);
  showDeveloperMail(app, ctx);
}

function showOutbox(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/utkorg', permission: outboxPermission, query: outboxQuery }, async ({ request, reply, actor, kommun, query }) => {
    const before = query.fore;
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
}

function showOutboxMail(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/utkorg/:id', permission: outboxPermission, params: mailIdParams }, async ({ request, reply, actor, kommun, params }) => {
    const mail = await findOutboxEntry(ctx.db, rowScope(actor, kommun.id, outboxPermission), params.id);
    if (!mail) throw new NotFoundError();
    return sendPage(request, reply, <OutboxMailPage mail={mail} />);
  });
}

// The developer's mail catcher: in demo mode, for a browser on this machine, every mail as its
// addressee would read it, links included, so the reset and invitation flows can be followed
// without a mail server. It does not exist outside demo mode (never in production).
function showDeveloperMail(app: FastifyInstance, ctx: AppContext): void {
  app.get('/utveckling/e-post', async (request, reply) => {
    if (!ctx.config.demo || ctx.config.env === 'production' || !isLocalDeveloper(request)) throw new NotFoundError();
    const mails = await listMailForDeveloper(ctx, pageSize);
    return sendPage(request, reply, <DeveloperMailPage mails={mails} />);
  });
}
