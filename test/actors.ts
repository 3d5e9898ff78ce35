// Actors for calling services directly in tests: a demo user holding one role in the kommun.
import type { Actor, Role } from '../src/platform/auth/index.js';
import type { DemoSeedContext } from '../src/platform/module.js';

export function kommunActor(seed: Pick<DemoSeedContext, 'ctx' | 'kommunId' | 'users'>, userKey: string, role: Role): Actor {
  return {
    userId: seed.users[userKey]!,
    name: userKey,
    email: `${userKey}@example.org`,
    isPlatformAdmin: false,
    kommunId: seed.kommunId,
    roles: [{ role, organisationId: seed.kommunId, organisationKind: 'kommun', organisationName: 'Vallentuna kommun' }],
    grants: seed.ctx.registry.grants,
  };
}
