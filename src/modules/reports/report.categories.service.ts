// Reading a kommun's categories: its own rows when its staff have made any, else the defaults.
// Categories change rarely and are read by nearly every reports page, the send and the map's
// single points, so each instance keeps them a few seconds, as the kernel keeps kommun rows: the
// instance that saves a change forgets its copy at once (report.admin.service.ts), and other
// instances see the change within categoryCacheMs. A transaction's reads go to its own rows.
import type { Db } from '../../platform/db/database.js';
import { categoryOfRow, defaultCategories, type ReportCategory } from './report.categories.js';
import { listCategoryRows } from './report.repository.js';

export const categoryCacheMs = 5_000;

interface Cached {
  categories: Promise<ReportCategory[]>;
  at: number;
}

// By database handle: a transaction is a handle of its own, and is not cached.
const caches = new WeakMap<Db, Map<string, Cached>>();

async function readCategories(db: Db, kommunId: string): Promise<ReportCategory[]> {
  const rows = await listCategoryRows(db, kommunId);
  return rows.length > 0 ? rows.map(categoryOfRow) : [...defaultCategories];
}

/** Every category of the kommun, inactive ones too (old reports keep theirs), in order. */
export async function allCategoriesOf(db: Db, kommunId: string): Promise<ReportCategory[]> {
  if (db.isTransaction) return readCategories(db, kommunId);
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = Date.now();
  const cached = cache.get(kommunId);
  if (cached && now - cached.at < categoryCacheMs) return cached.categories;
  // Concurrent requests share one read; a failed read is not kept.
  const categories = readCategories(db, kommunId);
  if (cache.size > 1000) cache.clear();
  cache.set(kommunId, { categories, at: now });
  categories.catch(() => {
    if (cache.get(kommunId)?.categories === categories) cache.delete(kommunId);
  });
  return categories;
}

/** The categories residents can choose now. */
export async function activeCategoriesOf(db: Db, kommunId: string): Promise<ReportCategory[]> {
  return (await allCategoriesOf(db, kommunId)).filter((c) => c.active);
}

/** Forgets this instance's copies (after a change is committed), so its next read is fresh. */
export function forgetCachedCategories(db: Db): void {
  caches.delete(db);
}
