// The files follow-up entries own: photos and documents as evidence. The public sees those of
// entries the public sees (public entries of public plans and published löften); the
// cooperation's staff see them all in their kommun. files.owner_id is the entry's id.
import type { Actor } from '../../platform/auth/index.js';
import { defineFileOwner } from '../../platform/files/index.js';
import { canReadInternal } from './cooperation.policy.js';
import { isFileOfEntry, isFileOfPublicEntry } from './entry.repository.js';

export const entryFileOwner = defineFileOwner({
  type: 'cooperation.entry_file',
  isPublic: (db, ref) => isFileOfPublicEntry(db, ref.kommunId, ref.ownerId, ref.fileId),
  canRead: async (db, actor: Actor, ref) => canReadInternal(actor, ref.kommunId) && (await isFileOfEntry(db, ref.kommunId, ref.ownerId, ref.fileId)),
});
