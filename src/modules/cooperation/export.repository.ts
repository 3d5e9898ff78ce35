// The SQL of the exports: each function returns one batch of rows after a key, so an export of
// any size walks the table a bounded batch at a time (export.service.ts streams them). What the
// reader may see is in the SQL, as everywhere else: the public gets public entries of public
// plans and published löften, and values that are direct or of such entries; staff get all of
// their kommun's rows with their visibility. No row carries a person: authors are organisations
// and roles.
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import { entriesFor } from './entry.repository.js';
import type { EntryVisibility } from './cooperation.tables.js';

export interface EntryExportRow {
  id: string;
  happenedOn: string;
  planSlug: string | null;
  activitySlug: string | null;
  activityTitle: string | null;
  promiseSlug: string | null;
  title: string;
  body: string;
  visibility: EntryVisibility;
  statusFrom: string | null;
  statusTo: string | null;
  progressFrom: number | null;
  progressTo: number | null;
  assessment: string | null;
  assessmentText: string;
  authorOrganisation: string | null;
  authorRole: string;
  createdAt: string;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * The entries after `afterId` in id order (coop_entries_export_idx: kommun_id, id), of one plan
 * or of the whole kommun (activities' and löften's entries alike).
 */
export async function selectEntryExportBatch(db: Db, reader: CoopReader, afterId: string | null, limit: number, planId?: string): Promise<EntryExportRow[]> {
  let query = entriesFor(db, reader)
    .leftJoin('coop_activities as a', (join) => join.onRef('a.id', '=', 'coop_entries.activity_id').on('a.kommun_id', '=', reader.kommunId))
    .leftJoin('coop_plans as pl', (join) => join.onRef('pl.id', '=', 'coop_entries.plan_id').on('pl.kommun_id', '=', reader.kommunId))
    .leftJoin('coop_promises as pr', (join) => join.onRef('pr.id', '=', 'coop_entries.promise_id').on('pr.kommun_id', '=', reader.kommunId))
    .select(['a.slug as activity_slug', 'a.title as activity_title', 'pl.slug as plan_slug', 'pr.slug as promise_slug']);
  if (planId) query = query.where('coop_entries.plan_id', '=', planId);
  if (afterId) query = query.where('coop_entries.id', '>', afterId);
  const rows = await query.orderBy('coop_entries.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    happenedOn: r.happened_on,
    planSlug: r.plan_slug,
    activitySlug: r.activity_slug,
    activityTitle: r.activity_title,
    promiseSlug: r.promise_slug,
    title: r.title,
    body: r.body_md,
    visibility: r.visibility,
    statusFrom: r.status_from,
    statusTo: r.status_to,
    progressFrom: numberOrNull(r.progress_from),
    progressTo: numberOrNull(r.progress_to),
    assessment: r.assessment_to,
    assessmentText: r.assessment_text,
    authorOrganisation: r.author_organisation_name,
    authorRole: r.author_role,
    createdAt: String(r.created_at),
  }));
}

export interface ValueExportRow {
  id: string;
  activitySlug: string;
  indicatorId: string;
  indicatorName: string;
  unit: string;
  measuredOn: string;
  value: number;
  entryId: string | null;
  visibility: EntryVisibility;
}

/**
 * A plan's indicator values after `afterId` in id order (coop_indicator_values_export_idx:
 * kommun_id, id). A value shares its entry's visibility; one entered directly is public.
 */
export async function selectValueExportBatch(db: Db, reader: CoopReader, planId: string, afterId: string | null, limit: number): Promise<ValueExportRow[]> {
  let query = db
    .selectFrom('coop_indicator_values as v')
    .innerJoin('coop_indicators as i', 'i.id', 'v.indicator_id')
    .innerJoin('coop_activities as a', 'a.id', 'i.activity_id')
    .leftJoin('coop_entries as e', 'e.id', 'v.entry_id')
    .select(['v.id', 'v.indicator_id', 'v.measured_on', 'v.value', 'v.entry_id', 'i.name', 'i.unit', 'a.slug as activity_slug', 'e.visibility'])
    .where('v.kommun_id', '=', reader.kommunId)
    .where('i.kommun_id', '=', reader.kommunId)
    .where('a.kommun_id', '=', reader.kommunId)
    .where('a.plan_id', '=', planId);
  if (!reader.seesInternal) query = query.where((eb) => eb.or([eb('v.entry_id', 'is', null), eb('e.visibility', '=', 'public')]));
  if (afterId) query = query.where('v.id', '>', afterId);
  const rows = await query.orderBy('v.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    activitySlug: r.activity_slug,
    indicatorId: r.indicator_id,
    indicatorName: r.name,
    unit: r.unit,
    measuredOn: r.measured_on,
    value: Number(r.value),
    entryId: r.entry_id,
    visibility: r.visibility ?? 'public',
  }));
}

export interface IndicatorExportRow {
  id: string;
  activitySlug: string;
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  baselineOn: string | null;
  target: number | null;
  direction: string;
}

/** A plan's indicators after `afterId` in id order; a plan has at most a few thousand. */
export async function selectIndicatorExportBatch(db: Db, kommunId: string, planId: string, afterId: string | null, limit: number): Promise<IndicatorExportRow[]> {
  let query = db
    .selectFrom('coop_indicators as i')
    .innerJoin('coop_activities as a', 'a.id', 'i.activity_id')
    .select(['i.id', 'i.position', 'i.name', 'i.unit', 'i.baseline', 'i.baseline_on', 'i.target', 'i.direction', 'a.slug as activity_slug'])
    .where('i.kommun_id', '=', kommunId)
    .where('a.kommun_id', '=', kommunId)
    .where('a.plan_id', '=', planId);
  if (afterId) query = query.where('i.id', '>', afterId);
  const rows = await query.orderBy('i.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    activitySlug: r.activity_slug,
    position: Number(r.position),
    name: r.name,
    unit: r.unit,
    baseline: numberOrNull(r.baseline),
    baselineOn: r.baseline_on,
    target: numberOrNull(r.target),
    direction: r.direction,
  }));
}
