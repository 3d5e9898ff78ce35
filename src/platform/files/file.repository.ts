import type { Db } from '../db/database.js';
import type { FileTable } from '../db/tables.js';

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

export async function insertFile(db: Db, row: FileTable): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

export async function findFileForServing(db: Db, id: string): Promise<(StoredFile & { data: Buffer }) | undefined> {
  const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...toStoredFile(row), data: Buffer.from(row.data) };
}

export async function findFilesByIds(db: Db, ids: string[]): Promise<StoredFile[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('files')
    .select(['id', 'organisation_id', 'kind', 'filename', 'content_type', 'size_bytes', 'sha256', 'width', 'height'])
    .where('id', 'in', ids)
    .execute();
  return rows.map(toStoredFile);
}

function toStoredFile(row: Omit<FileTable, 'data' | 'created_by' | 'created_at'>): StoredFile {
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
