// The only SQL for follow-up entries and their files. The public sees public entries of public
// plans (and of published löften); the cooperation's staff see internal ones too. Timelines and
// the feed are keyset-paginated on the indexes named beside each query.
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import { publicPlanStatuses } from './plan.repository.js';
import type { ActivityStatus, Assessment, CalendarDate, CoopEntryFileTable, CoopEntryTable, EntryVisibility } from './cooperation.tables.js';

export interface EntryRow {
  id: string;
  kommunId: string;
  activityId: string | null;
  promiseId: string | null;
  planId: string | null;
  happenedOn: CalendarDate;
  title: string;
  bodyMd: string;
  bodyHtml: string;
  visibility: EntryVisibility;
  authorOrganisationId: string | null;
  authorOrganisationName: string | null;
  authorRole: string;
  statusFrom: ActivityStatus | null;
  statusTo: ActivityStatus | null;
  progressFrom: number | null;
  progressTo: number | null;
  assessmentTo: Assessment | null;
  assessmentText: string;
  createdAt: string;
}

type EntrySelection = CoopEntryTable & { author_organisation_name: string | null };

export function toEntryRow(row: EntrySelection): EntryRow {
  return {
    id: row.id,
    kommunId: row.kommun_id,
    activityId: row.activity_id,
    promiseId: row.promise_id,
    planId: row.plan_id,
    happenedOn: row.happened_on,
    title: row.title,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    visibility: row.visibility,
    authorOrganisationId: row.author_organisation_id,
    authorOrganisationName: row.author_organisation_name,
    authorRole: row.author_role,
    statusFrom: row.status_from,
    statusTo: row.status_to,
    progressFrom: row.progress_from === null ? null : Number(row.progress_from),
    progressTo: row.progress_to === null ? null : Number(row.progress_to),
    assessmentTo: row.assessment_to,
    assessmentText: row.assessment_text,
    createdAt: String(row.created_at),
  };
}

/**
 * Entries the reader may see. For the public: public entries whose plan is public (an activity's
 * entry) or whose löfte has a published version (a löfte's entry). The plan and the löfte are
 * joined by key; written as "or exists (…)", PostgreSQL hashed every plan and löfte of the
 * database for each query, which grows with the number of kommuner.
 */
export function entriesFor(db: Db, reader: CoopReader) {
  const query = db
    .selectFrom('coop_entries')
    .leftJoin('organisations as author', 'author.id', 'coop_entries.author_organisation_id')
    .selectAll('coop_entries')
    .select('author.name as author_organisation_name')
    .where('coop_entries.kommun_id', '=', reader.kommunId);
  if (reader.seesInternal) return query;
  return query
    .leftJoin('coop_plans as entry_plan', 'entry_plan.id', 'coop_entries.plan_id')
    .leftJoin('coop_promises as entry_promise', 'entry_promise.id', 'coop_entries.promise_id')
    .where('coop_entries.visibility', '=', 'public')
    .where((eb) => eb.or([eb('entry_plan.status', 'in', publicPlanStatuses), eb('entry_promise.public_version_no', 'is not', null)]));
}

export async function insertEntry(db: Db, row: CoopEntryTable): Promise<void> {
  await db.insertInto('coop_entries').values(row).execute();
}

export async function findEntry(db: Db, reader: CoopReader, id: string): Promise<EntryRow | undefined> {
  const row = await entriesFor(db, reader).where('coop_entries.id', '=', id).executeTakeFirst();
  return row ? toEntryRow(row) : undefined;
}

export interface TimelineCursor {
  happenedOn: string;
  id: string;
}

