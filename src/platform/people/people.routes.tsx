import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { rolesByOrganisationKind } from '../auth/index.js';
import { emptyForm, type FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { decodePeopleCursor, encodePeopleCursor, inviteSchema } from './people.schemas.js';
import { answerOffer, invitePerson, listMyOffers, listPeopleForStaff, offersPath, removeRole, resendInvitation } from './people.service.js';
import { OffersPage, PeoplePage } from './people.views.js';
import { canManagePeople } from './people.policy.js';
import { listSignInPauses } from './sign-in-pauses.service.js';

function requirePeopleManager(request: FastifyRequest) {
  if (!request.actor) throw new UnauthenticatedError();
  if (!canManagePeople(request.actor)) throw new NotFoundError();
  return { actor: request.actor, kommun: request.kommun! };
}

function idParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name];
  if (!isId(value)) throw new NotFoundError();
  return value;
}

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const listPage = async (request: FastifyRequest) => {
    const { actor, kommun } = requirePeopleManager(request);
    const after = decodePeopleCursor((request.query as Record<string, unknown>).efter);
    const list = await listPeopleForStaff(ctx, actor, kommun, after);
    const base = `/${kommun.slug}/admin/personer`;
    const last = list.people[list.people.length - 1];
    return { list, olderHref: list.hasMore && last ? `${base}?efter=${encodeURIComponent(encodePeopleCursor(last))}` : null, firstHref: after ? base : null };
  };
  const render = async (request: FastifyRequest, form: FormState) => {
    const { list, olderHref, firstHref } = await listPage(request);
    const signInPauses = await listSignInPauses(ctx, list.scope);
    return (
      <PeoplePage
        people={list.people}
        pending={list.pending}
        organisations={list.scope.manage}
        olderHref={olderHref}
        firstHref={firstHref}
        form={form}
        rolesByKind={rolesByOrganisationKind}
        signInPauses={signInPauses}
      />
    );
  };

  app.get('/:kommun/admin/personer', async (request, reply) => sendPage(request, reply, await render(request, emptyForm)));

  app.post('/:kommun/admin/personer', async (request, reply) => {
    const { actor, kommun } = requirePeopleManager(request);
    try {
      const input = parseInput(inviteSchema, request.body);
      await invitePerson(ctx, actor, kommun, input);
      setFlash(reply, request, 'people.invited');
      return reply.redirect(`/${kommun.slug}/admin/personer`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(request, reply, await render(request, { values: formValues(request.body), errors: error.fields }), 422);
    }
  });

  app.post('/:kommun/admin/personer/:userId/inbjudan', async (request, reply) => {
    const { actor, kommun } = requirePeopleManager(request);
    await resendInvitation(ctx, actor, kommun, idParam(request, 'userId'));
    setFlash(reply, request, 'people.resent');
    return reply.redirect(`/${kommun.slug}/admin/personer`, 303);
  });

  app.post('/:kommun/admin/personer/roller/:membershipId/ta-bort', async (request, reply) => {
    const { actor, kommun } = requirePeopleManager(request);
    await removeRole(ctx, actor, kommun, idParam(request, 'membershipId'));
    setFlash(reply, request, 'people.roleRemoved');
    return reply.redirect(`/${kommun.slug}/admin/personer`, 303);
  });

  // The same operations for JSON clients; errors come back as JSON from the error handler.
  app.get('/api/v1/:kommun/people', async (request) => {
    const { list } = await listPage(request);
    const last = list.people[list.people.length - 1];
    const roles = (p: { roles: { membershipId: string; organisationId: string; organisationName: string; role: string; pending: boolean }[] }) =>
      p.roles.map((r) => ({ membershipId: r.membershipId, organisationId: r.organisationId, organisationName: r.organisationName, role: r.role, accepted: !r.pending }));
    return {
      data: list.people.map((p) => ({ id: p.id, name: p.name, email: p.email, status: p.status, hasTotp: p.hasTotp, roles: roles(p) })),
      pending: list.pending.map((p) => ({ id: p.id, email: p.email, roles: roles(p) })),
      next: list.hasMore && last ? encodePeopleCursor(last) : null,
    };
  });

  app.post('/api/v1/:kommun/people/invitations', async (request, reply) => {
    const { actor, kommun } = requirePeopleManager(request);
    const input = parseInput(inviteSchema, request.body);
    const outcome = await invitePerson(ctx, actor, kommun, input);
    return reply.code(201).send({ data: { outcome } });
  });

  // The signed-in person's own answers to roles offered to them.
  const signedInUser = (request: FastifyRequest) => {
    if (!request.actor) throw new UnauthenticatedError();
    return request.actor.userId;
  };

  app.get(offersPath, async (request, reply) => {
    const offers = await listMyOffers(ctx, signedInUser(request));
    return sendPage(request, reply, <OffersPage offers={offers} />);
  });

  for (const [segment, accept] of [
    ['godta', true],
    ['avboj', false],
  ] as const) {
    app.post(`${offersPath}/:membershipId/${segment}`, async (request, reply) => {
      await answerOffer(ctx, signedInUser(request), idParam(request, 'membershipId'), accept);
      setFlash(reply, request, accept ? 'people.offerAccepted' : 'people.offerDeclined');
      return reply.redirect(offersPath, 303);
    });
  }
}
