import { roleGrants, type Role } from './roles.js';
import type { ScopedRole } from './session.repository.js';

/** The signed-in person as seen inside one kommun: identity plus the roles that apply there. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  kommunId: string | null;
  roles: ScopedRole[];
}

export function hasRole(actor: Actor | null, role: Role): boolean {
  return actor?.roles.some((r) => r.role === role) ?? false;
}

/** True when one of the actor's roles in the current kommun grants the permission. */
export function can(actor: Actor | null, permission: string): boolean {
  if (!actor) return false;
  if (permission.startsWith('platform.') && actor.isPlatformAdmin) return true;
  return actor.roles.some((r) => roleGrants(r.role, permission));
}

/** Organisation ids (in the current kommun) where the actor's roles grant the permission. */
export function organisationsWhere(actor: Actor | null, permission: string): string[] {
  if (!actor) return [];
  return [...new Set(actor.roles.filter((r) => roleGrants(r.role, permission)).map((r) => r.organisationId))];
}
