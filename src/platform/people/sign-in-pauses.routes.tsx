import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { setFlash } from '../http/kernel.plugin.js';
import { liftSignInPause } from './sign-in-pauses.service.js';

export function registerSignInPauseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/:kommun/admin/personer/:userId/inloggningspaus/ta-bort', async (request, reply) => {
    if (!request.actor) throw new UnauthenticatedError();
    const { userId } = request.params as { userId: string };
    const kommun = request.kommun;
    if (!kommun || !isId(userId)) throw new NotFoundError();
    const lifted = await liftSignInPause(ctx, request.actor, kommun, userId);
    setFlash(reply, request, lifted ? 'people.pauseLifted' : 'people.pauseNothingToLift');
    return reply.redirect(`/${kommun.slug}/admin/personer`, 303);
  });
}
