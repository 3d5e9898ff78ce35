// What staff do with a report's photos, and what the public sees of them. A photo is public
// only once staff have published it and its report is published; staff may hide it again, blur
// a part of it (faces, number plates) or all of it, or crop it. An edited photo keeps the photo
// as it arrived as its original, never public, until photoOriginalsJob deletes it after the
// kommun's retention setting (originalPhotoRetentionDays). Each change is audited, with an
// internal history entry on the report.
import sharp from 'sharp';
import type { Actor } from '../../platform/auth/index.js';
import { writeAudit } from '../../platform/audit/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { isId, newId } from '../../platform/db/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { detachFile, readFileOf, storeFile, type PreparedFile } from '../../platform/files/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { Job } from '../../platform/jobs/jobs.js';
import { listKommuner, type Kommun } from '../../platform/tenants/index.js';
import { canModerateReports, reportReader } from './report.policy.js';
import { photoOwner } from './report.photos.files.js';
import {
  findPhotoForReader,
  findReportStatusOfPhoto,
  listOriginalsDue,
  listPhotosForReader,
  listPublishedPhotos,
  updatePhotoFiles,
  updatePhotoState,
  type ReportPhotoRow,
} from './report.photos.repository.js';
import { insertReportEvent } from './report.repository.js';
import { reportSettingsOf } from './report.settings.js';

/** The photos the public sees on a published report. */
export async function listPublicPhotos(ctx: AppContext, kommun: Kommun, reportId: string): Promise<{ id: string; fileId: string }[]> {
  return (await listPublishedPhotos(ctx.db, kommun.id, reportId)).map((p) => ({ id: p.id, fileId: p.file_id }));
}

/** A report's photos for staff who reach the report, with their state and kept original. */
export async function listReportPhotos(ctx: AppContext, actor: Actor, kommun: Kommun, reportId: string): Promise<ReportPhotoRow[]> {
  return listPhotosForReader(ctx.db, reportReader(actor, kommun.id), reportId);
}

async function photoToModerate(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string): Promise<ReportPhotoRow> {
  if (!canModerateReports(actor, kommun.id)) throw new ForbiddenError();
  if (!isId(photoId)) throw new NotFoundError();
  const photo = await findPhotoForReader(ctx.db, reportReader(actor, kommun.id), photoId);
  if (!photo) throw new NotFoundError();
  return photo;
}

async function recordPhotoChange(trx: Db, actor: Actor, kommun: Kommun, photo: ReportPhotoRow, action: string, after: Record<string, unknown>, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const status = await findReportStatusOfPhoto(trx, kommun.id, photo.report_id);
  await insertReportEvent(trx, { id: newId(now.getTime()), report_id: photo.report_id, kommun_id: kommun.id, kind: 'photo', status, is_public: false, body: '', actor_user_id: actor.userId, organisation_id: null, created_at: nowIso });
  await writeAudit(trx, { actorUserId: actor.userId, kommunId: kommun.id, organisationId: kommun.id, action, entityType: 'report_photo', entityId: photo.id, before: { state: photo.state }, after: { reportId: photo.report_id, ...after } }, nowIso);
}

async function setPhotoState(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, state: 'published' | 'hidden', now: Date): Promise<void> {
  const photo = await photoToModerate(ctx, actor, kommun, photoId);
  if (photo.state === state) return;
  await inTransaction(ctx, async (tx) => {
    await updatePhotoState(tx.trx, kommun.id, photo.id, state);
    await recordPhotoChange(tx.trx, actor, kommun, photo, state === 'published' ? 'reports.photo_published' : 'reports.photo_hidden', { state }, now);
  });
}

/** Makes a photo public (once its report is published too). */
export async function publishPhoto(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, now = new Date()): Promise<void> {
  await setPhotoState(ctx, actor, kommun, photoId, 'published', now);
}

/** Takes a photo out of public view; staff still see it. */
export async function hidePhoto(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, now = new Date()): Promise<void> {
  await setPhotoState(ctx, actor, kommun, photoId, 'hidden', now);
}

/** A part of a photo as fractions of its width and height (0–1), independent of how it is shown. */
export interface PhotoArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

function pixelsOf(area: PhotoArea, width: number, height: number) {
  const valid = [area.left, area.top, area.width, area.height].every((v) => Number.isFinite(v) && v >= 0 && v <= 1) && area.left + area.width <= 1.0001 && area.top + area.height <= 1.0001;
  if (!valid) throw new ValidationError({ area: 'reports.photos.areaInvalid' });
  const left = Math.min(width - 1, Math.round(area.left * width));
  const top = Math.min(height - 1, Math.round(area.top * height));
  const w = Math.max(1, Math.min(width - left, Math.round(area.width * width)));
  const h = Math.max(1, Math.min(height - top, Math.round(area.height * height)));
  if (w < 8 || h < 8) throw new ValidationError({ area: 'reports.photos.areaInvalid' });
  return { left, top, width: w, height: h };
}

