// The only SQL for report photos. Tenancy is in every query (kommun_id); staff reads take a
// ReportReader so access is part of the SQL, as for reports themselves.
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ReportReader } from './report.policy.js';
import { readerFilter } from './report.repository.js';
import type { ReportPhotoState, ReportPhotoTable, ReportStatus } from './report.tables.js';

export type ReportPhotoRow = Selectable<ReportPhotoTable>;

export async function insertReportPhoto(db: Db, row: Insertable<ReportPhotoTable>): Promise<void> {
  await db.insertInto('report_photos').values(row).execute();
}

/** True while this file is the photo's current file, the photo is published and so is its report. */
export async function isPhotoFilePublic(db: Db, kommunId: string, photoId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('report_photos')
    .innerJoin('reports', 'reports.id', 'report_photos.report_id')
    .select('report_photos.id')
    .where('report_photos.id', '=', photoId)
    .where('report_photos.kommun_id', '=', kommunId)
    .where('report_photos.file_id', '=', fileId)
    .where('report_photos.state', '=', 'published')
    .where('reports.kommun_id', '=', kommunId)
    .where('reports.moderation', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

/** The photo, when the reader reaches its report (the reader's rule is in the join). */
export async function findPhotoForReader(db: Db, reader: ReportReader, photoId: string): Promise<ReportPhotoRow | undefined> {
  return db
    .selectFrom('report_photos')
    .innerJoin('reports', 'reports.id', 'report_photos.report_id')
    .selectAll('report_photos')
    .where('report_photos.id', '=', photoId)
    .where('report_photos.kommun_id', '=', reader.kommunId)
    .where((eb) => readerFilter(eb, reader))
    .executeTakeFirst();
}

/** A report's photos for a staff reader, in the order they were sent (report_photos_report_idx). */
export async function listPhotosForReader(db: Db, reader: ReportReader, reportId: string): Promise<ReportPhotoRow[]> {
  return db
    .selectFrom('report_photos')
    .innerJoin('reports', 'reports.id', 'report_photos.report_id')
    .selectAll('report_photos')
    .where('report_photos.report_id', '=', reportId)
    .where('report_photos.kommun_id', '=', reader.kommunId)
    .where((eb) => readerFilter(eb, reader))
    .orderBy('report_photos.position')
    .limit(20)
    .execute();
}

/** The published photos of a published report (report_photos_report_idx). */
export async function listPublishedPhotos(db: Db, kommunId: string, reportId: string): Promise<Pick<ReportPhotoRow, 'id' | 'file_id'>[]> {
  return db
    .selectFrom('report_photos')
    .innerJoin('reports', 'reports.id', 'report_photos.report_id')
    .select(['report_photos.id', 'report_photos.file_id'])
    .where('report_photos.report_id', '=', reportId)
    .where('report_photos.kommun_id', '=', kommunId)
    .where('report_photos.state', '=', 'published')
    .where('reports.moderation', '=', 'published')
    .orderBy('report_photos.position')
    .limit(20)
    .execute();
}

export async function updatePhotoState(db: Db, kommunId: string, photoId: string, state: ReportPhotoState): Promise<void> {
  await db.updateTable('report_photos').set({ state }).where('id', '=', photoId).where('kommun_id', '=', kommunId).execute();
}

export async function updatePhotoFiles(db: Db, kommunId: string, photoId: string, set: { file_id: string; original_file_id: string | null; edited_at: string | null }): Promise<void> {
  await db.updateTable('report_photos').set(set).where('id', '=', photoId).where('kommun_id', '=', kommunId).execute();
}

/** Photos of a kommun whose original was kept since before `editedBefore` (report_photos_edited_idx). */
export async function listOriginalsDue(db: Db, kommunId: string, editedBefore: string, limit: number): Promise<Pick<ReportPhotoRow, 'id' | 'report_id' | 'file_id' | 'original_file_id'>[]> {
  return db
    .selectFrom('report_photos')
    .select(['id', 'report_id', 'file_id', 'original_file_id'])
    .where('edited_at', '<', editedBefore)
    .where('kommun_id', '=', kommunId)
    .where('original_file_id', 'is not', null)
    .orderBy('edited_at')
    .limit(limit)
    .execute();
}

/** The report's status, for a history entry about one of its photos. */
export async function findReportStatusOfPhoto(db: Db, kommunId: string, reportId: string): Promise<ReportStatus> {
  const row = await db.selectFrom('reports').select('status').where('id', '=', reportId).where('kommun_id', '=', kommunId).executeTakeFirstOrThrow();
  return row.status;
}
