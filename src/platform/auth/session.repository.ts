import type { Db } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import { roleFitsOrganisation, type Role } from './roles.js';

export interface SessionRow {
  idHash: string;
  userId: string;
  csrfSecret: string;
  secondFactorDone: boolean;
  expiresAt: string;
  lastSeenAt: string;
  createdAt: string;
  user: {
    email: string;
    name: string;
    status: string;
    isPlatformAdmin: boolean;
    hasTotp: boolean;
  };
}

export async function insertSession(
  db: Db,
  row: { idHash: string; userId: string; csrfSecret: string; secondFactorDone: boolean; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: row.idHash,
      user_id: row.userId,
      csrf_secret: row.csrfSecret,
      second_factor_done: row.secondFactorDone,
      created_at: row.now,
      expires_at: row.expiresAt,
      last_seen_at: row.now,
    })
    .execute();
}

// Built and compiled once (preparedQuery): this runs on every signed-in request, and building it
// with Kysely cost five times as much as running it.
const liveSessionWithRoles = preparedQuery((db, values: { idHash: string; now: string; createdAfter: string; kommunId: string | null }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .on('memberships.accepted_at', 'is not', null)
        // With no kommun, no role applies; `kommunId` null matches nothing.
        .on((eb) =>
          eb.or([
            eb('memberships.organisation_id', '=', values.kommunId),
            eb('memberships.organisation_id', 'in', eb.selectFrom('organisations as partner').select('partner.id').where('partner.kommun_id', '=', values.kommunId)),
            eb('memberships.organisation_id', 'in', eb.selectFrom('police_area_kommuner').select('police_area_id').where('kommun_id', '=', values.kommunId)),
          ]),
        ),
    )
    .leftJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select([
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.csrf_secret',
      'sessions.second_factor_done',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.created_at',
      'users.email',
      'users.name',
      'users.status',
      'users.is_platform_admin',
      'users.totp_enabled_at',
      'memberships.role',
      'organisations.id as organisation_id',
      'organisations.kind as organisation_kind',
      'organisations.name as organisation_name',
    ])
    .where('sessions.id_hash', '=', values.idHash)
    .where('sessions.expires_at', '>', values.now)
    .where('sessions.created_at', '>', values.createdAfter)
    .where('users.status', '=', 'active'),
);

/**
 * The live session (not idle past expires_at, not older than the absolute lifetime
 * `createdAfter`, its account active), its person, and the roles that person holds in one kommun, in one round trip:
 * the signed-in path is the hottest in the app, and separate queries for the session and the
 * roles doubled its cost on PostgreSQL. One row per role (or one row with no role).
 */
export async function findLiveSessionWithRoles(
  db: Db,
  idHash: string,
  now: string,
  createdAfter: string,
  kommunId: string | null,
): Promise<{ session: SessionRow; roles: ScopedRole[] } | undefined> {
  const rows = await liveSessionWithRoles(db, { idHash, now, createdAfter, kommunId });
  const row = rows[0];
  if (!row) return undefined;
  const session: SessionRow = {
    idHash: row.id_hash,
    userId: row.user_id,
    csrfSecret: row.csrf_secret,
    secondFactorDone: row.second_factor_done === true || row.second_factor_done === 1,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    createdAt: row.created_at,
    user: {
      email: row.email,
      name: row.name,
      status: row.status,
      isPlatformAdmin: row.is_platform_admin === true || row.is_platform_admin === 1,
      hasTotp: row.totp_enabled_at !== null,
    },
  };
  const roles: ScopedRole[] = [];
  for (const r of rows) {
    if (r.role === null || r.organisation_id === null || r.organisation_kind === null || r.organisation_name === null) continue;
    if (!roleFitsOrganisation(r.role, r.organisation_kind)) continue;
    roles.push({ role: r.role, organisationId: r.organisation_id, organisationKind: r.organisation_kind, organisationName: r.organisation_name });
  }
  return { session, roles };
}

/**
 * Whether a statement is touchSession's: it moves a session's last-seen time and expiry later
 * and nothing else, so the session cache (which checks the times itself) keeps what it holds.
 */
export function isSessionTouch(statement: string): boolean {
  return statement.startsWith('update "sessions" set "last_seen_at" = $1, "expires_at" = $2 where "id_hash" = $3');
}

export async function touchSession(db: Db, idHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function markSecondFactorDone(db: Db, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_done: true }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ScopedRole {
  role: Role;
  organisationId: string;
  organisationKind: 'kommun' | 'lokalpolisomrade' | 'partner';
  organisationName: string;
}

/**
 * The roles a user holds that apply inside one kommun: held in the kommun itself, in a partner
 * organisation of the kommun, or in a lokalpolisområde that covers it. Roles offered but not yet
 * accepted do not count, nor does a role its organisation's kind cannot hold.
 */
export async function findRolesInKommun(db: Db, userId: string, kommunId: string): Promise<ScopedRole[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.role', 'organisations.id', 'organisations.kind', 'organisations.name'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.accepted_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('organisations.id', '=', kommunId),
        eb('organisations.kommun_id', '=', kommunId),
        eb(
          'organisations.id',
          'in',
          eb.selectFrom('police_area_kommuner').select('police_area_id').where('kommun_id', '=', kommunId),
        ),
      ]),
    )
    .execute();
  return rows
    .filter((r) => roleFitsOrganisation(r.role, r.kind))
    .map((r) => ({
      role: r.role as Role,
      organisationId: r.id,
      organisationKind: r.kind,
      organisationName: r.name,
    }));
}

/** Every kommun in which the user holds some role, for the "choose kommun" page after sign-in. */
export async function findKommunerOfUser(db: Db, userId: string): Promise<{ id: string; slug: string; name: string }[]> {
  const orgIds = db.selectFrom('memberships').select('organisation_id').where('user_id', '=', userId).where('accepted_at', 'is not', null);
  const rows = await db
    .selectFrom('organisations as k')
    .select(['k.id', 'k.slug', 'k.name'])
    .where('k.kind', '=', 'kommun')
    .where((eb) =>
      eb.or([
        eb('k.id', 'in', orgIds),
        eb('k.id', 'in', eb.selectFrom('organisations as p').select('p.kommun_id').where('p.id', 'in', orgIds).where('p.kommun_id', 'is not', null).$narrowType<{ kommun_id: string }>()),
        eb('k.id', 'in', eb.selectFrom('police_area_kommuner').select('kommun_id').where('police_area_id', 'in', orgIds)),
      ]),
    )
    .orderBy('k.name')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug ?? '', name: r.name }));
}

/** Ends every session of a user except the one given (after a password change in that session). */
export async function deleteOtherSessionsOfUser(db: Db, userId: string, keepIdHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '!=', keepIdHash).execute();
}
