// SQL the JSON API needs besides the module's own repositories: the latest value of many
// indicators in one query (the plan answer lists every activity's indicators), and the kommun's
// follow-ups newest first, a page at a time. Access in SQL, as in the other repositories.
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import { entriesFor, toEntryRow, type EntryRow } from './entry.repository.js';

/**
 * The newest value the reader may see of each indicator (by measured_on, then id), walking
 * coop_indicator_values_idx (indicator_id, measured_on, id) once per indicator in the subquery.
 */
export async function latestValuesOfIndicators(db: Db, reader: CoopReader, indicatorIds: readonly string[]): Promise<Map<string, { measuredOn: string; value: number }>> {
  const latest = new Map<string, { measuredOn: string; value: number }>();
  if (indicatorIds.length === 0) return latest;
  const rows = await db
    .selectFrom('coop_indicator_values as v')
    .select(['v.indicator_id', 'v.measured_on', 'v.value'])
    .where('v.kommun_id', '=', reader.kommunId)
    .where('v.indicator_id', 'in', indicatorIds)
    .where('v.id', '=', (eb) => {
      let newest = eb
        .selectFrom('coop_indicator_values as w')
        .select('w.id')
        .whereRef('w.indicator_id', '=', 'v.indicator_id')
        .where('w.kommun_id', '=', reader.kommunId);
      if (!reader.seesInternal) {
        newest = newest.where((inner) =>
          inner.or([
            inner('w.entry_id', 'is', null),
            inner.exists(inner.selectFrom('coop_entries as e').select('e.id').whereRef('e.id', '=', 'w.entry_id').where('e.visibility', '=', 'public')),
          ]),
        );
      }
      return newest.orderBy('w.measured_on', 'desc').orderBy('w.id', 'desc').limit(1);
    })
    .execute();
  for (const r of rows) latest.set(r.indicator_id, { measuredOn: r.measured_on, value: Number(r.value) });
  return latest;
}

export interface EntryCursor {
  createdAt: string;
  id: string;
}

/** The kommun's follow-ups the reader may see, newest first (coop_entries_feed_idx: kommun_id, visibility, created_at, id). */
export async function listEntriesPage(db: Db, reader: CoopReader, limit: number, after?: EntryCursor): Promise<{ rows: EntryRow[]; hasMore: boolean }> {
  let query = entriesFor(db, reader);
  if (after) query = query.where((eb) => eb(eb.refTuple('coop_entries.created_at', 'coop_entries.id'), '<', eb.tuple(after.createdAt, after.id)));
  const rows = await query.orderBy('coop_entries.created_at', 'desc').orderBy('coop_entries.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { rows: page.map(toEntryRow), hasMore: rows.length > limit };
}
