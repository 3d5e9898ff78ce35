import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test/databases.js';
import { createWorld, ids, people, type World } from '../../../test/security/world.js';
import { peopleScopeOf, selectManagedOrganisationIds } from '../people/people.service.js';
import { canManagePeople } from '../people/people.policy.js';
import { findKommunById } from '../tenants/tenant.repository.js';
import type { Actor } from './actor.js';
import { organisationIdsInScope, selectOrganisationIdsInScope } from './scope.js';
import { findRolesInKommun } from './session.repository.js';

// The staff overview counts in one statement, so the scope goes into its SQL
// (selectOrganisationIdsInScope, selectManagedOrganisationIds) instead of being worked out from
// the kommun's organisations first (organisationsInScope, peopleScopeOf). The two forms must
// reach exactly the same organisations, for everyone in every kommun.
describe.each(dialects)('the scope in SQL on %s', (dialect) => {
  let world: World;
  const kommuner = [ids.vallentuna, ids.taby, ids.solna];
  const permissions = ['people.manage', 'mail.outbox.read', 'audit.read', 'accessibility.reports.manage', 'staff.area'];

  async function actorIn(person: keyof typeof people, kommunId: string): Promise<Actor> {
    const db = world.t.ctx.db;
    const user = await db.selectFrom('users').select(['id', 'name', 'email', 'is_platform_admin']).where('email', '=', people[person].email).executeTakeFirstOrThrow();
    return {
      userId: user.id,
      name: user.name,
      email: user.email,
      isPlatformAdmin: user.is_platform_admin === true || user.is_platform_admin === 1,
      kommunId,
      roles: await findRolesInKommun(db, user.id, kommunId),
      grants: world.t.ctx.registry.grants,
    };
  }

  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(async () => world.t.close());

  it('reaches the organisations organisationsInScope reaches, for every person, kommun and permission', async () => {
    const db = world.t.ctx.db;
    let reachedSome = 0;
    for (const person of Object.keys(people) as (keyof typeof people)[]) {
      for (const kommunId of kommuner) {
        const actor = await actorIn(person, kommunId);
        for (const permission of permissions) {
          const expected = (await organisationIdsInScope(db, actor, kommunId, permission)).sort();
          const inSql = (await selectOrganisationIdsInScope(db, actor, kommunId, permission).execute()).map((r) => r.id).sort();
          expect(inSql, `${person} in ${kommunId}, ${permission}`).toEqual(expected);
          if (expected.length > 0) reachedSome += 1;
        }
      }
    }
    // The comparison proves nothing if nobody reaches anything.
    expect(reachedSome).toBeGreaterThan(10);
  });

  it('manages the organisations peopleScopeOf manages, the platform administrator’s police areas included', async () => {
    const db = world.t.ctx.db;
    for (const person of Object.keys(people) as (keyof typeof people)[]) {
      for (const kommunId of kommuner) {
        const actor = await actorIn(person, kommunId);
        const kommun = (await findKommunById(db, kommunId))!;
        const expected = canManagePeople(actor, kommunId) ? (await peopleScopeOf(world.t.ctx, actor, kommun)).manage.map((o) => o.id).sort() : [];
        const inSql = (await selectManagedOrganisationIds(db, actor, kommun).execute()).map((r) => r.id).sort();
        expect(inSql, `${person} in ${kommunId}`).toEqual(expected);
      }
    }
    const platformAdmin = await actorIn('platformAdmin', ids.vallentuna);
    const managed = (await selectManagedOrganisationIds(db, platformAdmin, (await findKommunById(db, ids.vallentuna))!).execute()).map((r) => r.id);
    expect(managed).toContain(ids.lpoTaby);
  });
});
