// Optimistic locking, one way for every row an editor saves: the update names the version the
// editor loaded and raises it; when another save came first it matches no row, changes nothing,
// and the caller turns that into a conflict (StaleEditError) that shows both versions.
import type { Db } from '../../platform/db/database.js';
import type { Tables } from '../../platform/db/tables.js';
import type { CoopPlanTable } from './cooperation.tables.js';

/** The tables whose rows are saved at a version (each has id, kommun_id and lock_version). */
export type VersionedTable = 'coop_plans' | 'coop_activities' | 'coop_indicators' | 'coop_promise_versions' | 'coop_agreement_versions';

/** Applies the change if the row is still at `lockVersion`; false when another save came first. */
export async function updateAtVersion<T extends VersionedTable>(db: Db, table: T, kommunId: string, id: string, lockVersion: number, patch: Partial<Tables[T]>): Promise<boolean> {
  // Kysely cannot follow a table chosen by a type parameter; the columns named here exist in each.
  const result = await db
    .updateTable(table as 'coop_plans')
    .set({ ...(patch as Partial<CoopPlanTable>), lock_version: lockVersion + 1 })
    .where('kommun_id', '=', kommunId)
    .where('id', '=', id)
    .where('lock_version', '=', lockVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
