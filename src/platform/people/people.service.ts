// People administration: invite someone to a role in one of the organisations the actor may
// manage, send an invitation again, remove a role; and, for the person, answer roles offered.
// Each re-checks the permission, works only inside the actor's scope, and writes its audit row
// (and mail) in the same transaction.
//
// Who manages whose roles: a kommun's administrators manage the kommun and its partner
// organisations; a police area's administrators (police_administrator) manage the police area,
// which may serve several kommuner; the platform administrator may manage police areas too.
// A password link is only ever sent by the organisation whose invitation created the account;
// any other organisation inviting an existing address offers a role the person must accept, and
// its administrator is told no more than "invitation sent".
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { createLinkToken, roleFitsOrganisation, scopeWithin, selectOrganisationIdsInScope, type Actor, type RoleHolder } from '../auth/index.js';
import { linkPaths, publicBaseUrl } from '../auth/links.js';
import { findUserByEmail, insertMembership, insertUser } from '../auth/user.repository.js';
import { writeAudit } from '../audit/audit.repository.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { MessageCatalog } from '../i18n/i18n.js';
import { queueMail, secretPlaceholder } from '../mail/mail.js';
import { listOrganisationsOfKommun, selectOrganisationIdsOfKommun, type Kommun, type Organisation, type OrganisationIdsQuery } from '../tenants/tenant.repository.js';
import {
  acceptOffer,
  declineOffer,
  deleteMembership,
  findPersonInScope,
  findRoleInScope,
  listOffersOf,
  listPendingPeople,
  listPeople,
  listRolesOf,
  membershipExists,
  selectPendingOfferCount,
  type PendingPersonRow,
  type PersonRole,
  type PersonRow,
  type RoleOffer,
} from './people.repository.js';
import { peopleLimits, type InviteInput, type PeopleCursor } from './people.schemas.js';
import { canManagePeople } from './people.policy.js';

export const peoplePermission = 'people.manage';

export interface PeopleScope {
  /** Organisations whose memberships the actor may change. */
  manage: Organisation[];
  /** Organisations whose members the actor sees: a kommun administrator also sees who holds police roles in the kommun. */
  view: Organisation[];
}

export async function peopleScopeOf(ctx: AppContext, actor: Actor | null, kommun: Kommun): Promise<PeopleScope> {
  if (!canManagePeople(actor, kommun.id)) throw new NotFoundError();
  // One read of the kommun's organisations serves both the actor's own scope and the police areas.
  const all = await listOrganisationsOfKommun(ctx.db, kommun.id);
  const own = scopeWithin(all, actor, kommun.id, peoplePermission);
  const policeAreas = all.filter((o) => o.kind === 'lokalpolisomrade');
  const manage = actor!.isPlatformAdmin ? unique([...own, ...policeAreas]) : own;
  const heldInKommun = own.some((o) => o.id === kommun.id);
  return { manage, view: heldInKommun ? unique([...manage, ...policeAreas]) : manage };
}

function unique(organisations: Organisation[]): Organisation[] {
  return [...new Map(organisations.map((o) => [o.id, o])).values()];
}

/** The kommun a row about this organisation concerns: a police area serves several, so none. */
function kommunOf(organisation: Organisation, kommun: Kommun): string | null {
  return organisation.kind === 'lokalpolisomrade' ? null : kommun.id;
}

/** Both languages in one mail: the invited person's language is not known yet. */
function bilingual(messages: MessageCatalog, key: string, params: Record<string, string | number>): string {
  return `${messages.translator('sv')(key, params)}\n\n----\n\n${messages.translator('en')(key, params)}`;
}

function bilingualSubject(messages: MessageCatalog, key: string, params: Record<string, string | number>): string {
  return `${messages.translator('sv')(key, params)} / ${messages.translator('en')(key, params)}`;
}

function roleLabel(messages: MessageCatalog, role: string): string {
  return `${messages.translator('sv')(`role.${role}`)} / ${messages.translator('en')(`role.${role}`)}`;
}

export type PersonRoleView = PersonRole & { canRemove: boolean };
export type PersonView = PersonRow & { roles: PersonRoleView[]; canResend: boolean };
export type PendingPersonView = PendingPersonRow & { roles: PersonRoleView[]; canResend: boolean };

export interface PeopleList {
  scope: PeopleScope;
  people: PersonView[];
  /** People whose only roles here are offers they have not answered: shown by address only. */
  pending: PendingPersonView[];
  hasMore: boolean;
}

