// Paused sign-ins on the people page: administrators see who in their kommun's organisations is
// paused after failed sign-ins or wrong TOTP codes, and can lift the pause (audited). The pauses
// themselves belong to auth (sign-in-throttle.ts); this only lists and lifts them within scope.
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Actor, RoleHolder } from '../auth/index.js';
import { deleteThrottlesOfUser, findThrottlesOfUser, listPausesInOrganisations, type PausedPersonRow, selectPausedPeopleCount } from '../auth/sign-in-throttle.repository.js';
import { writeAudit } from '../audit/audit.repository.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError } from '../http/errors.js';
import type { Kommun } from '../tenants/tenant.repository.js';
import { findPersonInScope, listRolesOf } from './people.repository.js';
import { peopleScopeOf, selectManagedOrganisationIds, type PeopleScope } from './people.service.js';

/** Pauses are rare and short (15 minutes at most), so one bounded list serves the page. */
const pauseListLimit = 200;

export interface Pause {
  until: string;
  failures: number;
}

export interface PausedPerson {
  userId: string;
  name: string;
  /** Password sign-in paused, for the account or for one of its clients. */
  signIn: Pause | null;
  secondFactor: Pause | null;
}

function merge(pause: Pause | null, row: PausedPersonRow): Pause {
  return { until: pause && pause.until > row.blockedUntil ? pause.until : row.blockedUntil, failures: Math.max(pause?.failures ?? 0, row.failures) };
}

/** The organisations whose people the actor manages (people.service decides who manages whom). */
async function scopeIds(ctx: AppContext, actor: Actor | null, kommun: Kommun): Promise<string[]> {
  return (await peopleScopeOf(ctx, actor, kommun)).manage.map((o) => o.id);
}

/** For the staff overview: people in the actor's scope whose sign-in is paused at `now` (ISO). */
export function selectSignInPauseCount(db: Db, actor: RoleHolder | null, kommun: Kommun, now: string) {
  return selectPausedPeopleCount(db, selectManagedOrganisationIds(db, actor, kommun), now);
}

/**
 * The paused people within a people scope the caller already holds (from peopleScopeOf, which
 * checked the permission), so the people page does not work the scope out twice.
 */
export async function listSignInPauses(ctx: AppContext, scope: PeopleScope, now = new Date()): Promise<PausedPerson[]> {
  const rows = await listPausesInOrganisations(ctx.db, scope.manage.map((o) => o.id), now.toISOString(), pauseListLimit);
  const people = new Map<string, PausedPerson>();
  for (const row of rows) {
    const person = people.get(row.userId) ?? { userId: row.userId, name: row.name, signIn: null, secondFactor: null };
    if (row.scope === 'totp') person.secondFactor = merge(person.secondFactor, row);
    else person.signIn = merge(person.signIn, row);
    people.set(row.userId, person);
  }
  return [...people.values()];
}

/**
 * Lifts every pause and forgets every failure of a person in the actor's scope; false when
 * there was nothing to lift. The audit row keeps what was lifted.
 */
export async function liftSignInPause(ctx: AppContext, actor: Actor | null, kommun: Kommun, userId: string, now = new Date()): Promise<boolean> {
  const ids = await scopeIds(ctx, actor, kommun);
  const person = await findPersonInScope(ctx.db, userId, ids);
  if (!person) throw new NotFoundError();
  const rows = await findThrottlesOfUser(ctx.db, person.id);
  if (rows.length === 0) return false;
  const [firstRole] = await listRolesOf(ctx.db, [person.id], ids);
  await inTransaction(ctx, async (tx) => {
    await deleteThrottlesOfUser(tx.trx, person.id);
    await writeAudit(
      tx.trx,
      {
        actorUserId: actor!.userId,
        kommunId: kommun.id,
        organisationId: firstRole?.organisationId ?? null,
        action: 'user.sign_in_pause_lifted',
        entityType: 'user',
        entityId: person.id,
        before: rows.map((r) => ({ scope: r.scope, failures: r.failures, lastFailureAt: r.lastFailureAt, blockedUntil: r.blockedUntil })),
      },
      now.toISOString(),
    );
  });
  return true;
}
