// People of a kommun and its partners (list, invitations, roles), for those holding people.manage,
// and each person's own answers to the roles offered to them. One function per page or action;
// the services work out what the actor may reach (in SQL for the lists).
import type { FastifyInstance } from 'fastify';
import { rolesByOrganisationKind, type Actor } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { UnauthenticatedError } from '../http/errors.js';
import { setFlash } from '../http/kernel.plugin.js';
import { kommunRoute, siteRoute, type RouteContext } from '../http/kommun-route.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { emptyForm, type FormState } from '../views/components.js';
import { sendPage } from '../views/render.js';
import {
  encodePeopleCursor,
  invitationResponse,
  inviteSchema,
  membershipIdParams,
  peopleApiListQuery,
  peopleListQuery,
  peopleListResponse,
  userIdParams,
  type PeopleCursor,
} from './people.schemas.js';
import { answerOffer, invitePerson, listMyOffers, listPeopleForStaff, offersPath, removeRole, resendInvitation, type PeopleList } from './people.service.js';
import { OffersPage, PeoplePage } from './people.views.js';
import { listSignInPauses } from './sign-in-pauses.service.js';

const manage = 'people.manage';

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext): void {
  showPeople(app, ctx);
  invitePersonFromForm(app, ctx);
  resendInvitationFromForm(app, ctx);
  removeRoleFromForm(app, ctx);
  listPeopleApi(app, ctx);
  invitePersonApi(app, ctx);
  showMyOffers(app, ctx);
  answerMyOffer(app, ctx, 'godta', true);
  answerMyOffer(app, ctx, 'avboj', false);
}

const peoplePath = (kommun: Kommun) => `/${kommun.slug}/admin/personer`;

type StaffRoute = RouteContext<unknown, unknown, unknown, Actor, Kommun>;

async function renderPeople(ctx: AppContext, { request, reply, actor, kommun }: StaffRoute, after: PeopleCursor | undefined, form: FormState, status = 200) {
  const list = await listPeopleForStaff(ctx, actor, kommun, after);
  const signInPauses = await listSignInPauses(ctx, list.scope);
  const last = list.people[list.people.length - 1];
  const base = peoplePath(kommun);
  const olderHref = list.hasMore && last ? `${base}?efter=${encodeURIComponent(encodePeopleCursor(last))}` : null;
  return sendPage(
    request,
    reply,
    <PeoplePage
      people={list.people}
      pending={list.pending}
      organisations={list.scope.manage}
      olderHref={olderHref}
      firstHref={after ? base : null}
      form={form}
      rolesByKind={rolesByOrganisationKind}
      signInPauses={signInPauses}
    />,
    status,
  );
}

function showPeople(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/admin/personer', permission: manage, query: peopleListQuery }, async (route) => renderPeople(ctx, route, route.query.efter, emptyForm));
}

function invitePersonFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/personer', permission: manage, body: inviteSchema, invalid: (route, form) => renderPeople(ctx, route, undefined, form, 422) },
    async ({ request, reply, actor, kommun, body }) => {
      await invitePerson(ctx, actor, kommun, body);
      setFlash(reply, request, 'people.invited');
      return reply.redirect(peoplePath(kommun), 303);
    },
  );
}

function resendInvitationFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'POST', url: '/:kommun/admin/personer/:userId/inbjudan', permission: manage, params: userIdParams }, async ({ request, reply, actor, kommun, params }) => {
    await resendInvitation(ctx, actor, kommun, params.userId);
    setFlash(reply, request, 'people.resent');
    return reply.redirect(peoplePath(kommun), 303);
  });
}

function removeRoleFromForm(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    { method: 'POST', url: '/:kommun/admin/personer/roller/:membershipId/ta-bort', permission: manage, params: membershipIdParams },
    async ({ request, reply, actor, kommun, params }) => {
      await removeRole(ctx, actor, kommun, params.membershipId);
      setFlash(reply, request, 'people.roleRemoved');
      return reply.redirect(peoplePath(kommun), 303);
    },
  );
}

// ---- the same operations for JSON clients ------------------------------------------------------

function rolesJson(person: PeopleList['people'][number] | PeopleList['pending'][number]) {
  return person.roles.map((r) => ({ membershipId: r.membershipId, organisationId: r.organisationId, organisationName: r.organisationName, role: r.role, accepted: !r.pending }));
}

function listPeopleApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/:kommun/people',
      permission: manage,
      query: peopleApiListQuery,
      api: { operationId: 'listPeople', tag: 'people', summary: 'people.api.listPeople', response: { status: 200, description: 'people.api.listAnswer', schema: peopleListResponse } },
    },
    async ({ actor, kommun, query }) => {
      const list = await listPeopleForStaff(ctx, actor, kommun, query.after);
      const last = list.people[list.people.length - 1];
      return {
        data: list.people.map((p) => ({ id: p.id, name: p.name, email: p.email, status: p.status, hasTotp: p.hasTotp, roles: rolesJson(p) })),
        pending: list.pending.map((p) => ({ id: p.id, email: p.email, roles: rolesJson(p) })),
        next: list.hasMore && last ? encodePeopleCursor(last) : null,
      };
    },
  );
}

function invitePersonApi(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/:kommun/people/invitations',
      permission: manage,
      body: inviteSchema,
      api: {
        operationId: 'invitePerson',
        tag: 'people',
        summary: 'people.api.invitePerson',
        description: 'people.api.invitePersonDescription',
        response: { status: 201, description: 'people.api.invitationAnswer', schema: invitationResponse },
      },
    },
    async ({ reply, actor, kommun, body }) => reply.code(201).send({ data: { outcome: await invitePerson(ctx, actor, kommun, body) } }),
  );
}

// ---- the signed-in person's own answers to roles offered to them -------------------------------

function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

function showMyOffers(app: FastifyInstance, ctx: AppContext): void {
  siteRoute(app, { method: 'GET', url: offersPath }, async ({ request, reply, actor }) => {
    return sendPage(request, reply, <OffersPage offers={await listMyOffers(ctx, signedIn(actor).userId)} />);
  });
}

function answerMyOffer(app: FastifyInstance, ctx: AppContext, segment: string, accept: boolean): void {
  siteRoute(app, { method: 'POST', url: `${offersPath}/:membershipId/${segment}`, params: membershipIdParams }, async ({ request, reply, actor, params }) => {
    await answerOffer(ctx, signedIn(actor).userId, params.membershipId, accept);
    setFlash(reply, request, accept ? 'people.offerAccepted' : 'people.offerDeclined');
    return reply.redirect(offersPath, 303);
  });
}
