// Which organisations' records an actor may see or manage for one permission inside a kommun.
// Holding the permission in the kommun itself covers everyone working in the kommun (the kommun,
// its partner organisations and the police areas covering it); holding it in a police area or a
// partner organisation covers only that organisation. Lists put the result in their SQL.
import type { Db } from '../db/database.js';
import { listOrganisationsOfKommun, type Organisation } from '../tenants/tenant.repository.js';
import { organisationsWhere, type Actor } from './actor.js';

export async function organisationsInScope(db: Db, actor: Actor | null, kommunId: string, permission: string): Promise<Organisation[]> {
  const direct = new Set(organisationsWhere(actor, permission));
  if (direct.size === 0) return [];
  const all = await listOrganisationsOfKommun(db, kommunId);
  if (direct.has(kommunId)) return all;
  return all.filter((o) => direct.has(o.id));
}

export async function organisationIdsInScope(db: Db, actor: Actor | null, kommunId: string, permission: string): Promise<string[]> {
  return (await organisationsInScope(db, actor, kommunId, permission)).map((o) => o.id);
}
