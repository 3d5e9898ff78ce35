// The only file with SQL for stored files.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { FileTable, Tables } from '../db/tables.js';

export interface StoredFile {
  id: string;
  organisationId: string;
  kind: FileTable['kind'];
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
}

/** What deciding about and answering a request for a file needs, without its bytes. */
export interface FileForServing extends StoredFile {
  kommunId: string | null;
  kommunSlug: string | null;
  ownerType: string | null;
  ownerId: string | null;
  deleteAfter: string | null;
}

export async function insertFile(db: Db, row: FileTable): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

export async function findFileForServing(db: Db, id: string): Promise<FileForServing | undefined> {
  const row = await db
    .selectFrom('files')
    .leftJoin('organisations', 'organisations.id', 'files.kommun_id')
    .select([
      'files.id',
      'files.organisation_id',
      'files.kind',
      'files.filename',
      'files.content_type',
      'files.size_bytes',
      'files.sha256',
      'files.width',
      'files.height',
      'files.kommun_id',
      'files.owner_type',
      'files.owner_id',
      'files.delete_after',
      'organisations.slug',
    ])
    .where('files.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toStoredFile(row), kommunId: row.kommun_id, kommunSlug: row.slug, ownerType: row.owner_type, ownerId: row.owner_id, deleteAfter: row.delete_after };
}

export async function findFileData(db: Db, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('files').select('data').where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.data) : undefined;
}

export interface OwnedFile {
  kommunId: string;
  ownerType: string;
  ownerId: string;
  fileId: string;
}

/** The one file of this owner in this kommun: a caller can never touch another owner's file. */
function ownedBy(owned: OwnedFile) {
  return (eb: ExpressionBuilder<Tables, 'files'>) =>
    eb.and([eb('id', '=', owned.fileId), eb('kommun_id', '=', owned.kommunId), eb('owner_type', '=', owned.ownerType), eb('owner_id', '=', owned.ownerId)]);
}

/** Deletes one owner's file (the row is the bytes); 0 when it is not that owner's. */
export async function deleteOwnedFile(db: Db, owned: OwnedFile): Promise<number> {
  const result = await db.deleteFrom('files').where(ownedBy(owned)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function markOwnedFileForDeletion(db: Db, owned: OwnedFile, deleteAfter: string): Promise<number> {
  const result = await db.updateTable('files').set({ delete_after: deleteAfter }).where(ownedBy(owned)).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Hands one owner's file to another owner in the same kommun, and clears or sets when it is due
 * for deletion; 0 when the file is not `from`'s (so nobody can take another owner's file).
 */
export async function reownFileRow(db: Db, from: OwnedFile, to: { ownerType: string; ownerId: string; deleteAfter: string | null }): Promise<number> {
  const result = await db.updateTable('files').set({ owner_type: to.ownerType, owner_id: to.ownerId, delete_after: to.deleteAfter }).where(ownedBy(from)).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The bytes of one owner's file; undefined when it is not that owner's. */
export async function findOwnedFileData(db: Db, owned: OwnedFile): Promise<Buffer | undefined> {
  const row = await db.selectFrom('files').select('data').where(ownedBy(owned)).executeTakeFirst();
  return row ? Buffer.from(row.data) : undefined;
}

/** The files of one owner in a kommun, oldest first (files_owner_idx). */
export async function listOwnedFiles(db: Db, owner: Omit<OwnedFile, 'fileId'>, limit: number): Promise<(StoredFile & { createdAt: string; deleteAfter: string | null })[]> {
  const rows = await db
    .selectFrom('files')
    .select(['id', 'organisation_id', 'kind', 'filename', 'content_type', 'size_bytes', 'sha256', 'width', 'height', 'created_at', 'delete_after'])
    .where('owner_type', '=', owner.ownerType)
    .where('owner_id', '=', owner.ownerId)
    .where('kommun_id', '=', owner.kommunId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...toStoredFile(row), createdAt: row.created_at, deleteAfter: row.delete_after }));
}

/**
 * Deletes up to `limit` files that are due: kept past their delete_after, or without an owner
 * (from before files had owners). Walks files_delete_after_idx and files_owner_idx.
 */
export async function deleteDueFiles(db: Db, now: string, limit: number): Promise<number> {
  const due = await db
    .selectFrom('files')
    .select('id')
    .where((eb) => eb.or([eb('delete_after', '<=', now), eb('owner_type', 'is', null)]))
    .limit(limit)
    .execute();
  if (due.length === 0) return 0;
  const result = await db
    .deleteFrom('files')
    .where(
      'id',
      'in',
      due.map((r) => r.id),
    )
    .where((eb) => eb.or([eb('delete_after', '<=', now), eb('owner_type', 'is', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toStoredFile(row: Pick<FileTable, 'id' | 'organisation_id' | 'kind' | 'filename' | 'content_type' | 'size_bytes' | 'sha256' | 'width' | 'height'>): StoredFile {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    kind: row.kind,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    width: row.width,
    height: row.height,
  };
}
