import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { organisationsInScope, publicBaseUrl, rolesByOrganisationKind } from '../auth/index.js';
import { isId } from '../db/ids.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../http/errors.js';
import { formValues, parseInput } from '../http/forms.js';
import { setFlash } from '../http/kernel.plugin.js';
import { emptyForm, type FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import { listPeople, listRolesOf } from './people.repository.js';
import { decodePeopleCursor, encodePeopleCursor, inviteSchema, peopleLimits } from './people.schemas.js';
import { invitePerson, peoplePermission, removeRole, resendInvitation } from './people.service.js';
import { PeoplePage, type PersonView } from './people.views.js';
import { canManagePeople } from './people.policy.js';
import { listSignInPauses } from './sign-in-pauses.service.js';

function requirePeopleManager(request: FastifyRequest) {
  if (!request.actor) throw new UnauthenticatedError();
  if (!canManagePeople(request.actor)) throw new NotFoundError();
  return request.actor;
}

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const render = async (request: FastifyRequest, form: FormState, status = 200) => {
    const kommun = request.kommun!;
    const organisations = await organisationsInScope(ctx.db, request.actor, kommun.id, peoplePermission);
    const ids = organisations.map((o) => o.id);
    const query = request.query as Record<string, unknown>;
    const after = decodePeopleCursor(query.efter);
    const rows = await listPeople(ctx.db, ids, after, peopleLimits.pageSize + 1);
    const hasMore = rows.length > peopleLimits.pageSize;
    const people = rows.slice(0, peopleLimits.pageSize);
    const roles = await listRolesOf(ctx.db, people.map((p) => p.id), ids);
    const views: PersonView[] = people.map((p) => ({ ...p, roles: roles.filter((r) => r.userId === p.id) }));
    const last = people[people.length - 1];
    const base = `/${kommun.slug}/admin/personer`;
    const signInPauses = await listSignInPauses(ctx, request.actor, kommun);
    return { views, organisations, olderHref: hasMore && last ? `${base}?efter=${encodeURIComponent(encodePeopleCursor(last))}` : null, firstHref: after ? base : null, form, status, signInPauses };
  };

  app.get('/:kommun/admin/personer', async (request, reply) => {
    requirePeopleManager(request);
    const page = await render(request, emptyForm);
    return sendPage(request, reply, <PeoplePage {...page} rolesByKind={rolesByOrganisationKind} />);
  });

  app.post('/:kommun/admin/personer', async (request, reply) => {
    const actor = requirePeopleManager(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(inviteSchema, request.body);
      const outcome = await invitePerson(ctx, actor, request.kommun!, input, publicBaseUrl(ctx, request));
      setFlash(reply, request, outcome === 'invited' ? 'people.invited' : 'people.roleAdded');
      return reply.redirect(`/${request.kommun!.slug}/admin/personer`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const page = await render(request, { values, errors: error.fields }, 422);
        return sendPage(request, reply, <PeoplePage {...page} rolesByKind={rolesByOrganisationKind} />, 422);
      }
      throw error;
    }
  });

  app.post('/:kommun/admin/personer/:userId/inbjudan', async (request, reply) => {
    const actor = requirePeopleManager(request);
    const { userId } = request.params as { userId: string };
    if (!isId(userId)) throw new NotFoundError();
    await resendInvitation(ctx, actor, request.kommun!, userId, publicBaseUrl(ctx, request));
    setFlash(reply, request, 'people.resent');
    return reply.redirect(`/${request.kommun!.slug}/admin/personer`, 303);
  });

  app.post('/:kommun/admin/personer/roller/:membershipId/ta-bort', async (request, reply) => {
    const actor = requirePeopleManager(request);
    const { membershipId } = request.params as { membershipId: string };
    if (!isId(membershipId)) throw new NotFoundError();
    await removeRole(ctx, actor, request.kommun!, membershipId);
    setFlash(reply, request, 'people.roleRemoved');
    return reply.redirect(`/${request.kommun!.slug}/admin/personer`, 303);
  });

  // The same operations for JSON clients; errors come back as JSON from the error handler.
  app.get('/api/v1/:kommun/people', async (request) => {
    requirePeopleManager(request);
    const page = await render(request, emptyForm);
    const last = page.views[page.views.length - 1];
    return {
      data: page.views.map((p) => ({
        id: p.id,
        name: p.name,
        email: p.email,
        status: p.status,
        hasTotp: p.hasTotp,
        roles: p.roles.map((r) => ({ membershipId: r.membershipId, organisationId: r.organisationId, organisationName: r.organisationName, role: r.role })),
      })),
      next: page.olderHref && last ? encodePeopleCursor(last) : null,
    };
  });

  app.post('/api/v1/:kommun/people/invitations', async (request, reply) => {
    const actor = requirePeopleManager(request);
    const input = parseInput(inviteSchema, request.body);
    const outcome = await invitePerson(ctx, actor, request.kommun!, input, publicBaseUrl(ctx, request));
    return reply.code(201).send({ data: { outcome } });
  });
}

