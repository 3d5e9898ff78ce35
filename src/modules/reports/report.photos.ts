// Photos of a report: up to three, sent with the form's second step, checked by their bytes
// (JPEG, PNG, WebP; HEIC only where this server's sharp can decode it), re-encoded by sharp
// without any metadata. The GPS position a phone wrote into a photo is read first and only
// offered, with consent, as the report's position. Between the review and the send the photos
// are provisional files of a draft (report.photos.files.ts), carried as a signed draft id in the
// form, so the pipeline keeps working without JavaScript; the send hands them to the report in
// its transaction. What staff do with them is in report.photos.moderation.ts (re-exported here).
import sharp from 'sharp';
import { hmac, safeEqual } from '../../platform/auth/tokens.js';
import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { isId, newId } from '../../platform/db/ids.js';
import { detachFile, formatBytes, listFilesOf, prepareUpload, reownFile, storeFile, UploadRejected, type PreparedFile, type UploadInput } from '../../platform/files/index.js';
import { TooManyRequestsError, ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { consumeRateLimit, type RateLimit } from '../../platform/http/rate-limit.js';
import type { PostedFields } from '../../platform/http/forms.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { Kommun } from '../../platform/tenants/index.js';
import { isValidPoint, locateInKommun, type Point } from './report.location.js';
import { gpsPositionOfExif } from './report.photos.exif.js';
import { pendingPhotoOwner, photoOwner } from './report.photos.files.js';
import { insertReportPhoto } from './report.photos.repository.js';
import { reportLimits } from './report.schemas.js';

/** The form's field names for photos, in one place for the routes, the views and the tests. */
export const photoFields = {
  files: 'photos',
  remove: 'removePhoto',
  draft: 'photoDraft',
  draftSignature: 'photoDraftSig',
  position: 'photoPosition',
  usePosition: 'usePhotoPosition',
} as const;

/**
 * Photos kept in drafts per sender (network address), shared by every app instance: drafts are
 * stored before anything is sent, so this bounds what a script can make the server keep.
 */
export const photoDraftLimit: RateLimit = { name: 'report-photo-draft', max: 60, windowSeconds: 3600 };

/** A draft's photos are deleted by the files clean-up this long after they were sent. */
export const photoDraftLifetimeMs = 24 * 60 * 60 * 1000;

const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'heif']);

export interface PreparedPhoto {
  file: PreparedFile;
  /** Where the photo was taken, read from its EXIF before re-encoding; never stored with it. */
  position: Point | null;
}

/**
 * Checks one photo by its bytes and re-encodes it without metadata; throws ValidationError on
 * the photos field. HEIF is accepted where sharp's libvips can decode it: its prebuilt binaries
 * decode AV1 (AVIF) but not HEVC, so an iPhone's HEIC photo is refused with a message of its
 * own, saying how to send it as JPEG; a file is taken for HEIC by its `ftyp` box, not its name.
 */
export async function preparePhoto(upload: UploadInput, maxBytes: number, locale: Locale = 'sv'): Promise<PreparedPhoto> {
  const refuse = (key: string): never => {
    throw new ValidationError({ [photoFields.files]: key });
  };
  if (upload.data.length === 0) refuse('reports.photos.empty');
  if (upload.data.length > maxBytes) refuse(`reports.photos.tooLarge|${formatBytes(maxBytes, locale)}`);
  let format: string | undefined;
  let exif: Buffer | undefined;
  try {
    const metadata = await sharp(upload.data).metadata();
    format = metadata.format;
    exif = metadata.exif;
  } catch {
    refuse(isHeicContainer(upload.data) ? 'reports.photos.heicUnsupported' : 'reports.photos.notImage');
  }
  if (!format || !acceptedFormats.has(format)) refuse('reports.photos.notImage');
  try {
    const file = await prepareUpload('image', { filename: upload.filename, data: upload.data });
    return { file, position: gpsPositionOfExif(exif) };
  } catch (error) {
    if (!(error instanceof UploadRejected)) throw error;
    if (format === 'heif' || isHeicContainer(upload.data)) refuse('reports.photos.heicUnsupported');
    return refuse(error.problem === 'upload.imageTooLarge' ? 'reports.photos.tooManyPixels' : 'reports.photos.notImage');
  }
}