/** One page of the people list, access in SQL: only organisations in the actor's scope are read. */
export async function listPeopleForStaff(ctx: AppContext, actor: Actor | null, kommun: Kommun, after: PeopleCursor | undefined): Promise<PeopleList> {
  const scope = await peopleScopeOf(ctx, actor, kommun);
  const viewIds = scope.view.map((o) => o.id);
  const manageIds = new Set(scope.manage.map((o) => o.id));
  const rows = await listPeople(ctx.db, viewIds, after, peopleLimits.pageSize + 1);
  const people = rows.slice(0, peopleLimits.pageSize);
  const pending = after ? [] : await listPendingPeople(ctx.db, viewIds, peopleLimits.pendingShown);
  const roles = await listRolesOf(ctx.db, [...people, ...pending].map((p) => p.id), viewIds);
  const rolesOf = (userId: string) => roles.filter((r) => r.userId === userId).map((r) => ({ ...r, canRemove: manageIds.has(r.organisationId) }));
  const canResend = (p: { status: string; invitedByOrganisationId: string | null }) => p.status === 'invited' && p.invitedByOrganisationId !== null && manageIds.has(p.invitedByOrganisationId);
  return {
    scope,
    people: people.map((p) => ({ ...p, roles: rolesOf(p.id), canResend: canResend(p) })),
    pending: pending.map((p) => ({ ...p, roles: rolesOf(p.id), canResend: canResend(p) })),
    hasMore: rows.length > peopleLimits.pageSize,
  };
}

/**
 * peopleScopeOf(…).manage as a subquery of organisation ids, for the staff overview's counts,
 * which run in one statement and cannot read the organisations first. Held to peopleScopeOf by
 * scope.test.ts; an actor without people.manage manages nothing.
 */
export function selectManagedOrganisationIds(db: Db, actor: RoleHolder | null, kommun: Kommun): OrganisationIdsQuery {
  const own = selectOrganisationIdsInScope(db, actor, kommun.id, peoplePermission);
  if (!actor || !canManagePeople(actor, kommun.id) || !actor.isPlatformAdmin) return own;
  return own.union(selectOrganisationIdsOfKommun(db, kommun.id, 'lokalpolisomrade'));
}

/** For the staff overview: roles offered in the organisations the actor manages, still unanswered. */
export function selectUnansweredInvitationCount(db: Db, actor: RoleHolder | null, kommun: Kommun) {
  return selectPendingOfferCount(db, selectManagedOrganisationIds(db, actor, kommun));
}

export type InviteOutcome = 'invited';

/**
 * Invites a person to a role. A new address becomes an 'invited' account created by this
 * organisation, with a seven-day link to choose a password; the role counts once the link is
 * used. An existing account (or one another organisation invited) is only offered the role.
 * The answer is the same either way, so the form reveals nothing about other tenants' accounts.
 */
export async function invitePerson(ctx: AppContext, actor: Actor | null, kommun: Kommun, input: InviteInput): Promise<InviteOutcome> {
  const { manage } = await peopleScopeOf(ctx, actor, kommun);
  const organisation = manage.find((o) => o.id === input.organisationId);
  if (!organisation) throw new ValidationError({ organisationId: 'validation.chooseOne' });
  if (!roleFitsOrganisation(input.role, organisation.kind)) throw new ValidationError({ role: 'people.roleNotInOrganisation' });
  const now = new Date();
  const nowIso = now.toISOString();
  const existing = await findUserByEmail(ctx.db, input.email);
  // Only a role already held (or offered) here is refused; the actor can see those in the list.
  if (existing && (await membershipExists(ctx.db, existing.id, organisation.id, input.role))) throw new ValidationError({ role: 'people.alreadyHasRole' });
  const kommunId = kommunOf(organisation, kommun);
  const params = { organisation: organisation.name, role: roleLabel(ctx.registry.messages, input.role), kommun: kommun.name };
  await inTransaction(ctx, async (tx) => {
    const userId = existing?.id ?? newId();
    if (!existing) {
      await insertUser(tx.trx, { id: userId, email: input.email, name: input.name, passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now: nowIso, invitedByOrganisationId: organisation.id });
      await writeAudit(tx.trx, { actorUserId: actor!.userId, kommunId, organisationId: organisation.id, action: 'user.invited', entityType: 'user', entityId: userId, after: { name: input.name, email: input.email.toLowerCase(), status: 'invited' } }, nowIso);
    }
    const membershipId = newId();
    await insertMembership(tx.trx, { id: membershipId, userId, organisationId: organisation.id, role: input.role, now: nowIso, pending: true });
    await writeAudit(
      tx.trx,
      { actorUserId: actor!.userId, kommunId, organisationId: organisation.id, action: 'membership.offered', entityType: 'membership', entityId: membershipId, after: { userId, organisation: organisation.name, role: input.role, accepted: false } },
      nowIso,
    );
    const createdHere = !existing || (existing.status === 'invited' && existing.invitedByOrganisationId === organisation.id);
    if (createdHere) {
      // The account is this organisation's own invitation: it (and only it) sends the password link.
      const { token } = await createLinkToken(tx.trx, { userId, purpose: 'invite', now });
      await queueMail(ctx, tx, {
        kommunId,
        organisationId: organisation.id,
        to: input.email.toLowerCase(),
        subject: bilingualSubject(ctx.registry.messages, 'people.inviteMailSubject', params),
        text: bilingual(ctx.registry.messages, 'people.inviteMailBody', { ...params, name: existing?.name ?? input.name, link: secretPlaceholder }),
        secret: `${publicBaseUrl(ctx)}${linkPaths.invite}${token}`,
      });
    } else {
      // Not a word about the account: this mail is readable in the inviting organisation's outbox.
      await queueMail(ctx, tx, {
        kommunId,
        organisationId: organisation.id,
        to: existing.email,
        subject: bilingualSubject(ctx.registry.messages, 'people.offerMailSubject', params),
        text: bilingual(ctx.registry.messages, 'people.offerMailBody', { ...params, link: `${publicBaseUrl(ctx)}${offersPath}` }),
      });
    }
  });
  return 'invited';
}

