import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/databases.js';
import { can, type Actor } from './actor.js';
import { roles, rolesByOrganisationKind, type OrganisationKind, type Role } from './roles.js';

// What each role must and must not be able to do in its kommun. Permissions of later modules are
// not listed here; their own policy tables cover them.
const table: Record<Role, { may: string[]; mayNot: string[] }> = {
  administrator: {
    may: ['staff.area', 'people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'news.read_drafts', 'news.write', 'news.publish'],
    mayNot: ['platform.tenants.manage'],
  },
  coordinator: {
    may: ['staff.area', 'news.read_drafts', 'news.write', 'news.publish'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  police_administrator: {
    may: ['staff.area', 'people.manage', 'audit.read', 'mail.outbox.read'],
    mayNot: ['kommun.settings.manage', 'platform.tenants.manage', 'news.read_drafts', 'news.write', 'news.publish', 'accessibility.reports.manage'],
  },
  police: {
    may: ['staff.area', 'news.read_drafts', 'news.write', 'news.publish'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage'],
  },
  partner_reporter: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage', 'news.write', 'news.publish'],
  },
  volunteer_coordinator: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage', 'news.write', 'news.publish'],
  },
  volunteer: {
    may: ['staff.area'],
    mayNot: ['people.manage', 'audit.read', 'mail.outbox.read', 'kommun.settings.manage', 'platform.tenants.manage', 'news.read_drafts', 'news.write', 'news.publish'],
  },
};

/** The first kind of organisation that can hold the role, unless told where it is held. */
function kindFor(role: Role): OrganisationKind {
  return (Object.keys(rolesByOrganisationKind) as OrganisationKind[]).find((kind) => rolesByOrganisationKind[kind].includes(role))!;
}

function actorWith(role: Role, isPlatformAdmin = false, heldIn: OrganisationKind = kindFor(role)): Actor {
  return {
    userId: 'u',
    name: 'Test',
    email: 'test@example.se',
    isPlatformAdmin,
    kommunId: 'k',
    roles: [{ role, organisationId: heldIn === 'kommun' ? 'k' : 'o', organisationKind: heldIn, organisationName: 'Organisationen' }],
  };
}

describe('the role policy table', () => {
  beforeAll(async () => {
    // Grants come from the module manifests, registered when a context is created.
    const ctx = await createTestContext('sqlite');
    await ctx.destroy();
  });

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
    expect(can(actorWith('police', false, 'partner'), 'news.publish')).toBe(false);
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
});
