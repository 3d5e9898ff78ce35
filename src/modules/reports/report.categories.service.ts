// Reading a kommun's categories: its own rows when its staff have made any, else the defaults.
import type { Db } from '../../platform/db/database.js';
import { categoryOfRow, defaultCategories, type ReportCategory } from './report.categories.js';
import { listCategoryRows } from './report.repository.js';

/** Every category of the kommun, inactive ones too (old reports keep theirs), in order. */
export async function allCategoriesOf(db: Db, kommunId: string): Promise<ReportCategory[]> {
  const rows = await listCategoryRows(db, kommunId);
  return rows.length > 0 ? rows.map(categoryOfRow) : [...defaultCategories];
}

/** The categories residents can choose now. */
export async function activeCategoriesOf(db: Db, kommunId: string): Promise<ReportCategory[]> {
  return (await allCategoriesOf(db, kommunId)).filter((c) => c.active);
}
