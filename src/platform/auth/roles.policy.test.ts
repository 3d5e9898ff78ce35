import { describe, expect, it } from 'vitest';
import { testModules } from '../../../test/modules.js';
import { kernelFeatures } from '../features.js';
import { can, type Actor } from './actor.js';
import { createGrantTable, roles, rolesByOrganisationKind, type OrganisationKind, type Role } from './roles.js';

// What each role must and must not be able to do in its kommun with the kernel's own permissions.
// Each module's manifest carries its own table (testing.policy), checked below for every module
// the app runs.
const table: Record<Role, { may: string[]; mayNot: string[] }> = {
  administrator: {
    may: ['staff.area', 'people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage'],
    mayNot: ['platform.tenants.manage'],
  },
  coordinator: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  police_administrator: {
    may: ['staff.area', 'people.manage', 'audit.read', 'mail.outbox.read'],
    mayNot: ['kommun.settings.manage', 'platform.tenants.manage', 'accessibility.reports.manage'],
  },
  police: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  partner_reporter: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  volunteer_coordinator: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  volunteer: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
};

/** The first kind of organisation that can hold the role, unless told where it is held. */
function kindFor(role: Role): OrganisationKind {
  return (Object.keys(rolesByOrganisationKind) as OrganisationKind[]).find((kind) => rolesByOrganisationKind[kind].includes(role))!;
}

const grants = createGrantTable(testModules);

function actorWith(role: Role, isPlatformAdmin = false, heldIn: OrganisationKind = kindFor(role)): Actor {
  return {
    userId: 'u',
    name: 'Test',
    email: 'test@example.se',
    isPlatformAdmin,
    kommunId: 'k',
    roles: [{ role, organisationId: heldIn === 'kommun' ? 'k' : 'o', organisationKind: heldIn, organisationName: 'Organisationen' }],
    grants,
  };
}

describe('the role policy table', () => {
  it('covers every role', () => {
    expect(Object.keys(table).sort()).toEqual([...roles].sort());
  });

  for (const role of roles) {
    it(`gives ${role} exactly what it must have among the listed permissions`, () => {
      const actor = actorWith(role);
      for (const permission of table[role].may) expect({ role, permission, allowed: can(actor, permission) }).toEqual({ role, permission, allowed: true });
      for (const permission of table[role].mayNot) expect({ role, permission, allowed: can(actor, permission) }).toEqual({ role, permission, allowed: false });
    });
  }

  it('gives nothing to a role held in an organisation that cannot hold it (an administrator role in a police area)', () => {
    for (const kind of ['lokalpolisomrade', 'partner'] as const) {
      const actor = actorWith('administrator', false, kind);
      for (const permission of table.administrator.may) expect({ kind, permission, allowed: can(actor, permission) }).toEqual({ kind, permission, allowed: false });
    }
    expect(can(actorWith('police_administrator', false, 'kommun'), 'people.manage')).toBe(false);
    expect(can(actorWith('police', false, 'partner'), 'staff.area')).toBe(false);
  });

  it('lets nobody do anything when signed out or without roles', () => {
    expect(can(null, 'staff.area')).toBe(false);
    expect(can({ ...actorWith('administrator'), roles: [] }, 'people.manage')).toBe(false);
  });

  it('lets platform administrators manage tenants, but no kommun permission comes with that alone', () => {
    const platformAdmin = { ...actorWith('volunteer', true) };
    expect(can(platformAdmin, 'platform.tenants.manage')).toBe(true);
    expect(can(platformAdmin, 'people.manage')).toBe(false);
  });

  it('refuses to answer for a permission nobody declared, so typos fail loudly', () => {
    expect(() => can(actorWith('administrator'), 'people.manag')).toThrow(/Unknown permission/);
  });

  it('the kernel alone declares every permission its table names', () => {
    const kernel = createGrantTable(kernelFeatures);
    for (const { may, mayNot } of Object.values(table)) for (const permission of [...may, ...mayNot]) expect(kernel.allPermissions()).toContain(permission);
  });
});

describe.each(testModules.filter((m) => !kernelFeatures.includes(m) && m.permissions?.length).map((m) => [m.name, m] as const))('the %s module’s policy table', (_name, module) => {
  const policy = module.testing?.policy;

  it('is declared in the manifest (testing.policy) for every role', () => {
    expect(policy, `${module.name} must list what each role may do`).toBeDefined();
    expect(Object.keys(policy ?? {}).sort()).toEqual([...roles].sort());
  });

  for (const role of roles) {
    it(`gives ${role} exactly the module's permissions its table lists`, () => {
      const actor = actorWith(role);
      const may = new Set(policy?.[role] ?? []);
      for (const permission of module.permissions ?? []) {
        expect({ role, permission, allowed: can(actor, permission) }).toEqual({ role, permission, allowed: may.has(permission) });
      }
    });
  }
});
