// SQL for the people administration. Every query is limited to the organisation ids the caller
// may see or manage, so a person outside the kommun's scope is never listed or touched. A role
// offered to a person (accepted_at null) is listed as an offer and counts for nothing until
// accepted; a person whose only roles here are offers is listed by e-mail address alone, so an
// organisation learns nothing about an account another organisation created.
import type { Db } from '../db/database.js';
import type { OrganisationTable, UserTable } from '../db/tables.js';
import type { OrganisationIdsQuery } from '../tenants/tenant.repository.js';
import type { PeopleCursor } from './people.schemas.js';
import { keysetAfter } from '../db/keyset.js';

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  status: UserTable['status'];
  hasTotp: boolean;
  invitedByOrganisationId: string | null;
}

export interface PendingPersonRow {
  id: string;
  email: string;
  status: UserTable['status'];
  invitedByOrganisationId: string | null;
}

export interface PersonRole {
  membershipId: string;
  userId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationTable['kind'];
  role: string;
  pending: boolean;
}

const acceptedIn = (db: Db, organisationIds: string[]) =>
  db.selectFrom('memberships').select('memberships.user_id').where('memberships.organisation_id', 'in', organisationIds).where('memberships.accepted_at', 'is not', null);

/** People holding at least one accepted role in the given organisations, by name then id (keyset; users_name_id_idx). */
export async function listPeople(db: Db, organisationIds: string[], after: PeopleCursor | undefined, limit: number): Promise<PersonRow[]> {
  if (organisationIds.length === 0) return [];
  let query = db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email', 'users.status', 'users.totp_enabled_at', 'users.invited_by_organisation_id'])
    .where('users.id', 'in', acceptedIn(db, organisationIds));
  if (after) {
    query = query.where((eb) => keysetAfter(eb, { at: 'users.name', id: 'users.id' }, { at: after.name, id: after.id }, 'asc'));
  }
  const rows = await query.orderBy('users.name').orderBy('users.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, status: r.status, hasTotp: r.totp_enabled_at !== null, invitedByOrganisationId: r.invited_by_organisation_id }));
}

/** People whose only roles in the given organisations are offers not yet accepted, by address. */
export async function listPendingPeople(db: Db, organisationIds: string[], limit: number): Promise<PendingPersonRow[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.status', 'users.invited_by_organisation_id'])
    .where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organisation_id', 'in', organisationIds).where('memberships.accepted_at', 'is', null))
    .where('users.id', 'not in', acceptedIn(db, organisationIds))
    .orderBy('users.email')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, status: r.status, invitedByOrganisationId: r.invited_by_organisation_id }));
}

/**
 * Roles offered in the organisations (a subquery of ids) and not yet answered, for the staff
 * overview (which runs it). memberships_pending_idx holds only unanswered offers, so the count
 * does not read every accepted role of the kommun.
 */
export function selectPendingOfferCount(db: Db, organisationIds: OrganisationIdsQuery) {
  return db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('memberships.organisation_id', 'in', organisationIds).where('memberships.accepted_at', 'is', null);
}

function toPersonRole(r: { id: string; user_id: string; organisation_id: string; name: string; kind: OrganisationTable['kind']; role: string; accepted_at: string | null }): PersonRole {
  return { membershipId: r.id, userId: r.user_id, organisationId: r.organisation_id, organisationName: r.name, organisationKind: r.kind, role: r.role, pending: r.accepted_at === null };
}

const roleColumns = ['memberships.id', 'memberships.user_id', 'memberships.organisation_id', 'organisations.name', 'organisations.kind', 'memberships.role', 'memberships.accepted_at'] as const;

export async function listRolesOf(db: Db, userIds: string[], organisationIds: string[]): Promise<PersonRole[]> {
  if (userIds.length === 0 || organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(roleColumns)
    .where('memberships.user_id', 'in', userIds)
    .where('memberships.organisation_id', 'in', organisationIds)
    .orderBy('organisations.name')
    .orderBy('memberships.role')
    .execute();
  return rows.map(toPersonRole);
}

export async function findRoleInScope(db: Db, membershipId: string, organisationIds: string[]): Promise<PersonRole | undefined> {
  if (organisationIds.length === 0) return undefined;
  const row = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(roleColumns)
    .where('memberships.id', '=', membershipId)
    .where('memberships.organisation_id', 'in', organisationIds)
    .executeTakeFirst();
  return row ? toPersonRole(row) : undefined;
}

/** A person with some role (or offer) in the given organisations, or undefined. */
export async function findPersonInScope(db: Db, userId: string, organisationIds: string[]): Promise<PersonRow | undefined> {
  if (organisationIds.length === 0) return undefined;
  const row = await db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email', 'users.status', 'users.totp_enabled_at', 'users.invited_by_organisation_id'])
    .where('users.id', '=', userId)
    .where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organisation_id', 'in', organisationIds))
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, email: row.email, status: row.status, hasTotp: row.totp_enabled_at !== null, invitedByOrganisationId: row.invited_by_organisation_id } : undefined;
}

/** Deletes a membership held in one of the organisations (the remover's scope); nothing otherwise. */
export async function deleteMembership(db: Db, membershipId: string, organisationIds: string[]): Promise<void> {
  if (organisationIds.length === 0) return;
  await db.deleteFrom('memberships').where('id', '=', membershipId).where('organisation_id', 'in', organisationIds).execute();
}

export async function membershipExists(db: Db, userId: string, organisationId: string, role: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('id').where('user_id', '=', userId).where('organisation_id', '=', organisationId).where('role', '=', role).executeTakeFirst();
  return row !== undefined;
}

export interface RoleOffer {
  membershipId: string;
  role: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationTable['kind'];
  /** The kommun the organisation belongs to (a police area belongs to none). */
  kommunId: string | null;
  createdAt: string;
}

/** The roles offered to a person and not yet answered, newest first. */
export async function listOffersOf(db: Db, userId: string): Promise<RoleOffer[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.id', 'memberships.role', 'memberships.created_at', 'organisations.id as organisation_id', 'organisations.name', 'organisations.kind', 'organisations.kommun_id'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.accepted_at', 'is', null)
    .orderBy('memberships.created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    membershipId: r.id,
    role: r.role,
    organisationId: r.organisation_id,
    organisationName: r.name,
    organisationKind: r.kind,
    kommunId: r.kind === 'kommun' ? r.organisation_id : r.kind === 'partner' ? r.kommun_id : null,
    createdAt: r.created_at,
  }));
}

/** Accepts one offer of this person; false when it is not theirs or no longer open. */
export async function acceptOffer(db: Db, userId: string, membershipId: string, now: string): Promise<boolean> {
  const result = await db.updateTable('memberships').set({ accepted_at: now }).where('id', '=', membershipId).where('user_id', '=', userId).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Declines (deletes) one offer of this person; false when it is not theirs or no longer open. */
export async function declineOffer(db: Db, userId: string, membershipId: string): Promise<boolean> {
  const result = await db.deleteFrom('memberships').where('id', '=', membershipId).where('user_id', '=', userId).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
