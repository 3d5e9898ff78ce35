// The deployment an attacker meets in the security suite: three kommuner on one app, where
// Vallentuna and Täby share Lokalpolisområde Täby (as they really do) and Solna has a police area
// of its own. Every kommun has its own administrator; none of them is a platform administrator,
// so whatever they reach beyond their kommun is an attack that worked.
import { demoPassword } from '../../src/platform/auth/passwords.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { insertMembership, insertUser } from '../../src/platform/auth/user.repository.js';
import { demoId } from '../../src/platform/demo.js';
import type { Dialect } from '../../src/platform/db/database.js';
import { insertOrganisation, linkPoliceArea } from '../../src/platform/tenants/tenant.repository.js';
import type { ModuleManifest } from '../../src/platform/module.js';
import { kommunSettingsSchema } from '../../src/platform/tenants/tenant.settings.js';
import { createTestApp, TestClient, type TestApp } from '../app.js';

/** Password of every account the world adds (the demo accounts keep the demo password). */
export const worldPassword = 'world-test-password-2026';

export const ids = {
  vallentuna: demoId('org:vallentuna'),
  lpoTaby: demoId('org:lpo-taby'),
  school: demoId('org:school'),
  taby: demoId('world:org:taby'),
  tabyPartner: demoId('world:org:taby-partner'),
  solna: demoId('world:org:solna'),
  lpoSolna: demoId('world:org:lpo-solna'),
} as const;

/** Who is who; `password` is what they sign in with. */
export const people = {
  /** The demo's administrator: also the platform administrator, the takeover target. */
  platformAdmin: { email: 'admin@vallentuna.example', password: demoPassword, id: demoId('user:admin') },
  vallentunaAdmin: { email: 'chef@vallentuna.example', password: worldPassword, id: demoId('world:user:vallentuna-admin') },
  vallentunaCoordinator: { email: 'samordnare@vallentuna.example', password: demoPassword, id: demoId('user:coordinator') },
  kommunpolis: { email: 'kommunpolis@taby-polis.example', password: demoPassword, id: demoId('user:police') },
  /** The demo's lokalpolisområdeschef: administrator of the police area Vallentuna and Täby share. */
  policeChief: { email: 'polischef@taby-polis.example', password: demoPassword, id: demoId('user:policeChief') },
  partnerReporter: { email: 'rapportor@skolan.example', password: demoPassword, id: demoId('user:partner') },
  tabyAdmin: { email: 'admin@taby.example', password: worldPassword, id: demoId('world:user:taby-admin') },
  tabyCoordinator: { email: 'samordnare@taby.example', password: worldPassword, id: demoId('world:user:taby-coordinator') },
  solnaAdmin: { email: 'admin@solna.example', password: worldPassword, id: demoId('world:user:solna-admin') },
} as const;

export type Person = keyof typeof people;

export interface World {
  t: TestApp;
  /** A browser-like client signed in as the person. */
  as(person: Person): Promise<TestClient>;
  anonymous(): TestClient;
}

/** `modules` replaces the test modules, e.g. to add a probe module with settings to them. */
export async function createWorld(dialect: Dialect, options: { config?: Record<string, string>; modules?: readonly ModuleManifest[] } = {}): Promise<World> {
  const t = await createTestApp(dialect, options);
  const db = t.ctx.db;
  const now = '2026-01-05T08:00:00.000Z';
  const settings = (colour: string) =>
    kommunSettingsSchema.parse({ primaryColour: colour, contact: { email: '', phone: '', address: '', website: '' }, languages: ['sv', 'en'], requireTotpForRoles: [] });
  await insertOrganisation(db, { id: ids.taby, kind: 'kommun', slug: 'taby', name: 'Täby kommun', kommunId: null, partnerType: null, settings: settings('#7a1f3d'), now });
  await linkPoliceArea(db, ids.lpoTaby, ids.taby);
  await insertOrganisation(db, { id: ids.tabyPartner, kind: 'partner', slug: null, name: 'Täby fritidsgård', kommunId: ids.taby, partnerType: 'youth', settings: {}, now });
  await insertOrganisation(db, { id: ids.solna, kind: 'kommun', slug: 'solna', name: 'Solna stad', kommunId: null, partnerType: null, settings: settings('#2f4f2f'), now });
  await insertOrganisation(db, { id: ids.lpoSolna, kind: 'lokalpolisomrade', slug: null, name: 'Lokalpolisområde Solna', kommunId: null, partnerType: null, settings: {}, now });
  await linkPoliceArea(db, ids.lpoSolna, ids.solna);

  const passwordHash = await hashPassword(worldPassword);
  const add = async (person: Person, name: string, organisationId: string, role: string) => {
    const p = people[person];
    await insertUser(db, { id: p.id, email: p.email, name, passwordHash, status: 'active', isPlatformAdmin: false, isDemo: false, now });
    await insertMembership(db, { id: demoId(`world:membership:${person}`), userId: p.id, organisationId, role, now });
  };
  await add('vallentunaAdmin', 'Kommunchefen i Vallentuna', ids.vallentuna, 'administrator');
  await add('tabyAdmin', 'Administratören i Täby', ids.taby, 'administrator');
  await add('tabyCoordinator', 'Samordnaren i Täby', ids.taby, 'coordinator');
  await add('solnaAdmin', 'Administratören i Solna', ids.solna, 'administrator');

  return {
    t,
    async as(person) {
      const client = new TestClient(t.app);
      await client.signIn(people[person].email, people[person].password);
      return client;
    },
    anonymous: () => new TestClient(t.app),
  };
}
