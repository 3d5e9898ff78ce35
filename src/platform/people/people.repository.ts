// SQL for the people administration. Every query is limited to the organisation ids the caller
// may manage, so a person outside the kommun's scope is never listed or touched.
import type { Db } from '../db/database.js';
import type { UserTable } from '../db/tables.js';
import type { PeopleCursor } from './people.schemas.js';

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  status: UserTable['status'];
  hasTotp: boolean;
}

export interface PersonRole {
  membershipId: string;
  userId: string;
  organisationId: string;
  organisationName: string;
  role: string;
}

/** People holding at least one role in the given organisations, by name then id (keyset). */
export async function listPeople(db: Db, organisationIds: string[], after: PeopleCursor | undefined, limit: number): Promise<PersonRow[]> {
  if (organisationIds.length === 0) return [];
  let query = db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email', 'users.status', 'users.totp_enabled_at'])
    .where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organisation_id', 'in', organisationIds));
  if (after) {
    query = query.where((eb) => eb.or([eb('users.name', '>', after.name), eb.and([eb('users.name', '=', after.name), eb('users.id', '>', after.id)])]));
  }
  const rows = await query.orderBy('users.name').orderBy('users.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, status: r.status, hasTotp: r.totp_enabled_at !== null }));
}

export async function listRolesOf(db: Db, userIds: string[], organisationIds: string[]): Promise<PersonRole[]> {
  if (userIds.length === 0 || organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.id', 'memberships.user_id', 'memberships.organisation_id', 'organisations.name', 'memberships.role'])
    .where('memberships.user_id', 'in', userIds)
    .where('memberships.organisation_id', 'in', organisationIds)
    .orderBy('organisations.name')
    .orderBy('memberships.role')
    .execute();
  return rows.map((r) => ({ membershipId: r.id, userId: r.user_id, organisationId: r.organisation_id, organisationName: r.name, role: r.role }));
}

export async function findRoleInScope(db: Db, membershipId: string, organisationIds: string[]): Promise<PersonRole | undefined> {
  if (organisationIds.length === 0) return undefined;
  const roles = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.id', 'memberships.user_id', 'memberships.organisation_id', 'organisations.name', 'memberships.role'])
    .where('memberships.id', '=', membershipId)
    .where('memberships.organisation_id', 'in', organisationIds)
    .executeTakeFirst();
  return roles ? { membershipId: roles.id, userId: roles.user_id, organisationId: roles.organisation_id, organisationName: roles.name, role: roles.role } : undefined;
}

/** A person with some role in the given organisations, or undefined. */
export async function findPersonInScope(db: Db, userId: string, organisationIds: string[]): Promise<PersonRow | undefined> {
  if (organisationIds.length === 0) return undefined;
  const row = await db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email', 'users.status', 'users.totp_enabled_at'])
    .where('users.id', '=', userId)
    .where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organisation_id', 'in', organisationIds))
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, email: row.email, status: row.status, hasTotp: row.totp_enabled_at !== null } : undefined;
}

export async function deleteMembership(db: Db, membershipId: string): Promise<void> {
  await db.deleteFrom('memberships').where('id', '=', membershipId).execute();
}

export async function membershipExists(db: Db, userId: string, organisationId: string, role: string): Promise<boolean> {
  const row = await db.selectFrom('memberships').select('id').where('user_id', '=', userId).where('organisation_id', '=', organisationId).where('role', '=', role).executeTakeFirst();
  return row !== undefined;
}
