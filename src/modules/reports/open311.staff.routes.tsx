// Administrators' page of the kommun's Open311 clients: list, issue a key (shown on the answer
// to the form only), revoke. Plain forms; they work without JavaScript.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicBaseUrl } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { setFlash } from '../../platform/http/kernel.plugin.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { emptyForm } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { createOpen311Client, listOpen311ClientsFor, newOpen311ClientSchema, revokeOpen311ClientKey } from './open311.clients.service.js';
import { open311Base } from './open311.routes.js';
import { Open311ClientsPage, open311StaffPath } from './open311.staff.views.js';

const clientIdParams = z.object({ id: z.string().refine(isId) });

export function registerOpen311StaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const endpoint = () => `${publicBaseUrl(ctx)}${open311Base}/`;

  kommunRoute(app, { method: 'GET', url: `/:kommun/${open311StaffPath}`, permission: 'reports.manage' }, async ({ request, reply, actor, kommun }) => {
    const clients = await listOpen311ClientsFor(ctx, actor, kommun);
    return sendPage(request, reply, <Open311ClientsPage clients={clients} form={emptyForm} created={null} endpoint={endpoint()} />);
  });

  kommunRoute(
    app,
    {
      method: 'POST',
      url: `/:kommun/${open311StaffPath}`,
      permission: 'reports.manage',
      body: newOpen311ClientSchema,
      invalid: async ({ request, reply, actor, kommun }, form) => {
        const clients = await listOpen311ClientsFor(ctx, actor, kommun);
        return sendPage(request, reply, <Open311ClientsPage clients={clients} form={form} created={null} endpoint={endpoint()} />, 422);
      },
    },
    async ({ request, reply, actor, kommun, body }) => {
      const { key } = await createOpen311Client(ctx, actor, kommun, body);
      const clients = await listOpen311ClientsFor(ctx, actor, kommun);
      // Shown in this answer only (sendPage sends it no-store); a reload asks to send the form again.
      return sendPage(request, reply, <Open311ClientsPage clients={clients} form={emptyForm} created={{ name: body.name, key }} endpoint={endpoint()} />, 201);
    },
  );

  kommunRoute(
    app,
    { method: 'POST', url: `/:kommun/${open311StaffPath}/:id/aterkalla`, permission: 'reports.manage', params: clientIdParams },
    async ({ request, reply, actor, kommun, params }) => {
      await revokeOpen311ClientKey(ctx, actor, kommun, params.id);
      setFlash(reply, request, 'open311.clients.revoked');
      return reply.redirect(`/${kommun.slug}/${open311StaffPath}`, 303);
    },
  );
}
