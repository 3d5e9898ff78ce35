// Uploads are checked by their bytes, never by the name or the browser's claimed type. Images
// are decoded and re-encoded by sharp, which drops EXIF/GPS metadata and any payload hidden
// after the image data; documents must match one of a few known signatures. Stored files belong
// to an owner (file-owners.ts), which decides who sees them and whose letting go deletes them.
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { newId } from '../db/ids.js';
import type { FileOwners, FileOwnerType } from './file-owners.js';
import { deleteDueFiles, deleteOwnedFile, findOwnedFileData, insertFile, listOwnedFiles, markOwnedFileForDeletion, reownFileRow, type FileForServing, type StoredFile } from './file.repository.js';

export interface UploadInput {
  filename: string;
  data: Buffer;
}

export type UploadProblem = 'upload.empty' | 'upload.notImage' | 'upload.imageTooLarge' | 'upload.documentType';

export const uploadLimits = {
  maxImagePixels: 40_000_000,
  imageMaxWidth: 2000,
  documentTypes: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text', 'text/plain', 'text/csv'],
} as const;

export class UploadRejected extends Error {
  constructor(readonly problem: UploadProblem) {
    super(problem);
  }
}

function cleanFilename(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 120);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** Decodes, bounds and re-encodes an image as JPEG (photos) or PNG (with transparency). */
export async function prepareImage(input: UploadInput): Promise<{ data: Buffer; contentType: string; width: number; height: number; filename: string }> {
  if (input.data.length === 0) throw new UploadRejected('upload.empty');
  let metadata: Metadata;
  try {
    metadata = await sharp(input.data, { limitInputPixels: uploadLimits.maxImagePixels }).metadata();
  } catch {
    throw new UploadRejected('upload.notImage');
  }
  if (!metadata.format || !['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff'].includes(metadata.format)) {
    throw new UploadRejected('upload.notImage');
  }
  const keepAlpha = metadata.hasAlpha === true;
  try {
    const pipeline = sharp(input.data, { limitInputPixels: uploadLimits.maxImagePixels })
      .rotate()
      .resize({ width: uploadLimits.imageMaxWidth, withoutEnlargement: true });
    const { data, info } = keepAlpha
      ? await pipeline.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true })
      : await pipeline.jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    const ext = keepAlpha ? 'png' : 'jpg';
    const stem = cleanFilename(input.filename, 'bild').replace(/\.[^.]+$/, '');
    return { data, contentType: keepAlpha ? 'image/png' : 'image/jpeg', width: info.width, height: info.height, filename: `${stem}.${ext}` };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw new UploadRejected('upload.imageTooLarge');
    throw new UploadRejected('upload.notImage');
  }
}

/** Identifies a document by its first bytes; returns its content type or throws. */
export function sniffDocument(input: UploadInput): string {
  const data = input.data;
  if (data.length === 0) throw new UploadRejected('upload.empty');
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const isZip = data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  if (isZip) {
    const head = data.subarray(0, Math.min(data.length, 4096)).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return 'application/vnd.oasis.opendocument.text';
    if (head.includes('word/') || head.includes('[Content_Types].xml')) {
      if (/\.docx$/i.test(input.filename)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    }
    throw new UploadRejected('upload.documentType');
  }
  // Plain text: valid UTF-8 without NUL bytes, named .txt or .csv.
  if (/\.(txt|csv)$/i.test(input.filename) && !data.includes(0)) {
    const text = data.toString('utf8');
    if (!text.includes('\uFFFD')) return /\.csv$/i.test(input.filename) ? 'text/csv' : 'text/plain';
  }
  throw new UploadRejected('upload.documentType');
}

const documentExtensions: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
  'text/csv': 'csv',
};

export interface PreparedFile {
  kind: 'image' | 'document';
  filename: string;
  contentType: string;
  data: Buffer;
  width: number | null;
  height: number | null;
}

/** Checks and normalises an upload before any transaction starts (sharp is slow-ish and async). */
export async function prepareUpload(kind: 'image' | 'document', input: UploadInput): Promise<PreparedFile> {
  if (kind === 'image') {
    const image = await prepareImage(input);
    return { kind, filename: image.filename, contentType: image.contentType, data: image.data, width: image.width, height: image.height };
  }
  const contentType = sniffDocument(input);
  const ext = documentExtensions[contentType] ?? 'bin';
  const stem = cleanFilename(input.filename, 'dokument').replace(/\.[^.]+$/, '');
  return { kind, filename: `${stem}.${ext}`, contentType, data: input.data, width: null, height: null };
}

export interface FileOwnership {
  /** The kommun whose pages show the file: the file is served only under its address. */
  kommunId: string;
  owner: FileOwnerType;
  ownerId: string;
}

/**
 * Stores a checked upload (prepareUpload) as a file of its owner, in the owner's transaction.
 * `deleteAfter` makes it provisional: never public, deleted by the clean-up unless an owner
 * takes it over (reownFile) before then — an upload kept between the steps of a form, say.
 */