/**
 * Replaces the photo's file with an edit of it. The photo as it arrived is kept as the
 * original (never public) until the retention job deletes it; an earlier edit is deleted.
 */
async function editPhoto(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, action: string, edit: (data: Buffer) => Promise<Buffer>, now: Date): Promise<void> {
  const photo = await photoToModerate(ctx, actor, kommun, photoId);
  const ownership = { kommunId: kommun.id, owner: photoOwner, ownerId: photo.id };
  const data = await readFileOf(ctx.db, ownership, photo.file_id);
  if (!data) throw new NotFoundError();
  const { data: edited, info } = await sharp(await edit(data))
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  const file: PreparedFile = { kind: 'image', filename: 'foto.jpg', contentType: 'image/jpeg', data: edited, width: info.width, height: info.height };
  await inTransaction(ctx, async (tx) => {
    const stored = await storeFile(tx.trx, { ...ownership, createdBy: actor.userId }, file, now);
    const original = photo.original_file_id ?? photo.file_id;
    await updatePhotoFiles(tx.trx, kommun.id, photo.id, { file_id: stored.id, original_file_id: original, edited_at: now.toISOString() });
    if (photo.original_file_id !== null) await detachFile(tx.trx, ownership, photo.file_id, now);
    await recordPhotoChange(tx.trx, actor, kommun, photo, action, { fileId: stored.id }, now);
  });
}

/** Blurs a part of the photo (faces, number plates), or all of it without an area. */
export async function blurPhoto(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, area: PhotoArea | null, now = new Date()): Promise<void> {
  await editPhoto(
    ctx,
    actor,
    kommun,
    photoId,
    'reports.photo_blurred',
    async (data) => {
      const { width = 0, height = 0 } = await sharp(data).metadata();
      if (!area) return sharp(data).blur(Math.max(10, Math.min(width, height) / 20)).toBuffer();
      const region = pixelsOf(area, width, height);
      // Strong enough that nothing in the area can be recognised, whatever its size.
      const sigma = Math.max(8, Math.min(region.width, region.height) / 4);
      const blurred = await sharp(data).extract(region).blur(sigma).toBuffer();
      return sharp(data).composite([{ input: blurred, left: region.left, top: region.top }]).toBuffer();
    },
    now,
  );
}

/** Crops the photo to an area. */
export async function cropPhoto(ctx: AppContext, actor: Actor, kommun: Kommun, photoId: string, area: PhotoArea, now = new Date()): Promise<void> {
  await editPhoto(
    ctx,
    actor,
    kommun,
    photoId,
    'reports.photo_cropped',
    async (data) => {
      const { width = 0, height = 0 } = await sharp(data).metadata();
      return sharp(data).extract(pixelsOf(area, width, height)).toBuffer();
    },
    now,
  );
}

/** Deletes originals of edited photos kept past each kommun's retention; returns how many. */
export async function deleteExpiredOriginals(ctx: AppContext, now = new Date(), batch = 200): Promise<number> {
  let deleted = 0;
  for (const kommun of await listKommuner(ctx.db)) {
    const days = reportSettingsOf(kommun).originalPhotoRetentionDays;
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    const due = await listOriginalsDue(ctx.db, kommun.id, before, batch);
    for (const photo of due) {
      await inTransaction(ctx, async (tx) => {
        await detachFile(tx.trx, { kommunId: kommun.id, owner: photoOwner, ownerId: photo.id }, photo.original_file_id!, now);
        await updatePhotoFiles(tx.trx, kommun.id, photo.id, { file_id: photo.file_id, original_file_id: null, edited_at: null });
        await writeAudit(tx.trx, { actorUserId: null, kommunId: kommun.id, organisationId: kommun.id, action: 'reports.photo_original_deleted', entityType: 'report_photo', entityId: photo.id, after: { reportId: photo.report_id, retentionDays: days } }, now.toISOString());
      });
      deleted += 1;
    }
  }
  return deleted;
}

/** Deletes the originals of blurred or cropped photos after the retention setting's time. */
export const photoOriginalsJob: Job = {
  name: 'reports.photo_originals',
  everyMs: 60 * 60_000,
  run: async (ctx) => {
    const deleted = await deleteExpiredOriginals(ctx);
    if (deleted > 0) ctx.logger.info({ deleted }, 'deleted original photos past their retention');
  },
};