/** An activity's or a löfte's timeline, newest first (coop_entries_activity_idx / coop_entries_promise_idx). */
export async function listTimeline(
  db: Db,
  reader: CoopReader,
  target: { activityId: string } | { promiseId: string },
  limit: number,
  before?: TimelineCursor,
): Promise<{ rows: EntryRow[]; hasMore: boolean }> {
  let query = entriesFor(db, reader);
  query = 'activityId' in target ? query.where('coop_entries.activity_id', '=', target.activityId) : query.where('coop_entries.promise_id', '=', target.promiseId);
  if (before) query = query.where((eb) => eb(eb.refTuple('coop_entries.happened_on', 'coop_entries.id'), '<', eb.tuple(before.happenedOn, before.id)));
  const rows = await query.orderBy('coop_entries.happened_on', 'desc').orderBy('coop_entries.id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit).map(toEntryRow), hasMore: rows.length > limit };
}

/** The entries of the activities linked to a löfte, merged into one timeline, newest first. */
export async function listTimelineOfActivities(db: Db, reader: CoopReader, activityIds: readonly string[], limit: number, before?: TimelineCursor): Promise<{ rows: EntryRow[]; hasMore: boolean }> {
  if (activityIds.length === 0) return { rows: [], hasMore: false };
  let query = entriesFor(db, reader).where('coop_entries.activity_id', 'in', activityIds);
  if (before) query = query.where((eb) => eb(eb.refTuple('coop_entries.happened_on', 'coop_entries.id'), '<', eb.tuple(before.happenedOn, before.id)));
  const rows = await query.orderBy('coop_entries.happened_on', 'desc').orderBy('coop_entries.id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit).map(toEntryRow), hasMore: rows.length > limit };
}

/** The newest public entries of a kommun (coop_entries_feed_idx), for the Atom feed. */
export async function listRecentPublicEntries(db: Db, kommunId: string, limit: number, activityIds?: readonly string[]): Promise<EntryRow[]> {
  let query = entriesFor(db, { kommunId, seesInternal: false });
  if (activityIds) {
    if (activityIds.length === 0) return [];
    query = query.where('coop_entries.activity_id', 'in', activityIds);
  }
  const rows = await query.orderBy('coop_entries.created_at', 'desc').orderBy('coop_entries.id', 'desc').limit(limit).execute();
  return rows.map(toEntryRow);
}

/** Walks a kommun's entries the reader may see in id order (coop_entries_export_idx), a batch at a time, for exports. */
export async function listEntriesAfter(db: Db, reader: CoopReader, afterId: string | null, limit: number, planId?: string): Promise<EntryRow[]> {
  let query = entriesFor(db, reader);
  if (planId) query = query.where('coop_entries.plan_id', '=', planId);
  if (afterId) query = query.where('coop_entries.id', '>', afterId);
  const rows = await query.orderBy('coop_entries.id').limit(limit).execute();
  return rows.map(toEntryRow);
}

export async function countEntriesOfActivity(db: Db, kommunId: string, activityId: string): Promise<number> {
  const row = await db
    .selectFrom('coop_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kommun_id', '=', kommunId)
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- files --------------------------------------------------------------------------------------

export interface EntryFileRow {
  id: string;
  entryId: string;
  fileId: string;
  kind: 'image' | 'document';
  title: string;
  position: number;
}

export async function insertEntryFile(db: Db, row: CoopEntryFileTable): Promise<void> {
  await db.insertInto('coop_entry_files').values(row).execute();
}

export async function filesOfEntries(db: Db, kommunId: string, entryIds: readonly string[]): Promise<Map<string, EntryFileRow[]>> {
  const byEntry = new Map<string, EntryFileRow[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db.selectFrom('coop_entry_files').selectAll().where('kommun_id', '=', kommunId).where('entry_id', 'in', entryIds).orderBy('position').execute();
  for (const r of rows) {
    const list = byEntry.get(r.entry_id) ?? [];
    list.push({ id: r.id, entryId: r.entry_id, fileId: r.file_id, kind: r.kind, title: r.title, position: Number(r.position) });
    byEntry.set(r.entry_id, list);
  }
  return byEntry;
}

/** For the file owner: is this file one of a public entry the public may see? */
export async function isFileOfPublicEntry(db: Db, kommunId: string, entryId: string, fileId: string): Promise<boolean> {
  const row = await entriesFor(db, { kommunId, seesInternal: false })
    .innerJoin('coop_entry_files', 'coop_entry_files.entry_id', 'coop_entries.id')
    .where('coop_entries.id', '=', entryId)
    .where('coop_entry_files.file_id', '=', fileId)
    .clearSelect()
    .select('coop_entry_files.id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function isFileOfEntry(db: Db, kommunId: string, entryId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('coop_entry_files')
    .select('id')
    .where('kommun_id', '=', kommunId)
    .where('entry_id', '=', entryId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- public timelines and feeds with what each entry is about ---------------------------------

/** An entry with the addresses of what it follows up: an activity (in its plan) or a löfte. */
export interface EntryWithTarget extends EntryRow {
  activitySlug: string | null;
  activityTitle: string | null;
  planSlug: string | null;
  promiseSlug: string | null;
}

/** The reader's entries, joined to the slugs and title pages and the feed link to. */
function entriesWithTargets(db: Db, reader: CoopReader) {
  return entriesFor(db, reader)
    .leftJoin('coop_activities as target_activity', 'target_activity.id', 'coop_entries.activity_id')
    .leftJoin('coop_plans as target_plan', 'target_plan.id', 'target_activity.plan_id')
    .leftJoin('coop_promises as target_promise', 'target_promise.id', 'coop_entries.promise_id')
    .select(['target_activity.slug as activity_slug', 'target_activity.title as activity_title', 'target_plan.slug as plan_slug', 'target_promise.slug as promise_slug']);
}

type TargetSelection = EntrySelection & { activity_slug: string | null; activity_title: string | null; plan_slug: string | null; promise_slug: string | null };

function toEntryWithTarget(row: TargetSelection): EntryWithTarget {
  return { ...toEntryRow(row), activitySlug: row.activity_slug, activityTitle: row.activity_title, planSlug: row.plan_slug, promiseSlug: row.promise_slug };
}

/**
 * A löfte's whole timeline: its own entries and those of the activities its promises link to,
 * newest first, in one keyset walk over (happened_on, id). The OR reads both
 * coop_entries_promise_idx and coop_entries_activity_idx; a löfte links a handful of activities.
 */
export async function listPromiseTimeline(
  db: Db,
  reader: CoopReader,
  promiseId: string,
  activityIds: readonly string[],
  limit: number,
  before?: TimelineCursor,
): Promise<{ rows: EntryWithTarget[]; hasMore: boolean }> {
  let query = entriesWithTargets(db, reader).where((eb) =>
    activityIds.length > 0 ? eb.or([eb('coop_entries.promise_id', '=', promiseId), eb('coop_entries.activity_id', 'in', activityIds)]) : eb('coop_entries.promise_id', '=', promiseId),
  );
  if (before) query = query.where((eb) => eb(eb.refTuple('coop_entries.happened_on', 'coop_entries.id'), '<', eb.tuple(before.happenedOn, before.id)));
  const rows = await query.orderBy('coop_entries.happened_on', 'desc').orderBy('coop_entries.id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit).map(toEntryWithTarget), hasMore: rows.length > limit };
}

/**
 * The newest public entries for an Atom feed (coop_entries_feed_idx walks the kommun's public
 * entries by creation), with the slugs their links need; `scope` keeps a löfte's feed to its own
 * entries and those of its activities.
 */
export async function listPublicFeedEntries(db: Db, kommunId: string, limit: number, scope?: { promiseId: string; activityIds: readonly string[] }): Promise<EntryWithTarget[]> {
  let query = entriesWithTargets(db, { kommunId, seesInternal: false });
  if (scope) {
    const { promiseId, activityIds } = scope;
    query = query.where((eb) =>
      activityIds.length > 0 ? eb.or([eb('coop_entries.promise_id', '=', promiseId), eb('coop_entries.activity_id', 'in', activityIds)]) : eb('coop_entries.promise_id', '=', promiseId),
    );
  }
  const rows = await query.orderBy('coop_entries.created_at', 'desc').orderBy('coop_entries.id', 'desc').limit(limit).execute();
  return rows.map(toEntryWithTarget);
}
