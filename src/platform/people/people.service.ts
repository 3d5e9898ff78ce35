// People administration: invite someone to a role in one of the kommun's organisations, send an
// invitation again, remove a role. Each re-checks the permission, works only inside the
// kommun's organisations, and writes its audit row (and mail) in the same transaction.
import type { AppContext } from '../context.js';
import { createLinkToken, organisationsInScope, rolesByOrganisationKind, type Actor } from '../auth/index.js';
import { findUserByEmail, insertMembership, insertUser } from '../auth/user.repository.js';
import { writeAudit } from '../audit/audit.repository.js';
import { newId } from '../db/ids.js';
import { inTransaction } from '../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import { translator } from '../i18n/i18n.js';
import { queueMail } from '../mail/mail.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { deleteMembership, findPersonInScope, findRoleInScope, listRolesOf, membershipExists } from './people.repository.js';
import type { InviteInput } from './people.schemas.js';
import { canManagePeople } from './people.policy.js';

export const peoplePermission = 'people.manage';

async function scopeOf(ctx: AppContext, actor: Actor | null, kommun: Kommun) {
  if (!canManagePeople(actor)) throw new NotFoundError();
  return organisationsInScope(ctx.db, actor, kommun.id, peoplePermission);
}

/** Both languages in one mail: the invited person's language is not known yet. */
function bilingual(key: string, params: Record<string, string | number>): string {
  return `${translator('sv')(key, params)}\n\n----\n\n${translator('en')(key, params)}`;
}

function roleLabel(role: string): string {
  return `${translator('sv')(`role.${role}`)} / ${translator('en')(`role.${role}`)}`;
}

export type InviteOutcome = 'invited' | 'roleAdded';

/**
 * Invites a person to a role. A new address becomes an 'invited' account with a seven-day link
 * to choose a password; an existing account gets the role (and a fresh link while still invited).
 */
export async function invitePerson(ctx: AppContext, actor: Actor | null, kommun: Kommun, input: InviteInput, base: string): Promise<InviteOutcome> {
  const organisations = await scopeOf(ctx, actor, kommun);
  const organisation = organisations.find((o) => o.id === input.organisationId);
  if (!organisation) throw new ValidationError({ organisationId: 'validation.chooseOne' });
  if (!rolesByOrganisationKind[organisation.kind].includes(input.role)) throw new ValidationError({ role: 'people.roleNotInOrganisation' });
  const now = new Date();
  const nowIso = now.toISOString();
  const existing = await findUserByEmail(ctx.db, input.email);
  if (existing?.status === 'disabled') throw new ValidationError({ email: 'people.accountDisabled' });
  if (existing && (await membershipExists(ctx.db, existing.id, organisation.id, input.role))) throw new ValidationError({ role: 'people.alreadyHasRole' });
  return inTransaction(ctx, async (tx) => {
    let userId = existing?.id;
    let outcome: InviteOutcome = 'roleAdded';
    if (!userId) {
      userId = newId();
      await insertUser(tx.trx, { id: userId, email: input.email, name: input.name, passwordHash: null, status: 'invited', isPlatformAdmin: false, isDemo: false, now: nowIso });
      await writeAudit(tx.trx, { actorUserId: actor!.userId, kommunId: kommun.id, organisationId: organisation.id, action: 'user.invited', entityType: 'user', entityId: userId, after: { name: input.name, email: input.email.toLowerCase(), status: 'invited' } }, nowIso);
    }
    const membershipId = newId();
    await insertMembership(tx.trx, { id: membershipId, userId, organisationId: organisation.id, role: input.role, now: nowIso });
    await writeAudit(
      tx.trx,
      { actorUserId: actor!.userId, kommunId: kommun.id, organisationId: organisation.id, action: 'membership.created', entityType: 'membership', entityId: membershipId, after: { userId, organisation: organisation.name, role: input.role } },
      nowIso,
    );
    const params = { name: existing?.name ?? input.name, organisation: organisation.name, role: roleLabel(input.role), kommun: kommun.name };
    if (!existing || existing.status === 'invited') {
      const { token } = await createLinkToken(tx.trx, { userId, purpose: 'invite', now });
      await queueMail(ctx, tx, {
        organisationId: organisation.id,
        to: input.email.toLowerCase(),
        subject: `${translator('sv')('people.inviteMailSubject', params)} / ${translator('en')('people.inviteMailSubject', params)}`,
        text: bilingual('people.inviteMailBody', { ...params, link: `${base}/inbjudan/${token}` }),
      });
      outcome = 'invited';
    } else {
      await queueMail(ctx, tx, {
        organisationId: organisation.id,
        to: existing.email,
        subject: `${translator('sv')('people.roleMailSubject', params)} / ${translator('en')('people.roleMailSubject', params)}`,
        text: bilingual('people.roleMailBody', { ...params, link: `${base}/logga-in?kommun=${kommun.slug}` }),
      });
    }
    return outcome;
  });
}

/** Sends a new invitation link to a person who has not yet chosen a password. */
export async function resendInvitation(ctx: AppContext, actor: Actor | null, kommun: Kommun, userId: string, base: string): Promise<void> {
  const organisations = await scopeOf(ctx, actor, kommun);
  const ids = organisations.map((o) => o.id);
  const person = await findPersonInScope(ctx.db, userId, ids);
  if (!person) throw new NotFoundError();
  if (person.status !== 'invited') throw new ConflictError('people.notInvited');
  const now = new Date();
  // The mail and audit row belong to the organisation where the person was given a role here.
  const [firstRole] = await listRolesOf(ctx.db, [person.id], ids);
  const organisationId = firstRole?.organisationId ?? null;
  await inTransaction(ctx, async (tx) => {
    const { token } = await createLinkToken(tx.trx, { userId: person.id, purpose: 'invite', now });
    const params = { name: person.name, organisation: kommun.name, role: '', kommun: kommun.name, link: `${base}/inbjudan/${token}` };
    await queueMail(ctx, tx, {
      organisationId,
      to: person.email,
      subject: `${translator('sv')('people.reinviteMailSubject', params)} / ${translator('en')('people.reinviteMailSubject', params)}`,
      text: bilingual('people.reinviteMailBody', params),
    });
    await writeAudit(tx.trx, { actorUserId: actor!.userId, kommunId: kommun.id, organisationId, action: 'user.invitation_resent', entityType: 'user', entityId: person.id }, now.toISOString());
  });
}

/** Removes one role. Administrators cannot remove their own administrator role (no lock-out). */
export async function removeRole(ctx: AppContext, actor: Actor | null, kommun: Kommun, membershipId: string): Promise<void> {
  const organisations = await scopeOf(ctx, actor, kommun);
  const role = await findRoleInScope(ctx.db, membershipId, organisations.map((o) => o.id));
  if (!role) throw new NotFoundError();
  if (role.userId === actor!.userId && role.role === 'administrator') throw new ConflictError('people.cannotRemoveOwnAdmin');
  const now = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    await deleteMembership(tx.trx, membershipId);
    await writeAudit(
      tx.trx,
      { actorUserId: actor!.userId, kommunId: kommun.id, organisationId: role.organisationId, action: 'membership.removed', entityType: 'membership', entityId: membershipId, before: { userId: role.userId, organisation: role.organisationName, role: role.role } },
      now,
    );
  });
}
