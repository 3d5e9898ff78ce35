// The only SQL for indicators and their measured values. A value reported by a follow-up entry
// shares the entry's visibility: the public sees values entered directly by staff and values of
// public entries, never those of internal ones.
import { updateAtVersion } from './cooperation.versioning.js';
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import type { CalendarDate, CoopIndicatorTable, CoopIndicatorValueTable, IndicatorDirection } from './cooperation.tables.js';

export interface IndicatorRow {
  id: string;
  activityId: string;
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  baselineOn: CalendarDate | null;
  target: number | null;
  direction: IndicatorDirection;
  lockVersion: number;
}

function toIndicatorRow(row: CoopIndicatorTable): IndicatorRow {
  return {
    id: row.id,
    activityId: row.activity_id,
    position: Number(row.position),
    name: row.name,
    unit: row.unit,
    baseline: row.baseline === null ? null : Number(row.baseline),
    baselineOn: row.baseline_on,
    target: row.target === null ? null : Number(row.target),
    direction: row.direction,
    lockVersion: Number(row.lock_version),
  };
}

export async function insertIndicator(db: Db, row: CoopIndicatorTable): Promise<void> {
  await db.insertInto('coop_indicators').values(row).execute();
}

export async function findIndicator(db: Db, kommunId: string, id: string): Promise<IndicatorRow | undefined> {
  const row = await db.selectFrom('coop_indicators').selectAll().where('kommun_id', '=', kommunId).where('id', '=', id).executeTakeFirst();
  return row ? toIndicatorRow(row) : undefined;
}

/** The indicators of the given activities (of this kommun), by activity, in order. */
export async function indicatorsOfActivities(db: Db, kommunId: string, activityIds: readonly string[]): Promise<Map<string, IndicatorRow[]>> {
  const byActivity = new Map<string, IndicatorRow[]>();
  if (activityIds.length === 0) return byActivity;
  const rows = await db
    .selectFrom('coop_indicators')
    .selectAll()
    .where('kommun_id', '=', kommunId)
    .where('activity_id', 'in', activityIds)
    .orderBy('activity_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = byActivity.get(row.activity_id) ?? [];
    list.push(toIndicatorRow(row));
    byActivity.set(row.activity_id, list);
  }
  return byActivity;
}

export async function nextIndicatorPosition(db: Db, kommunId: string, activityId: string): Promise<number> {
  const row = await db
    .selectFrom('coop_indicators')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('kommun_id', '=', kommunId)
    .where('activity_id', '=', activityId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 1 : Number(row.max) + 1;
}

export async function updateIndicatorIf(db: Db, kommunId: string, id: string, lockVersion: number, patch: Partial<CoopIndicatorTable>): Promise<boolean> {
  return updateAtVersion(db, 'coop_indicators', kommunId, id, lockVersion, patch);
}

export async function deleteIndicatorRow(db: Db, kommunId: string, id: string): Promise<void> {
  await db.deleteFrom('coop_indicators').where('kommun_id', '=', kommunId).where('id', '=', id).execute();
}

export async function countValuesOfIndicator(db: Db, kommunId: string, indicatorId: string): Promise<number> {
  const row = await db
    .selectFrom('coop_indicator_values')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kommun_id', '=', kommunId)
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- values -------------------------------------------------------------------------------------

export interface IndicatorValueRow {
  id: string;
  indicatorId: string;
  measuredOn: CalendarDate;
  value: number;
  entryId: string | null;
}

export async function insertIndicatorValues(db: Db, rows: CoopIndicatorValueTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('coop_indicator_values').values(rows).execute();
}

/**
 * The values the reader may see of the given indicators, oldest first, the newest `limit` per
 * call (coop_indicator_values_idx). A chart of thousands of values is thinned for drawing by the
 * view; the table pages through them.
 */
export async function valuesOfIndicators(db: Db, reader: CoopReader, indicatorIds: readonly string[], limit = 2_000): Promise<Map<string, IndicatorValueRow[]>> {
  // One query per indicator (each reads coop_indicator_values_idx up to its limit), side by side:
  // on PostgreSQL they go out on separate pooled connections instead of one after another.
  const lists = await Promise.all(
    indicatorIds.map(async (indicatorId) => {
      // The public sees a value entered directly, or reported by a public entry. A left join looks
      // each value's entry up by its key; written as "or exists (…)", PostgreSQL hashed every entry
      // of the database instead (7 ms a query at 10,000 entries, growing with them).
      let query = db
        .selectFrom('coop_indicator_values as v')
        .leftJoin('coop_entries as e', 'e.id', 'v.entry_id')
        .select(['v.id', 'v.indicator_id', 'v.measured_on', 'v.value', 'v.entry_id'])
        .where('v.kommun_id', '=', reader.kommunId)
        .where('v.indicator_id', '=', indicatorId);
      if (!reader.seesInternal) query = query.where((eb) => eb.or([eb('v.entry_id', 'is', null), eb('e.visibility', '=', 'public')]));
      const rows = await query.orderBy('v.measured_on', 'desc').orderBy('v.id', 'desc').limit(limit).execute();
      return rows.reverse().map((r): IndicatorValueRow => ({ id: r.id, indicatorId: r.indicator_id, measuredOn: r.measured_on, value: Number(r.value), entryId: r.entry_id }));
    }),
  );
  return new Map(indicatorIds.map((id, index) => [id, lists[index]!]));
}

/** Values reported by the given entries, for the timeline ("12 gatlampor lagade"). */
export async function valuesOfEntries(db: Db, kommunId: string, entryIds: readonly string[]): Promise<Map<string, (IndicatorValueRow & { name: string; unit: string })[]>> {
  const byEntry = new Map<string, (IndicatorValueRow & { name: string; unit: string })[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .selectFrom('coop_indicator_values as v')
    .innerJoin('coop_indicators as i', 'i.id', 'v.indicator_id')
    .select(['v.id', 'v.indicator_id', 'v.measured_on', 'v.value', 'v.entry_id', 'i.name', 'i.unit'])
    .where('v.kommun_id', '=', kommunId)
    .where('v.entry_id', 'in', entryIds)
    .orderBy('i.position')
    .execute();
  for (const r of rows) {
    const list = byEntry.get(r.entry_id!) ?? [];
    list.push({ id: r.id, indicatorId: r.indicator_id, measuredOn: r.measured_on, value: Number(r.value), entryId: r.entry_id, name: r.name, unit: r.unit });
    byEntry.set(r.entry_id!, list);
  }
  return byEntry;
}
