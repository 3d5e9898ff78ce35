import { ForbiddenError, NotFoundError } from '../http/errors.js';
import { roleFitsOrganisation, type GrantTable, type Role } from './roles.js';
import type { ScopedRole } from './session.repository.js';

/** The signed-in person as seen inside one kommun: identity plus the roles that apply there. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  kommunId: string | null;
  roles: ScopedRole[];
  /** What each role may do in the app that built this actor (its registry's grant table). */
  grants: GrantTable;
}

/** What permissions and scope depend on: where the roles are held, never who holds them. */
export type RoleHolder = Pick<Actor, 'isPlatformAdmin' | 'roles' | 'grants' | 'kommunId'>;

export function hasRole(actor: Actor | null, role: Role): boolean {
  return actor?.roles.some((r) => r.role === role && roleFitsOrganisation(r.role, r.organisationKind)) ?? false;
}

/** The actor's roles that grant the permission: only roles of a kind their organisation can hold count. */
export function rolesGranting(actor: RoleHolder | null, permission: string): ScopedRole[] {
  if (!actor) return [];
  return actor.roles.filter((r) => roleFitsOrganisation(r.role, r.organisationKind) && actor.grants.roleGrants(r.role, permission));
}

/**
 * True when one of the actor's roles in the current kommun grants the permission. Where the role
 * is held matters for what it reaches (see organisationsInScope and rowScope in scope.ts): a
 * right held in the kommun covers the kommun and its partners, one held in a police area or a
 * partner covers only that organisation.
 */
export function can(actor: RoleHolder | null, permission: string): boolean {
  if (!actor) return false;
  if (permission.startsWith('platform.') && actor.isPlatformAdmin) return true;
  return rolesGranting(actor, permission).length > 0;
}

/**
 * can(), for the kommun a service is asked to act in: an actor carries the roles of the kommun it
 * was loaded for, so its rights count there and nowhere else, whatever kommun id a caller passes.
 */
export function canIn(actor: RoleHolder | null, kommunId: string, permission: string): boolean {
  return actor?.kommunId === kommunId && can(actor, permission);
}

/**
 * For services, before they change anything: the actor, if canIn. Otherwise ForbiddenError to
 * someone of this kommun (who may know what exists here), NotFoundError to anyone else (who
 * learns nothing, not even that the kommun has such a thing).
 */
export function requirePermissionIn(actor: Actor | null, kommunId: string, permission: string): Actor {
  if (actor && canIn(actor, kommunId, permission)) return actor;
  throw actor?.kommunId === kommunId ? new ForbiddenError() : new NotFoundError();
}

/** Organisation ids (in the current kommun) where the actor's roles grant the permission. */
export function organisationsWhere(actor: Actor | null, permission: string): string[] {
  return [...new Set(rolesGranting(actor, permission).map((r) => r.organisationId))];
}
