import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { setFlash } from '../http/kernel.plugin.js';
import { kommunRoute } from '../http/kommun-route.js';
import { userIdParams } from './people.schemas.js';
import { liftSignInPause } from './sign-in-pauses.service.js';

export function registerSignInPauseRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/personer/:userId/inloggningspaus/ta-bort', permission: 'people.manage', params: userIdParams },
    async ({ request, reply, actor, kommun, params }) => {
      const lifted = await liftSignInPause(ctx, actor, kommun, params.userId);
      setFlash(reply, request, lifted ? 'people.pauseLifted' : 'people.pauseNothingToLift');
      return reply.redirect(`/${kommun.slug}/admin/personer`, 303);
    },
  );
}
