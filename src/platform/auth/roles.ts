// Roles are held per organisation; permissions are a catalogue that the kernel and each module
// grant to roles in their manifests (FixMyStreet-style), so adding a module never edits this file.

export const roles = [
  'administrator',
  'coordinator',
  'police',
  'partner_reporter',
  'volunteer_coordinator',
  'volunteer',
] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Which organisation kinds a role can be held in. */
export const rolesByOrganisationKind: Record<'kommun' | 'lokalpolisomrade' | 'partner', readonly Role[]> = {
  kommun: ['administrator', 'coordinator', 'volunteer_coordinator', 'volunteer'],
  lokalpolisomrade: ['administrator', 'police'],
  partner: ['partner_reporter', 'volunteer_coordinator', 'volunteer'],
};

export type Grants = Partial<Record<Role, readonly string[]>>;

const grantsByRole = new Map<Role, Set<string>>(roles.map((role) => [role, new Set<string>()]));
const knownPermissions = new Set<string>();

export function registerGrants(permissions: readonly string[], grants: Grants): void {
  for (const permission of permissions) knownPermissions.add(permission);
  for (const [role, granted] of Object.entries(grants) as [Role, readonly string[]][]) {
    for (const permission of granted) {
      if (!knownPermissions.has(permission)) throw new Error(`Grant of unknown permission ${permission}`);
      grantsByRole.get(role)?.add(permission);
    }
  }
}

export function roleGrants(role: Role, permission: string): boolean {
  if (!knownPermissions.has(permission)) throw new Error(`Unknown permission ${permission}`);
  return grantsByRole.get(role)?.has(permission) ?? false;
}

export function permissionsOf(role: Role): string[] {
  return [...(grantsByRole.get(role) ?? [])].sort();
}

export function allPermissions(): string[] {
  return [...knownPermissions].sort();
}
