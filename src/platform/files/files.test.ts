import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testModules } from '../../../test/modules.js';
import { collectMigrations } from '../db/migrate.js';
import { createTestContext, dialects } from '../../../test/databases.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { newId } from '../db/ids.js';
import { migrateToLatest } from '../db/migrate.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { collectFileOwners, defineFileOwner } from './file-owners.js';
import { findFileForServing } from './file.repository.js';
import { kernelFeatures } from '../features.js';
import { decideFileAccess, deleteDueFilesNow, detachFile, prepareUpload, storeFile } from './file.service.js';

const day = 24 * 60 * 60 * 1000;
const filesOwnersMigration = '2026_12_02_0002_files_owners';

function reader(ctx: AppContext, kommunId: string): Actor {
  return { userId: 'reader', name: 'Läsaren', email: 'l@example.org', isPlatformAdmin: false, kommunId, roles: [], grants: ctx.registry.grants };
}

describe.each(dialects)('stored files and their owners on %s', (dialect) => {
  it('gives every file of the old schema its kommun and owner, and the clean-up deletes what nobody owns', async () => {
    const before = Object.fromEntries(Object.entries(collectMigrations(testModules)).filter(([name]) => name < filesOwnersMigration));
    const ctx = await createTestContext(dialect, {}, { migrations: before });
    try {
      // The schema of before is not the app's Tables any more.
      const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const now = '2026-11-30T10:00:00.000Z';
      const id = { kommun: newId(), partner: newId(), other: newId(), logo: newId(), orphan: newId(), partnerFile: newId(), borrowed: newId() };
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
      for (const fileId of [id.logo, id.orphan, id.borrowed]) await file(fileId, id.kommun);
      await file(id.partnerFile, id.partner);

      await migrateToLatest(ctx.db, collectMigrations(testModules));

      const rows = await ctx.db.selectFrom('files').select(['id', 'kommun_id', 'owner_type', 'owner_id', 'delete_after']).execute();
      const byId = new Map(rows.map((r) => [r.id, { kommun: r.kommun_id, type: r.owner_type, owner: r.owner_id, deleteAfter: r.delete_after }]));
      expect(byId.get(id.logo)).toEqual({ kommun: id.kommun, type: 'tenants.logo', owner: id.kommun, deleteAfter: null });
      expect(byId.get(id.orphan)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });
      expect(byId.get(id.partnerFile)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });
      expect(byId.get(id.borrowed)).toEqual({ kommun: id.kommun, type: null, owner: null, deleteAfter: null });

      expect(await deleteDueFilesNow(ctx.db, new Date(), { batch: 2 })).toBe(3);
      const left = await ctx.db.selectFrom('files').select('id').orderBy('id').execute();
      expect(left.map((r) => r.id)).toEqual([id.logo]);
    } finally {
      await ctx.destroy();
    }
  });

  it('keeps a file its owner let go of out of public view for the owner’s retention, then deletes it', async () => {
    const ctx = await createTestContext(dialect);
    try {
      const kommunId = newId();
      const otherKommunId = newId();
      const now = new Date('2026-12-01T12:00:00.000Z');
      for (const [orgId, slug] of [
        [kommunId, 'evidensby'],
        [otherKommunId, 'grannby'],
      ] as const) {
        await insertOrganisation(ctx.db, { id: orgId, kind: 'kommun', slug, name: slug, kommunId: null, partnerType: null, settings: {}, now: now.toISOString() });
      }
      const evidence = defineFileOwner({
        type: 'test.evidence',
        isPublic: async () => true,
        canRead: async (_db, actor) => actor.userId === 'reader',
        retainAfterDetachMs: 30 * day,
      });
      const owners = collectFileOwners([{ name: 'test', fileOwners: [evidence] }]);
      const prepared = await prepareUpload('document', { filename: 'protokoll.txt', data: Buffer.from('Protokoll\n') });
      const ownership = { kommunId, owner: evidence, ownerId: 'walk-1' };
      const stored = await storeFile(ctx.db, { ...ownership, createdBy: null }, prepared, now);
      const decide = async (address: string, actor: Actor | null, at = now) => decideFileAccess(ctx.db, owners, (await findFileForServing(ctx.db, stored.id))!, address, actor, at);

      expect(await decide(kommunId, null)).toBe('public');
      expect(await decide(otherKommunId, null)).toBe('none');

      // Another owner's letting go touches nothing.
      await detachFile(ctx.db, { ...ownership, ownerId: 'walk-2' }, stored.id, now);
      expect((await findFileForServing(ctx.db, stored.id))?.deleteAfter).toBeNull();

      await detachFile(ctx.db, ownership, stored.id, now);
      expect(await decide(kommunId, null)).toBe('none');
      expect(await decide(kommunId, reader(ctx, kommunId))).toBe('staff');
      expect(await decide(kommunId, reader(ctx, otherKommunId))).toBe('none');
      expect(await decideFileAccess(ctx.db, owners, (await findFileForServing(ctx.db, stored.id))!, kommunId, reader(ctx, kommunId), new Date(now.getTime() + 31 * day))).toBe('none');

      expect(await deleteDueFilesNow(ctx.db, new Date(now.getTime() + 29 * day))).toBe(0);
      expect(await deleteDueFilesNow(ctx.db, new Date(now.getTime() + 31 * day))).toBe(1);
      expect(await findFileForServing(ctx.db, stored.id)).toBeUndefined();
    } finally {
      await ctx.destroy();
    }
  });
});

describe('file owner types', () => {
  const owner = (type: string) => defineFileOwner({ type, isPublic: async () => false, canRead: async () => false });

  it('refuses a type declared twice, and one not named after its module', () => {
    expect(() => collectFileOwners([{ name: 'news', fileOwners: [owner('news.image')] }, { name: 'news2', fileOwners: [owner('news.image')] }])).toThrow(/declared twice/);
    expect(() => collectFileOwners([{ name: 'reports', fileOwners: [owner('news.photo')] }])).toThrow(/must start with "reports\."/);
    expect([...collectFileOwners(kernelFeatures).keys()]).toEqual(['tenants.logo']);
  });
});
