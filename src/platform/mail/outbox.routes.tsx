import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { can, organisationIdsInScope } from '../auth/index.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { sendPage } from '../views/render.js';
import { findOutboxEntry, listOutbox } from './mail.js';
import { OutboxMailPage, OutboxPage } from './outbox.views.js';

export const outboxPermission = 'mail.outbox.read';
const pageSize = 50;

function requireReader(request: FastifyRequest) {
  if (!request.actor) throw new UnauthenticatedError();
  if (!can(request.actor, outboxPermission)) throw new NotFoundError();
  return request.actor;
}

export function registerOutboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/:kommun/admin/utkorg', async (request, reply) => {
    const actor = requireReader(request);
    const kommun = request.kommun!;
    const ids = await organisationIdsInScope(ctx.db, actor, kommun.id, outboxPermission);
    const query = request.query as Record<string, unknown>;
    const before = isId(query.fore) ? query.fore : undefined;
    const rows = await listOutbox(ctx.db, ids, before, pageSize + 1);
    const entries = rows.slice(0, pageSize);
    const last = entries[entries.length - 1];
    const base = `/${kommun.slug}/admin/utkorg`;
    return sendPage(
      request,
      reply,
      <OutboxPage entries={entries} olderHref={rows.length > pageSize && last ? `${base}?fore=${last.id}` : null} firstHref={before ? base : null} smtpConfigured={Boolean(ctx.config.smtpUrl)} />,
    );
  });

  app.get('/:kommun/admin/utkorg/:id', async (request, reply) => {
    const actor = requireReader(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const ids = await organisationIdsInScope(ctx.db, actor, request.kommun!.id, outboxPermission);
    const mail = await findOutboxEntry(ctx.db, ids, id);
    if (!mail) throw new NotFoundError();
    return sendPage(request, reply, <OutboxMailPage mail={mail} />);
  });
}
