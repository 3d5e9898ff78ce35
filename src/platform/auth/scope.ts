// What an actor's permission reaches inside one kommun, by where the role granting it is held:
// - held in the kommun itself: the kommun and its partner organisations (never a police area,
//   which serves other kommuner too and is run by its own administrators);
// - held in a police area or a partner organisation: that organisation only.
// Lists put the result in their SQL, so a forgotten check returns nothing rather than everything.
import type { Db } from '../db/database.js';
import { isOrganisationOfKommun, listOrganisationsOfKommun, type Organisation } from '../tenants/tenant.repository.js';
import { rolesGranting, type Actor, type RoleHolder } from './actor.js';

export async function organisationsInScope(db: Db, actor: Actor | null, kommunId: string, permission: string): Promise<Organisation[]> {
  if (rolesGranting(actor, permission).length === 0) return [];
  return scopeWithin(await listOrganisationsOfKommun(db, kommunId), actor, kommunId, permission);
}

/** organisationsInScope for a caller that already holds the kommun's organisations (listOrganisationsOfKommun). */
export function scopeWithin(all: Organisation[], actor: RoleHolder | null, kommunId: string, permission: string): Organisation[] {
  const { wholeKommun, organisationIds } = rowScope(actor, kommunId, permission);
  const heldElsewhere = new Set(organisationIds);
  return all.filter((o) => (wholeKommun && (o.id === kommunId || (o.kind === 'partner' && o.kommunId === kommunId))) || heldElsewhere.has(o.id));
}

/**
 * organisationsInScope as a subquery of organisation ids (`id`), for a count or list that puts
 * the scope in its own SQL instead of reading the organisations first. The same rule as
 * scopeWithin, held to it by scope.test.ts; an actor without the permission reaches nothing.
 */
export function selectOrganisationIdsInScope(db: Db, actor: RoleHolder | null, kommunId: string, permission: string) {
  const { wholeKommun, organisationIds } = rowScope(actor, kommunId, permission);
  return db
    .selectFrom('organisations')
    .select('organisations.id')
    .where((eb) => {
      const reached = [];
      // The kommun and its partners are the kommun's organisations by definition; organisations
      // where a role is held are checked to be among them.
      if (wholeKommun) reached.push(eb('organisations.id', '=', kommunId), eb.and([eb('organisations.kind', '=', 'partner'), eb('organisations.kommun_id', '=', kommunId)]));
      if (organisationIds.length > 0) reached.push(eb.and([eb('organisations.id', 'in', organisationIds), isOrganisationOfKommun(eb, kommunId)]));
      return eb.or(reached);
    });
}

export async function organisationIdsInScope(db: Db, actor: Actor | null, kommunId: string, permission: string): Promise<string[]> {
  return (await organisationsInScope(db, actor, kommunId, permission)).map((o) => o.id);
}

/**
 * Which rows filed for a kommun (audit log, outbox) an actor may read: every row concerning the
 * kommun when the permission is held in the kommun itself; otherwise only the rows of the
 * organisations where it is held (a police area's own rows), about this kommun or about none.
 */
export interface RowScope {
  kommunId: string;
  wholeKommun: boolean;
  organisationIds: string[];
}

export function rowScope(actor: RoleHolder | null, kommunId: string, permission: string): RowScope {
  const holders = rolesGranting(actor, permission);
  return {
    kommunId,
    wholeKommun: holders.some((r) => r.organisationKind === 'kommun' && r.organisationId === kommunId),
    organisationIds: [...new Set(holders.filter((r) => r.organisationKind !== 'kommun').map((r) => r.organisationId))],
  };
}

export function isEmptyScope(scope: RowScope): boolean {
  return !scope.wholeKommun && scope.organisationIds.length === 0;
}
