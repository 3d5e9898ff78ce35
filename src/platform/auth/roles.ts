// Roles are held per organisation; permissions are a catalogue that the kernel and each module
// grant to roles in their manifests (FixMyStreet-style), so adding a module never edits this file.

export const roles = [
  'administrator',
  'coordinator',
  'police_administrator',
  'police',
  'partner_reporter',
  'volunteer_coordinator',
  'volunteer',
] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export type OrganisationKind = 'kommun' | 'lokalpolisomrade' | 'partner';

/**
 * Which roles each kind of organisation can hold. A police area has its own administrator role
 * (police_administrator): the kommun's administrator role cannot be held there, so an area shared
 * by several kommuner never carries one kommun's rights into another.
 */
export const rolesByOrganisationKind: Record<OrganisationKind, readonly Role[]> = {
  kommun: ['administrator', 'coordinator', 'volunteer_coordinator', 'volunteer'],
  lokalpolisomrade: ['police_administrator', 'police'],
  partner: ['partner_reporter', 'volunteer_coordinator', 'volunteer'],
};

/** A role counts only in an organisation of a kind that can hold it, whatever the database says. */
export function roleFitsOrganisation(role: string, kind: OrganisationKind): role is Role {
  return (rolesByOrganisationKind[kind] as readonly string[]).includes(role);
}

export type Grants = Partial<Record<Role, readonly string[]>>;

/**
 * Which permissions each role holds in one app: built from the manifests of the modules it runs
 * (see platform/registry.ts), never process-wide, and carried by every Actor so `can` needs
 * nothing else.
 */
export interface GrantTable {
  roleGrants(role: Role, permission: string): boolean;
  permissionsOf(role: Role): string[];
  allPermissions(): string[];
}

export function createGrantTable(features: readonly { permissions?: readonly string[]; grants?: Grants }[]): GrantTable {
  const grantsByRole = new Map<Role, Set<string>>(roles.map((role) => [role, new Set<string>()]));
  const knownPermissions = new Set<string>();
  for (const feature of features) for (const permission of feature.permissions ?? []) knownPermissions.add(permission);
  for (const feature of features) {
    for (const [role, granted] of Object.entries(feature.grants ?? {}) as [Role, readonly string[]][]) {
      for (const permission of granted) {
        if (!knownPermissions.has(permission)) throw new Error(`Grant of unknown permission ${permission}`);
        grantsByRole.get(role)?.add(permission);
      }
    }
  }
  return {
    roleGrants(role, permission) {
      if (!knownPermissions.has(permission)) throw new Error(`Unknown permission ${permission}`);
      return grantsByRole.get(role)?.has(permission) ?? false;
    },
    permissionsOf: (role) => [...(grantsByRole.get(role) ?? [])].sort(),
    allPermissions: () => [...knownPermissions].sort(),
  };
}
