// The person's API tokens, under their account: list, create (the token is shown on the answer
// to the form and never again), revoke. Plain forms; they work without JavaScript.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { siteRoute } from '../http/kommun-route.js';
import { emptyForm } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { apiTokenIdParams, newApiTokenSchema } from './api-token.schemas.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token.service.js';
import { ApiTokensPage, apiTokensPath } from './api-token.views.js';
import { publicBaseUrl } from './links.js';

/** A fully signed-in person in a browser session: tokens are made and revoked there only. */
function signedInPerson(request: FastifyRequest) {
  if (!request.actor || !request.session) throw new UnauthenticatedError();
  return request.actor;
}

export function registerApiTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(app, { method: 'GET', url: apiTokensPath }, async ({ request, reply }) => {
    const actor = signedInPerson(request);
    const now = new Date();
    const tokens = await listApiTokens(ctx, actor, now);
    return sendPage(request, reply, <ApiTokensPage tokens={tokens} form={emptyForm} created={null} now={now} />);
  });

  siteRoute(app, { method: 'POST', url: apiTokensPath }, async ({ request, reply }) => {
    const actor = signedInPerson(request);
    const now = new Date();
    try {
      const input = parseInput(newApiTokenSchema, request.body);
      const { token, record } = await createApiToken(ctx, actor, input, now);
      const tokens = await listApiTokens(ctx, actor, now);
      // Shown in this answer only (sendPage sends it no-store); a reload asks to send the form again.
      return sendPage(request, reply, <ApiTokensPage tokens={tokens} form={emptyForm} created={{ name: record.name, token, baseUrl: publicBaseUrl(ctx) }} now={now} />, 201);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const tokens = await listApiTokens(ctx, actor, now);
      return sendPage(request, reply, <ApiTokensPage tokens={tokens} form={{ values: formValues(request.body), errors: error.fields }} created={null} now={now} />, 422);
    }
  });

  siteRoute(app, { method: 'POST', url: `${apiTokensPath}/:id/aterkalla`, params: apiTokenIdParams }, async ({ request, reply, params }) => {
    const actor = signedInPerson(request);
    await revokeApiToken(ctx, actor, params.id);
    setFlash(reply, request, 'account.apiTokenRevoked');
    return reply.redirect(apiTokensPath, 303);
  });
}
