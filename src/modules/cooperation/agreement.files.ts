// The documents attached to an agreement's annexes (a lokal lägesbild, a kommunikationsplan).
// files.owner_id is the id of the version the document was uploaded to; later versions copied
// from it list the same file, so it stays that version's. The public sees a document while the
// version that owns it is not a draft and still lists it; the cooperation's staff see them all
// in their kommun.
import { defineFileOwner } from '../../platform/files/index.js';
import { canReadInternal } from './cooperation.policy.js';
import { findVersionOwningFile } from './agreement.repository.js';

export const agreementAnnexOwner = defineFileOwner({
  type: 'cooperation.agreement_annex',
  isPublic: async (db, ref) => {
    const version = await findVersionOwningFile(db, ref.kommunId, ref.ownerId);
    return version !== undefined && version.status !== 'draft' && version.content.annexes.some((a) => a.document?.fileId === ref.fileId);
  },
  canRead: async (db, actor, ref) => canReadInternal(actor, ref.kommunId) && (await findVersionOwningFile(db, ref.kommunId, ref.ownerId)) !== undefined,
});
