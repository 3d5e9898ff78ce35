// Staff JSON API for news and pages: the same schema and service functions as the HTML editor.
// Signed-in callers send the session cookie and the x-csrf-token header (the kernel checks it).
// Files are uploaded through the HTML form only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { isId } from '../../platform/db/ids.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { requireActor } from '../../platform/kernel.js';
import { canPublishContent, canReadDrafts, canWriteContent } from './news.policy.js';
import { toContentJson } from './news.presenter.js';
import type { ContentRow } from './news.repository.js';
import { contentInputSchema } from './news.schemas.js';
import { createContent, getContentForStaff, patchContent, setContentPublished } from './news.service.js';

/** 401 when signed out; 404 for people who may not see drafts, so the API reveals nothing to them. */
function requireStaff(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!canReadDrafts(actor)) throw new NotFoundError();
  return actor;
}

function itemId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

function withAbilities(row: ContentRow, actor: Actor, kommunSlug: string) {
  return { data: toContentJson(row, kommunSlug), can: { update: canWriteContent(actor), publish: canPublishContent(actor) } };
}

export function registerNewsApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/v1/:kommun/content', async (request, reply) => {
    const actor = requireStaff(request);
    const input = parseInput(contentInputSchema, request.body);
    const created = await createContent(ctx, actor, request.kommun!.id, input);
    return reply.code(201).send(withAbilities(created, actor, request.kommun!.slug));
  });

  app.get('/api/v1/:kommun/content/:id', async (request) => {
    const actor = requireStaff(request);
    return withAbilities(await getContentForStaff(ctx, actor, request.kommun!.id, itemId(request)), actor, request.kommun!.slug);
  });

  app.patch('/api/v1/:kommun/content/:id', async (request) => {
    const actor = requireStaff(request);
    return withAbilities(await patchContent(ctx, actor, request.kommun!.id, itemId(request), request.body), actor, request.kommun!.slug);
  });

  for (const [segment, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(`/api/v1/:kommun/content/:id/${segment}`, async (request) => {
      const actor = requireStaff(request);
      return withAbilities(await setContentPublished(ctx, actor, request.kommun!.id, itemId(request), published), actor, request.kommun!.slug);
    });
  }
}