/** Sends a new invitation link, only for an account this organisation's invitation created. */
export async function resendInvitation(ctx: AppContext, actor: Actor | null, kommun: Kommun, userId: string): Promise<void> {
  const { manage } = await peopleScopeOf(ctx, actor, kommun);
  const ids = manage.map((o) => o.id);
  const person = await findPersonInScope(ctx.db, userId, ids);
  if (!person || !person.invitedByOrganisationId || !ids.includes(person.invitedByOrganisationId)) throw new NotFoundError();
  if (person.status !== 'invited') throw new ConflictError('people.notInvited');
  const organisation = manage.find((o) => o.id === person.invitedByOrganisationId)!;
  const kommunId = kommunOf(organisation, kommun);
  const now = new Date();
  await inTransaction(ctx, async (tx) => {
    const { token } = await createLinkToken(tx.trx, { userId: person.id, purpose: 'invite', now });
    const params = { name: person.name, organisation: organisation.name, role: '', kommun: kommun.name, link: secretPlaceholder };
    await queueMail(ctx, tx, {
      kommunId,
      organisationId: organisation.id,
      to: person.email,
      subject: bilingualSubject(ctx.registry.messages, 'people.reinviteMailSubject', params),
      text: bilingual(ctx.registry.messages, 'people.reinviteMailBody', params),
      secret: `${publicBaseUrl(ctx)}${linkPaths.invite}${token}`,
    });
    await writeAudit(tx.trx, { actorUserId: actor!.userId, kommunId, organisationId: organisation.id, action: 'user.invitation_resent', entityType: 'user', entityId: person.id }, now.toISOString());
  });
}

/** Removes one role (or withdraws an offer). Nobody removes their own administrator role (no lock-out). */
export async function removeRole(ctx: AppContext, actor: Actor | null, kommun: Kommun, membershipId: string): Promise<void> {
  const { manage } = await peopleScopeOf(ctx, actor, kommun);
  const scopeIds = manage.map((o) => o.id);
  const role = await findRoleInScope(ctx.db, membershipId, scopeIds);
  if (!role) throw new NotFoundError();
  if (role.userId === actor!.userId && (role.role === 'administrator' || role.role === 'police_administrator')) throw new ConflictError('people.cannotRemoveOwnAdmin');
  const organisation = manage.find((o) => o.id === role.organisationId)!;
  const now = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    await deleteMembership(tx.trx, membershipId, scopeIds);
    await writeAudit(
      tx.trx,
      {
        actorUserId: actor!.userId,
        kommunId: kommunOf(organisation, kommun),
        organisationId: role.organisationId,
        action: role.pending ? 'membership.offer_withdrawn' : 'membership.removed',
        entityType: 'membership',
        entityId: membershipId,
        before: { userId: role.userId, organisation: role.organisationName, role: role.role, accepted: !role.pending },
      },
      now,
    );
  });
}

/** Where a signed-in person answers the roles offered to them. */
export const offersPath = '/konto/roller';

/** The roles offered to the signed-in person, in every kommun. */
export async function listMyOffers(ctx: AppContext, userId: string): Promise<RoleOffer[]> {
  return listOffersOf(ctx.db, userId);
}

/** Accepts or declines one of the person's own offers; anyone else's is "not found". */
export async function answerOffer(ctx: AppContext, userId: string, membershipId: string, accept: boolean): Promise<void> {
  const offer = (await listOffersOf(ctx.db, userId)).find((o) => o.membershipId === membershipId);
  if (!offer) throw new NotFoundError();
  const now = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    const done = accept ? await acceptOffer(tx.trx, userId, membershipId, now) : await declineOffer(tx.trx, userId, membershipId);
    if (!done) throw new NotFoundError();
    await writeAudit(
      tx.trx,
      {
        actorUserId: userId,
        kommunId: offer.kommunId,
        organisationId: offer.organisationId,
        action: accept ? 'membership.accepted' : 'membership.declined',
        entityType: 'membership',
        entityId: membershipId,
        after: { userId, organisation: offer.organisationName, role: offer.role, accepted: accept },
      },
      now,
    );
  });
}