export async function storeFile(
  db: Db,
  ownership: FileOwnership & { createdBy: string | null; organisationId?: string; deleteAfter?: Date },
  file: PreparedFile,
  now: Date = new Date(),
): Promise<StoredFile> {
  const id = newId();
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const organisationId = ownership.organisationId ?? ownership.kommunId;
  await insertFile(db, {
    id,
    organisation_id: organisationId,
    kommun_id: ownership.kommunId,
    owner_type: ownership.owner.type,
    owner_id: ownership.ownerId,
    delete_after: ownership.deleteAfter?.toISOString() ?? null,
    kind: file.kind,
    filename: file.filename,
    content_type: file.contentType,
    size_bytes: file.data.length,
    sha256,
    width: file.width,
    height: file.height,
    data: file.data,
    created_by: ownership.createdBy,
    created_at: now.toISOString(),
  });
  return { id, organisationId, kind: file.kind, filename: file.filename, contentType: file.contentType, sizeBytes: file.data.length, sha256, width: file.width, height: file.height };
}

/**
 * The owner let go of a file (replaced or removed it): it is deleted, row and bytes, in the
 * caller's transaction; or, when the owner type keeps removed files a while, marked for the
 * clean-up job and never public again. Only a file of exactly this owner is touched.
 */
export async function detachFile(db: Db, ownership: FileOwnership, fileId: string, now: Date = new Date()): Promise<void> {
  const owned = { kommunId: ownership.kommunId, ownerType: ownership.owner.type, ownerId: ownership.ownerId, fileId };
  const retainMs = ownership.owner.retainAfterDetachMs ?? 0;
  if (retainMs > 0) await markOwnedFileForDeletion(db, owned, new Date(now.getTime() + retainMs).toISOString());
  else await deleteOwnedFile(db, owned);
}

/**
 * Hands a file from one owner to another of the same kommun (a provisional upload becomes a
 * record's file): it is no longer due for deletion unless `deleteAfter` says when. Only a file of
 * exactly `from` is moved; false when it is not (gone, or another owner's).
 */
export async function reownFile(db: Db, from: FileOwnership, to: Omit<FileOwnership, 'kommunId'> & { deleteAfter?: Date }, fileId: string): Promise<boolean> {
  const moved = await reownFileRow(
    db,
    { kommunId: from.kommunId, ownerType: from.owner.type, ownerId: from.ownerId, fileId },
    { ownerType: to.owner.type, ownerId: to.ownerId, deleteAfter: to.deleteAfter?.toISOString() ?? null },
  );
  return moved === 1;
}

/** The bytes of an owner's file, to edit it (a photo blurred by staff); undefined when it is not the owner's. */
export async function readFileOf(db: Db, ownership: FileOwnership, fileId: string): Promise<Buffer | undefined> {
  return findOwnedFileData(db, { kommunId: ownership.kommunId, ownerType: ownership.owner.type, ownerId: ownership.ownerId, fileId });
}

/** The files an owner holds (without their bytes), oldest first; at most `limit`. */
export async function listFilesOf(db: Db, ownership: FileOwnership, limit = 50) {
  return listOwnedFiles(db, { kommunId: ownership.kommunId, ownerType: ownership.owner.type, ownerId: ownership.ownerId }, limit);
}

/** How a file may be answered: to everyone (cacheable), to this person only, or not at all. */
export type FileAccess = 'public' | 'staff' | 'none';

/**
 * Who may see a file, asked of its owner: everyone while the owner is public content of the
 * kommun the address names; otherwise only staff of that kommun who may read the owner.
 */
export async function decideFileAccess(
  db: Db,
  owners: FileOwners,
  file: Pick<FileForServing, 'id' | 'kommunId' | 'ownerType' | 'ownerId' | 'deleteAfter'>,
  kommunId: string,
  actor: Actor | null,
  now: Date = new Date(),
): Promise<FileAccess> {
  if (file.kommunId !== kommunId || file.ownerType === null || file.ownerId === null) return 'none';
  const owner = owners.get(file.ownerType);
  if (!owner) return 'none';
  if (file.deleteAfter !== null && file.deleteAfter <= now.toISOString()) return 'none';
  const ref = { kommunId, ownerId: file.ownerId, fileId: file.id };
  if (file.deleteAfter === null && (await owner.isPublic(db, ref))) return 'public';
  // The actor's roles are those of the kommun in the address, which is the file's kommun.
  if (actor && actor.kommunId === kommunId && (await owner.canRead(db, actor, ref))) return 'staff';
  return 'none';
}

/** One run of the clean-up: deletes due and owner-less files in batches; returns how many. */
export async function deleteDueFilesNow(db: Db, now: Date = new Date(), options: { batch?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = options.batch ?? 200;
  let deleted = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i += 1) {
    const n = await deleteDueFiles(db, now.toISOString(), batch);
    deleted += n;
    if (n < batch) break;
  }
  return deleted;
}
