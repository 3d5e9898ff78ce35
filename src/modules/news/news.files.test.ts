import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { allModules } from '../../app/modules.js';
import { createTestContext, dialects } from '../../../test/databases.js';
import { newId } from '../../platform/db/ids.js';
import { collectMigrations, migrateToLatest } from '../../platform/db/migrate.js';
import { deleteDueFilesNow } from '../../platform/files/file.service.js';

// The kernel's files migration gives files their owners; this module's migration right after it
// claims the images and attachments of content items written before owners existed.
const newMigrations = ['2026_12_02_0002_files_owners', '2026_12_02_0100_news_file_owners'];

describe.each(dialects)('news files of the old schema on %s', (dialect) => {
  it('gives news images and attachments of the old schema their owner, so the clean-up keeps them', async () => {
    // The schema of before: every migration written before these (later ones expect their schema).
    const before = Object.fromEntries(Object.entries(collectMigrations(allModules)).filter(([name]) => name < newMigrations[0]!));
    const ctx = await createTestContext(dialect, {}, { migrations: before });
    try {
      // The schema of before is not the app's Tables any more.
      const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const now = '2026-11-30T10:00:00.000Z';
      const id = { kommun: newId(), partner: newId(), other: newId(), item: newId(), logo: newId(), image: newId(), attachment: newId(), orphan: newId(), partnerFile: newId(), borrowed: newId() };
      const org = (orgId: string, kind: string, slug: string | null, kommunId: string | null, settings: object) =>
        db.insertInto('organisations').values({ id: orgId, kind, slug, name: slug ?? 'Partner', kommun_id: kommunId, settings: JSON.stringify(settings), created_at: now, updated_at: now }).execute();
      await org(id.kommun, 'kommun', 'gamla', null, { logoFileId: id.logo });
      await org(id.partner, 'partner', null, id.kommun, {});
      // Another kommun naming the first one's file as its logo gets no claim on it.
      await org(id.other, 'kommun', 'andra', null, { logoFileId: id.borrowed });
      const file = (fileId: string, organisationId: string) =>
        db
          .insertInto('files')
          .values({ id: fileId, organisation_id: organisationId, kind: 'document', filename: 'a.txt', content_type: 'text/plain', size_bytes: 4, sha256: 'x', data: Buffer.from('hej\n'), created_at: now })
          .execute();
      for (const fileId of [id.logo, id.image, id.attachment, id.orphan, id.borrowed]) await file(fileId, id.kommun);
      await file(id.partnerFile, id.partner);
      await db
        .insertInto('content_items')
        .values({ id: id.item, kommun_id: id.kommun, kind: 'news', slug: 'gammal', title: 'Gammal', image_file_id: id.image, status: 'published', content_updated_at: now, created_at: now, updated_at: now })
        .execute();
      await db.insertInto('content_attachments').values({ id: newId(), content_id: id.item, file_id: id.attachment, title: 'Bilaga', position: 0 }).execute();

      await migrateToLatest(ctx.db, collectMigrations(allModules));

      const rows = await ctx.db.selectFrom('files').select(['id', 'kommun_id', 'owner_type', 'owner_id', 'delete_after']).execute();
      const byId = new Map(rows.map((r) => [r.id, { kommun: r.kommun_id, type: r.owner_type, owner: r.owner_id, deleteAfter: r.delete_after }]));
      expect(byId.get(id.logo)).toEqual({ kommun: id.kommun, type: 'tenants.logo', owner: id.kommun, deleteAfter: null });
      expect(byId.get(id.image)).toEqual({ kommun: id.kommun, type: 'news.image', owner: id.item, deleteAfter: null });
      expect(byId.get(id.attachment)).toEqual({ kommun: id.kommun, type: 'news.attachment', owner: id.item, deleteAfter: null });
      expect(byId.get(id.orphan)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });
      expect(byId.get(id.partnerFile)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });
      expect(byId.get(id.borrowed)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });

      expect(await deleteDueFilesNow(ctx.db, new Date(), { batch: 2 })).toBe(3);
      const left = await ctx.db.selectFrom('files').select('id').orderBy('id').execute();
      expect(left.map((r) => r.id).sort()).toEqual([id.logo, id.image, id.attachment].sort());
    } finally {
      await ctx.destroy();
    }
  });

});
