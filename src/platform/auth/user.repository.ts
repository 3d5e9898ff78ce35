import type { Db } from '../db/database.js';
import { toBool } from '../db/database.js';
import type { UserTable } from '../db/tables.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: string | null;
  isPlatformAdmin: boolean;
  isDemo: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
  status: UserTable['status'];
  invitedByOrganisationId: string | null;
}

function toUser(row: UserTable): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabledAt: row.totp_enabled_at,
    isPlatformAdmin: toBool(row.is_platform_admin),
    isDemo: toBool(row.is_demo),
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    status: row.status,
    invitedByOrganisationId: row.invited_by_organisation_id,
  };
}

/** E-mail addresses are compared case-insensitively: they are stored lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function recordFailedSignIn(db: Db, userId: string, lockedUntil: string | null, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1), locked_until: lockedUntil, updated_at: now }))
    .where('id', '=', userId)
    .execute();
}

export async function resetFailedSignIns(db: Db, userId: string, now: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, updated_at: now }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, status: 'active', failed_sign_ins: 0, locked_until: null, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function setTotp(db: Db, userId: string, secret: string | null, enabledAt: string | null, now: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_enabled_at: enabledAt, updated_at: now }).where('id', '=', userId).execute();
}

export async function insertUser(
  db: Db,
  user: { id: string; email: string; name: string; passwordHash: string | null; status: UserTable['status']; isPlatformAdmin: boolean; isDemo: boolean; now: string; invitedByOrganisationId?: string | null },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      totp_secret: null,
      totp_enabled_at: null,
      is_platform_admin: user.isPlatformAdmin,
      is_demo: user.isDemo,
      invited_by_organisation_id: user.invitedByOrganisationId ?? null,
      failed_sign_ins: 0,
      locked_until: null,
      status: user.status,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

/** A role held in an organisation; `pending` roles (offered to an existing account) count only once accepted. */
export async function insertMembership(db: Db, m: { id: string; userId: string; organisationId: string; role: string; now: string; pending?: boolean }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ id: m.id, user_id: m.userId, organisation_id: m.organisationId, role: m.role, created_at: m.now, accepted_at: m.pending ? null : m.now })
    .onConflict((oc) => oc.columns(['user_id', 'organisation_id', 'role']).doNothing())
    .execute();
}

/** Accepting an invitation link accepts the roles the inviting organisation offered with it. */
export async function acceptOffersFrom(db: Db, userId: string, organisationId: string, now: string): Promise<void> {
  await db.updateTable('memberships').set({ accepted_at: now }).where('user_id', '=', userId).where('organisation_id', '=', organisationId).where('accepted_at', 'is', null).execute();
}