/** Brands of HEVC-coded HEIF: what an iPhone writes ("heic") and its sequence and variant kinds. */
const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** Brands of HEIF that name no codec; they count as HEIC unless an AV1 brand (AVIF) is beside them. */
const genericHeifBrands = new Set(['mif1', 'msf1']);
const av1Brands = new Set(['avif', 'avis']);

/**
 * An ISO-BMFF file whose `ftyp` box names HEIC (HEVC in HEIF), as iPhones save photos: read from
 * the box's major brand and its compatible brands (the minor version between them is a number).
 */
export function isHeicContainer(data: Buffer): boolean {
  if (data.length < 16 || data.toString('latin1', 4, 8) !== 'ftyp') return false;
  const end = Math.min(data.readUInt32BE(0), data.length, 64);
  const brands = [data.toString('latin1', 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(data.toString('latin1', at, at + 4));
  if (brands.some((brand) => heicBrands.has(brand))) return true;
  return brands.some((brand) => genericHeifBrands.has(brand)) && !brands.some((brand) => av1Brands.has(brand));
}

export interface PhotoDraft {
  id: string;
  signature: string;
}

function draftSignature(ctx: AppContext, kommunId: string, draftId: string): string {
  return hmac(ctx.config.sessionSecret, `report-photo-draft:${kommunId}:${draftId}`);
}

/** The draft the form names, if its signature holds: nobody can name another's draft. */
export function draftOf(ctx: AppContext, kommun: Kommun, fields: PostedFields): PhotoDraft | null {
  const id = fields[photoFields.draft];
  const signature = fields[photoFields.draftSignature];
  if (typeof id !== 'string' || typeof signature !== 'string' || !isId(id)) return null;
  return safeEqual(signature, draftSignature(ctx, kommun.id, id)) ? { id, signature } : null;
}

export interface DraftPhoto {
  id: string;
  filename: string;
  width: number | null;
  height: number | null;
}

export interface DraftState {
  draft: PhotoDraft | null;
  photos: DraftPhoto[];
  /** A photo's position, offered on the summary; as "lat,lon" for the form. */
  offeredPosition: string | null;
}

function draftOwnership(kommun: Kommun, draftId: string) {
  return { kommunId: kommun.id, owner: pendingPhotoOwner, ownerId: draftId };
}

/** The photos a draft holds now. */
export async function listDraftPhotos(ctx: AppContext, kommun: Kommun, draft: PhotoDraft | null): Promise<DraftPhoto[]> {
  if (!draft) return [];
  const files = await listFilesOf(ctx.db, draftOwnership(kommun, draft.id), reportLimits.photos);
  return files.map((f) => ({ id: f.id, filename: f.filename, width: f.width, height: f.height }));
}

/** "lat,lon" as the form carries an offered position; null unless it is a valid point. */
export function parsePosition(value: unknown): Point | null {
  if (typeof value !== 'string') return null;
  const [lat, lon] = value.split(',').map(Number);
  if (lat === undefined || lon === undefined || !isValidPoint({ lat, lon })) return null;
  return { lat, lon };
}

function positionText(point: Point): string {
  return `${point.lat.toFixed(6)},${point.lon.toFixed(6)}`;
}

/**
 * The second step's photos: those the resident ticked for removal are deleted, new ones are
 * checked and kept in the draft (made now if there is none). Photos that pass are kept even
 * when other fields have errors, so nothing has to be chosen twice; a photo that is refused is
 * named in `errors` and stored nowhere. A position is offered when the resident gave only a
 * named place, not coordinates, and a photo was taken inside the kommun.
 */
export async function takePhotosIntoDraft(
  ctx: AppContext,
  kommun: Kommun,
  input: { fields: PostedFields; uploads: readonly UploadInput[]; maxBytes: number; locale: Locale; clientKey: string },
  now = new Date(),
): Promise<DraftState & { errors: FieldErrors }> {
  const errors: FieldErrors = {};
  let draft = draftOf(ctx, kommun, input.fields);
  const removeValue = input.fields[photoFields.remove];
  const remove = new Set(Array.isArray(removeValue) ? removeValue : removeValue ? [removeValue] : []);
  if (draft && remove.size > 0) {
    for (const fileId of remove) if (isId(fileId)) await detachFile(ctx.db, draftOwnership(kommun, draft.id), fileId, now);
  }
  const kept = await listDraftPhotos(ctx, kommun, draft);
  const prepared: PreparedPhoto[] = [];
  for (const upload of input.uploads) {
    try {
      prepared.push(await preparePhoto(upload, input.maxBytes, input.locale));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
    }
  }
  if (kept.length + prepared.length > reportLimits.photos) {
    errors[photoFields.files] ??= `reports.photos.tooMany|${reportLimits.photos}`;
    prepared.splice(Math.max(0, reportLimits.photos - kept.length));
  }
  try {
    for (let i = 0; i < prepared.length; i += 1) await consumeRateLimit(ctx, photoDraftLimit, input.clientKey, now.getTime());
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    errors[photoFields.files] = 'reports.photos.tooManyNow';
    prepared.length = 0;
  }
  if (prepared.length > 0 && !draft) {
    const id = newId(now.getTime());
    draft = { id, signature: draftSignature(ctx, kommun.id, id) };
  }
  for (const photo of prepared) {
    const stored = await storeFile(ctx.db, { ...draftOwnership(kommun, draft!.id), createdBy: null, deleteAfter: new Date(now.getTime() + photoDraftLifetimeMs) }, photo.file, now);
    kept.push({ id: stored.id, filename: stored.filename, width: stored.width, height: stored.height });
  }

  let offeredPosition = parsePosition(input.fields[photoFields.position]);
  const gaveCoordinates = [input.fields.lat, input.fields.lon].some((v) => typeof v === 'string' && v.trim() !== '');
  if (!offeredPosition && !gaveCoordinates) {
    for (const photo of prepared) {
      if (photo.position && (await locateInKommun(ctx, kommun, photo.position)) !== 'outside') {
        offeredPosition = photo.position;
        break;
      }
    }
  }
  return { draft: kept.length > 0 ? draft : null, photos: kept, offeredPosition: offeredPosition && !gaveCoordinates ? positionText(offeredPosition) : null, errors };
}

/**
 * The send's body with the photo's position as the report's coordinates, when the resident
 * ticked "use the photo's position" and gave no coordinates of their own.
 */
export function withPhotoPosition(fields: PostedFields): PostedFields {
  if (fields[photoFields.usePosition] !== '1') return fields;
  const point = parsePosition(fields[photoFields.position]);
  const gaveCoordinates = [fields.lat, fields.lon].some((v) => typeof v === 'string' && v.trim() !== '');
  if (!point || gaveCoordinates) return fields;
  return { ...fields, lat: String(point.lat), lon: String(point.lon) };
}

/**
 * Hands the draft's photos to the new report, in the report's transaction: each becomes a
 * report_photos row, pending until staff publish it, and its file the row's.
 */
export async function attachDraftPhotos(trx: Db, kommun: Kommun, draft: PhotoDraft | null, reportId: string, now: Date): Promise<number> {
  if (!draft) return 0;
  const files = await listFilesOf(trx, draftOwnership(kommun, draft.id), reportLimits.photos);
  let position = 0;
  for (const file of files) {
    const photoId = newId(now.getTime());
    if (!(await reownFile(trx, draftOwnership(kommun, draft.id), { owner: photoOwner, ownerId: photoId }, file.id))) continue;
    await insertReportPhoto(trx, { id: photoId, report_id: reportId, kommun_id: kommun.id, file_id: file.id, original_file_id: null, state: 'pending', position, created_at: now.toISOString(), edited_at: null });
    position += 1;
  }
  return position;
}

export { blurPhoto, cropPhoto, deleteExpiredOriginals, hidePhoto, listPublicPhotos, listReportPhotos, photoOriginalsJob, publishPhoto, type PhotoArea } from './report.photos.moderation.js';
