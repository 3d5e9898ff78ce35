// The SQL of the administration pages of reports: a kommun's own categories and its blocked
// senders. Every statement names the kommun.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ReportBlockedClientTable, ReportCategoryTable } from './report.tables.js';

export type CategoryRow = Selectable<ReportCategoryTable>;

export async function countCategoryRows(db: Db, kommunId: string): Promise<number> {
  // report_categories_code_unique (kommun_id, code).
  const row = await db.selectFrom('report_categories').select((eb) => eb.fn.countAll<number | string>().as('n')).where('kommun_id', '=', kommunId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCategoryRow(db: Db, kommunId: string, code: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('report_categories').selectAll().where('kommun_id', '=', kommunId).where('code', '=', code).executeTakeFirst();
}

export async function insertCategoryRows(db: Db, rows: Insertable<ReportCategoryTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('report_categories').values(rows).execute();
}

export async function updateCategoryRow(db: Db, kommunId: string, code: string, values: Updateable<ReportCategoryTable>): Promise<boolean> {
  const result = await db.updateTable('report_categories').set(values).where('kommun_id', '=', kommunId).where('code', '=', code).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface BlockedRow {
  id: string;
  reason: string;
  created_at: string;
  created_by_name: string | null;
  /** The newest report of the sender, as an example (never the hash itself). */
  example_reference: string | null;
  example_id: string | null;
}

export async function listBlockedRows(db: Db, kommunId: string, limit: number): Promise<BlockedRow[]> {
  // report_blocked_clients_unique (kommun_id, client_hash); the example report through reports' kommun index.
  const rows = await db
    .selectFrom('report_blocked_clients as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select((eb) => [
      'b.id',
      'b.reason',
      'b.created_at',
      'u.name as created_by_name',
      eb.selectFrom('reports as r').select('r.reference').whereRef('r.client_hash', '=', 'b.client_hash').where('r.kommun_id', '=', kommunId).orderBy('r.created_at', 'desc').limit(1).as('example_reference'),
      eb.selectFrom('reports as r').select('r.id').whereRef('r.client_hash', '=', 'b.client_hash').where('r.kommun_id', '=', kommunId).orderBy('r.created_at', 'desc').limit(1).as('example_id'),
    ])
    .where('b.kommun_id', '=', kommunId)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, created_at: String(r.created_at) }));
}

export async function findBlockedRow(db: Db, kommunId: string, id: string): Promise<Selectable<ReportBlockedClientTable> | undefined> {
  return db.selectFrom('report_blocked_clients').selectAll().where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
}

export async function findBlockedByHash(db: Db, kommunId: string, clientHash: string): Promise<Selectable<ReportBlockedClientTable> | undefined> {
  return db.selectFrom('report_blocked_clients').selectAll().where('kommun_id', '=', kommunId).where('client_hash', '=', clientHash).executeTakeFirst();
}

export async function insertBlockedRow(db: Db, row: Insertable<ReportBlockedClientTable>): Promise<void> {
  await db.insertInto('report_blocked_clients').values(row).execute();
}

export async function deleteBlockedRow(db: Db, kommunId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('report_blocked_clients').where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
