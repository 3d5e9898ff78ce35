// Kernel records that tests need beyond the demo: another kommun, a person holding a role. Written
// through the kernel's own repositories, as the demo writes its part, so they are the rows the app
// itself would make; nothing here knows of any module.
import { demoPassword, hashPassword } from '../src/platform/auth/passwords.js';
import { insertMembership, insertUser } from '../src/platform/auth/user.repository.js';
import type { Db } from '../src/platform/db/database.js';
import { newId } from '../src/platform/db/ids.js';
import { insertOrganisation } from '../src/platform/tenants/tenant.repository.js';
import { kommunSettingsSchema, type KommunSettings } from '../src/platform/tenants/tenant.settings.js';

/** A kommun with default settings but those given; answers its id. */
export async function addKommun(db: Db, input: { slug: string; name: string; settings?: Partial<KommunSettings> }): Promise<string> {
  const id = newId();
  const settings = kommunSettingsSchema.parse(input.settings ?? {});
  await insertOrganisation(db, { id, kind: 'kommun', slug: input.slug, name: input.name, kommunId: null, partnerType: null, settings, now: new Date().toISOString() });
  return id;
}

export interface PersonInput {
  email: string;
  name: string;
  organisationId: string;
  role: string;
  /** What they sign in with: the demo password unless given; null for an invitation not yet answered. */
  password?: string | null;
  /** A role offered but not yet accepted. */
  pending?: boolean;
}

/** An account holding one role; without a password it is an invited account. Answers its id. */
export async function addPerson(db: Db, input: PersonInput): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  const password = input.password === undefined ? demoPassword : input.password;
  await insertUser(db, {
    id,
    email: input.email,
    name: input.name,
    passwordHash: password === null ? null : await hashPassword(password),
    status: password === null ? 'invited' : 'active',
    isPlatformAdmin: false,
    isDemo: false,
    now,
  });
  await insertMembership(db, { id: newId(), userId: id, organisationId: input.organisationId, role: input.role, now, pending: input.pending ?? false });
  return id;
}
