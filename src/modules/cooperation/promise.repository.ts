// The only SQL for medborgarlöften and their versions. The public sees the version a löfte shows
// (public_version_no: the published one, or the last one when it ended), never drafts.
import { updateAtVersion } from './cooperation.versioning.js';
import type { Db } from '../../platform/db/database.js';
import type { CoopReader } from './cooperation.policy.js';
import type { CalendarDate, CoopPromiseTable, CoopPromiseVersionTable, PromiseStatus } from './cooperation.tables.js';
import { readPromiseContent, type PromiseContent } from './promise.schemas.js';

export interface PromiseVersionRow {
  id: string;
  promiseId: string;
  kommunId: string;
  slug: string;
  versionNo: number;
  latestVersionNo: number;
  publicVersionNo: number | null;
  status: PromiseStatus;
  title: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  content: PromiseContent;
  publishedAt: string | null;
  changeNote: string;
  lockVersion: number;
  createdAt: string;
  updatedAt: string;
}

type Joined = CoopPromiseVersionTable & Pick<CoopPromiseTable, 'slug' | 'latest_version_no' | 'public_version_no'>;

function toVersionRow(row: Joined): PromiseVersionRow {
  return {
    id: row.id,
    promiseId: row.promise_id,
    kommunId: row.kommun_id,
    slug: row.slug,
    versionNo: Number(row.version_no),
    latestVersionNo: Number(row.latest_version_no),
    publicVersionNo: row.public_version_no === null ? null : Number(row.public_version_no),
    status: row.status,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    content: readPromiseContent(row.content_json),
    publishedAt: row.published_at === null ? null : String(row.published_at),
    changeNote: row.change_note,
    lockVersion: Number(row.lock_version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function versions(db: Db, kommunId: string) {
  return db
    .selectFrom('coop_promise_versions as v')
    .innerJoin('coop_promises as p', 'p.id', 'v.promise_id')
    .selectAll('v')
    .select(['p.slug', 'p.latest_version_no', 'p.public_version_no'])
    .where('v.kommun_id', '=', kommunId)
    .where('p.kommun_id', '=', kommunId);
}

export async function insertPromise(db: Db, row: CoopPromiseTable): Promise<void> {
  await db.insertInto('coop_promises').values(row).execute();
}

export async function insertPromiseVersion(db: Db, row: CoopPromiseVersionTable): Promise<void> {
  await db.insertInto('coop_promise_versions').values(row).execute();
}

/** The version the reader gets by default: the public one; for staff the latest (their draft, if any). */
export async function findCurrentPromiseVersion(db: Db, reader: CoopReader, by: { id: string } | { slug: string }): Promise<PromiseVersionRow | undefined> {
  let query = versions(db, reader.kommunId);
  query = 'id' in by ? query.where('p.id', '=', by.id) : query.where('p.slug', '=', by.slug);
  query = reader.seesInternal ? query.whereRef('v.version_no', '=', 'p.latest_version_no') : query.whereRef('v.version_no', '=', 'p.public_version_no');
  const row = await query.executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

/** The public version, for staff pages that show what residents see beside the draft. */
export async function findPublicPromiseVersion(db: Db, kommunId: string, promiseId: string): Promise<PromiseVersionRow | undefined> {
  const row = await versions(db, kommunId).where('p.id', '=', promiseId).whereRef('v.version_no', '=', 'p.public_version_no').executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

/** One numbered version; the public may read any version that was published (the history is public), never a draft. */
export async function findPromiseVersion(db: Db, reader: CoopReader, promiseId: string, versionNo: number): Promise<PromiseVersionRow | undefined> {
  let query = versions(db, reader.kommunId).where('p.id', '=', promiseId).where('v.version_no', '=', versionNo);
  if (!reader.seesInternal) query = query.where('v.status', '!=', 'draft');
  const row = await query.executeTakeFirst();
  return row ? toVersionRow(row) : undefined;
}

export async function listPromiseVersions(db: Db, reader: CoopReader, promiseId: string): Promise<PromiseVersionRow[]> {
  let query = versions(db, reader.kommunId).where('p.id', '=', promiseId);
  if (!reader.seesInternal) query = query.where('v.status', '!=', 'draft');
  const rows = await query.orderBy('v.version_no', 'desc').limit(200).execute();
  return rows.map(toVersionRow);
}

/**
 * The löfte residents should see first, as currentPromiseOf picks it from listPromises: the newest
 * published one whose period includes today, else the newest published. For the home page, which
 * needs only this one: one or two indexed reads instead of every löfte with its content.
 */
export async function findCurrentPublishedPromise(db: Db, kommunId: string, today: CalendarDate): Promise<PromiseVersionRow | undefined> {
  const published = () =>
    versions(db, kommunId).whereRef('v.version_no', '=', 'p.public_version_no').where('v.status', '=', 'published').orderBy('p.period_start', 'desc').orderBy('p.id', 'desc').limit(1);
  const row = (await published().where('v.period_start', '<=', today).where('v.period_end', '>=', today).executeTakeFirst()) ?? (await published().executeTakeFirst());
  return row ? toVersionRow(row) : undefined;
}

/**
 * A kommun's löften, newest period first (coop_promises_kommun_idx), each as the version the
 * reader sees by default. Tens per kommun; a page holds 100.
 */
export async function listPromises(db: Db, reader: CoopReader, limit = 100): Promise<PromiseVersionRow[]> {
  let query = versions(db, reader.kommunId);
  query = reader.seesInternal ? query.whereRef('v.version_no', '=', 'p.latest_version_no') : query.whereRef('v.version_no', '=', 'p.public_version_no');
  const rows = await query.orderBy('p.period_start', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
  return rows.map(toVersionRow);
}

export async function promiseSlugTaken(db: Db, kommunId: string, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('coop_promises').select('id').where('kommun_id', '=', kommunId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updatePromiseVersionIf(db: Db, kommunId: string, versionId: string, lockVersion: number, patch: Partial<CoopPromiseVersionTable>): Promise<boolean> {
  return updateAtVersion(db, 'coop_promise_versions', kommunId, versionId, lockVersion, patch);
}

export async function updatePromiseHead(db: Db, kommunId: string, promiseId: string, patch: Partial<CoopPromiseTable>): Promise<void> {
  await db.updateTable('coop_promises').set(patch).where('kommun_id', '=', kommunId).where('id', '=', promiseId).execute();
}

/** The links of one version, rewritten when the version is saved (they serve the reverse lookup). */
export async function replacePromiseLinks(db: Db, kommunId: string, promiseId: string, versionNo: number, content: PromiseContent): Promise<void> {
  await db.deleteFrom('coop_promise_activities').where('kommun_id', '=', kommunId).where('promise_id', '=', promiseId).where('version_no', '=', versionNo).execute();
  const rows = content.items.flatMap((item, index) =>
    [...new Set(item.activityIds)].map((activityId) => ({ promise_id: promiseId, version_no: versionNo, item_position: index, activity_id: activityId, kommun_id: kommunId })),
  );
  if (rows.length > 0) await db.insertInto('coop_promise_activities').values(rows).execute();
}

/** The public löften an activity is part of ("Det här är en del av medborgarlöftet 2017"). */
export async function publicPromisesOfActivity(db: Db, kommunId: string, activityId: string): Promise<{ slug: string; title: string }[]> {
  return db
    .selectFrom('coop_promise_activities as l')
    .innerJoin('coop_promises as p', (join) => join.onRef('p.id', '=', 'l.promise_id').onRef('p.public_version_no', '=', 'l.version_no'))
    .innerJoin('coop_promise_versions as v', (join) => join.onRef('v.promise_id', '=', 'p.id').onRef('v.version_no', '=', 'p.public_version_no'))
    .select(['p.slug', 'v.title'])
    .distinct()
    .where('l.kommun_id', '=', kommunId)
    .where('l.activity_id', '=', activityId)
    .orderBy('v.title')
    .execute();
}
