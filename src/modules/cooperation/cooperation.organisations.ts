// Which organisations take part in a kommun's cooperation: the kommun, its partners and the
// police areas serving it. Activities name one as responsible; entries name the author's.
import type { Db } from '../../platform/db/database.js';
import { listOrganisationsOfKommun } from '../../platform/tenants/tenant.repository.js';
import type { OrganisationKind } from '../../platform/auth/index.js';

export interface CoopOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
}

/** The kommun first, then police areas, then partners, each by name (the kernel's list, reordered). */
export async function listCooperationOrganisations(db: Db, kommunId: string): Promise<CoopOrganisation[]> {
  const rank = (o: { id: string; kind: string }) => (o.id === kommunId ? 0 : o.kind === 'lokalpolisomrade' ? 1 : 2);
  return (await listOrganisationsOfKommun(db, kommunId))
    .map((o) => ({ id: o.id, name: o.name, kind: o.kind }))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'sv'));
}
