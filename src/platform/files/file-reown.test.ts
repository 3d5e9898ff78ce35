// A provisional upload (stored with a deletion date, between the steps of a form) becomes a
// record's file by reownFile; only a file of exactly the named owner moves.
import { describe, expect, it } from 'vitest';
import { createTestContext, dialects } from '../../../test/databases.js';
import { newId } from '../db/ids.js';
import { insertOrganisation } from '../tenants/tenant.repository.js';
import { collectFileOwners, defineFileOwner } from './file-owners.js';
import { findFileForServing } from './file.repository.js';
import { decideFileAccess, deleteDueFilesNow, listFilesOf, prepareUpload, readFileOf, reownFile, storeFile } from './file.service.js';

const hour = 60 * 60 * 1000;

describe.each(dialects)('handing a provisional file to its record on %s', (dialect) => {
  it('moves a draft’s file to its record, keeps it from the clean-up, and leaves other owners’ files alone', async () => {
    const ctx = await createTestContext(dialect);
    try {
      const kommunId = newId();
      const now = new Date('2026-12-01T12:00:00.000Z');
      await insertOrganisation(ctx.db, { id: kommunId, kind: 'kommun', slug: 'utkastby', name: 'Utkastby', kommunId: null, partnerType: null, settings: {}, now: now.toISOString() });
      const draft = defineFileOwner({ type: 'test.draft', isPublic: async () => true, canRead: async () => false });
      const record = defineFileOwner({ type: 'test.record', isPublic: async () => true, canRead: async () => false });
      const owners = collectFileOwners([{ name: 'test', fileOwners: [draft, record] }]);
      const prepared = await prepareUpload('document', { filename: 'a.txt', data: Buffer.from('hej\n') });
      const draftOwnership = { kommunId, owner: draft, ownerId: 'draft-1' };
      const first = await storeFile(ctx.db, { ...draftOwnership, createdBy: null, deleteAfter: new Date(now.getTime() + 24 * hour) }, prepared, now);
      const second = await storeFile(ctx.db, { ...draftOwnership, createdBy: null, deleteAfter: new Date(now.getTime() + 24 * hour) }, prepared, new Date(now.getTime() + 1000));
      const other = await storeFile(ctx.db, { kommunId, owner: draft, ownerId: 'draft-2', createdBy: null, deleteAfter: new Date(now.getTime() + 24 * hour) }, prepared, now);

      expect((await listFilesOf(ctx.db, draftOwnership)).map((f) => f.id)).toEqual([first.id, second.id]);
      // Provisional: never public, whatever the owner says.
      expect(await decideFileAccess(ctx.db, owners, (await findFileForServing(ctx.db, first.id))!, kommunId, null, now)).toBe('none');

      expect(await reownFile(ctx.db, draftOwnership, { owner: record, ownerId: 'report-1' }, first.id)).toBe(true);
      // Not this draft's file: nothing moves.
      expect(await reownFile(ctx.db, draftOwnership, { owner: record, ownerId: 'report-1' }, other.id)).toBe(false);
      expect(await reownFile(ctx.db, { ...draftOwnership, kommunId: newId() }, { owner: record, ownerId: 'report-1' }, second.id)).toBe(false);

      const moved = (await findFileForServing(ctx.db, first.id))!;
      expect(moved).toMatchObject({ ownerType: 'test.record', ownerId: 'report-1', deleteAfter: null });
      expect(await decideFileAccess(ctx.db, owners, moved, kommunId, null, now)).toBe('public');
      expect((await readFileOf(ctx.db, { kommunId, owner: record, ownerId: 'report-1' }, first.id))?.toString()).toBe('hej\n');
      expect(await readFileOf(ctx.db, draftOwnership, first.id)).toBeUndefined();

      // A day later the clean-up takes the draft's leftovers, not the record's file.
      expect(await deleteDueFilesNow(ctx.db, new Date(now.getTime() + 25 * hour))).toBe(2);
      expect(await findFileForServing(ctx.db, first.id)).toBeDefined();
      expect(await findFileForServing(ctx.db, second.id)).toBeUndefined();
    } finally {
      await ctx.destroy();
    }
  });
});
