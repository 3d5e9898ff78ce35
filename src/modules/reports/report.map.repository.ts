// SQL of the public map and feeds: what the cluster index loads and polls, the open-data pages
// of points and the feeds' newest reports. Only published reports, only their public columns.
import type { CompiledQuery } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ColumnKind } from '../../platform/db/thread-reader.js';
import { keysetAfter } from '../../platform/db/keyset.js';
import type { ReportRow } from './report.repository.js';

/** What the cluster index keeps of a published report; the build's read in a thread needs no id (no pages). */
export const threadLoadColumns = ['reference', 'category_code', 'status', 'public_lat', 'public_lon', 'when_parts', 'created_at', 'supporters'] as const;
/** How each of threadLoadColumns travels from the thread (thread-reader.ts). */
export const threadLoadKinds = ['text', 'code', 'code', 'number', 'number', 'number', 'time', 'number'] as const satisfies readonly ColumnKind[];
/** The same with the id, for the pages' keyset. */
export const loadColumns = ['id', ...threadLoadColumns] as const;
export type LoadRow = Pick<ReportRow, (typeof loadColumns)[number]>;

/** The same with what the poll and the open-data pages also need: whether it is still public, and when it changed. */
export const mapColumns = [...loadColumns, 'moderation', 'updated_at'] as const;
export type MapRow = Pick<ReportRow, (typeof mapColumns)[number]>;

export interface KeysetCursor {
  at: string;
  id: string;
}

/** Published reports of a kommun in creation order, after `after`; reports_public_idx walks it. */
function publishedInCreationOrder(db: Db, kommunId: string, after?: KeysetCursor) {
  let query = db.selectFrom('reports').where('kommun_id', '=', kommunId).where('moderation', '=', 'published');
  if (after) query = query.where((eb) => keysetAfter(eb, { at: 'created_at', id: 'id' }, after, 'asc'));
  return query.orderBy('created_at').orderBy('id');
}

/** Every published report of a kommun in creation order as one query, for the build's read in a thread. */
export function publishedForLoadQuery(db: Db, kommunId: string): CompiledQuery {
  return publishedInCreationOrder(db, kommunId).select(threadLoadColumns).compile();
}

/**
 * A page of published reports for the cluster index's build. As reports are stored in the order
 * they are made, walking them in creation order reads the table nearly in its own order.
 */
export async function listPublishedForLoad(db: Db, kommunId: string, limit: number, after?: KeysetCursor): Promise<LoadRow[]> {
  return publishedInCreationOrder(db, kommunId, after).select(loadColumns).limit(limit).execute();
}

/** A page of published reports with their map columns (the open-data pages). */
export async function listPublishedForMap(db: Db, kommunId: string, limit: number, after?: KeysetCursor): Promise<MapRow[]> {
  return publishedInCreationOrder(db, kommunId, after).select(mapColumns).limit(limit).execute();
}

/**
 * Reports of a kommun changed at or after `since` that were ever published (any moderation now: a
 * report that left the public must leave the map too; one never published was never on it),
 * oldest change first; reports_updated_idx (kommun_id, updated_at, id), which holds only those.
 */
export async function listChangedSince(db: Db, kommunId: string, since: string, limit: number, after?: KeysetCursor): Promise<MapRow[]> {
  return changedSince(db, kommunId, since, limit, after).execute();
}

/** listChangedSince's query, unrun (its plan is tested). */
export function changedSince(db: Db, kommunId: string, since: string, limit: number, after?: KeysetCursor) {
  let query = db.selectFrom('reports').select(mapColumns).where('kommun_id', '=', kommunId).where('published_at', 'is not', null).where('updated_at', '>=', since);
  if (after) query = query.where((eb) => keysetAfter(eb, { at: 'updated_at', id: 'id' }, after, 'asc'));
  return query.orderBy('updated_at').orderBy('id').limit(limit);
}

export async function hasPublishedReports(db: Db, kommunId: string): Promise<boolean> {
  const row = await db.selectFrom('reports').select('id').where('kommun_id', '=', kommunId).where('moderation', '=', 'published').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The latest change in a kommun's reports that were ever published (reports_updated_idx), where polling starts. */
export async function latestChange(db: Db, kommunId: string): Promise<string | null> {
  const row = await db.selectFrom('reports').select('updated_at').where('kommun_id', '=', kommunId).where('published_at', 'is not', null).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return row?.updated_at ?? null;
}

/** The newest published reports, for a feed (reports_public_idx; per place reports_place_idx). */
export async function listNewestPublished(db: Db, kommunId: string, limit: number, placeId?: string): Promise<ReportRow[]> {
  let query = db.selectFrom('reports').selectAll().where('kommun_id', '=', kommunId).where('moderation', '=', 'published');
  if (placeId) query = query.where('place_id', '=', placeId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
