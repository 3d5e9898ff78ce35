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
  /** The last TOTP time step accepted; only a later one is. */
  totpLastStep: number | null;
  isPlatformAdmin: boolean;
  isDemo: boolean;
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
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    isPlatformAdmin: toBool(row.is_platform_admin),
    isDemo: toBool(row.is_demo),
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

export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, status: 'active', updated_at: now }).where('id', '=', userId).execute();
}

/**
 * Stores `step` as the account's last accepted TOTP step, with `changes` (turning TOTP on or off),
 * only if no equal or later step is stored and TOTP is on (`totpOn`) or off as expected. The
 * condition is in the UPDATE, so of two instances racing with the same code exactly one wins:
 * true when this call did.
 */
export async function acceptTotpStep(
  db: Db,
  input: { userId: string; step: number; totpOn: boolean; now: string; changes?: { totpSecret: string | null; totpEnabledAt: string | null } },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({
      totp_last_step: input.step,
      updated_at: input.now,
      ...(input.changes ? { totp_secret: input.changes.totpSecret, totp_enabled_at: input.changes.totpEnabledAt } : {}),
    })
    .where('id', '=', input.userId)
    .where('totp_enabled_at', input.totpOn ? 'is not' : 'is', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', input.step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Accounts whose TOTP secret is not sealed yet (stored before sealing existed). */
export async function listUnsealedTotpSecrets(db: Db, afterId: string, limit: number): Promise<{ id: string; totpSecret: string; totpEnabledAt: string | null }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_enabled_at'])
    .where('id', '>', afterId)
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'v1.%')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, totpSecret: r.totp_secret!, totpEnabledAt: r.totp_enabled_at }));
}

/** Replaces a stored secret only if it is still `expected`, so a change made meanwhile is kept. */
export async function replaceTotpSecret(db: Db, userId: string, expected: string, replacement: string | null, now: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: replacement, updated_at: now }).where('id', '=', userId).where('totp_secret', '=', expected).execute();
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
