// A kommun owns its logo: public for as long as it is the current logo (it is on every page of
// the kommun); replacing or removing it deletes the old one.
import { defineFileOwner } from '../files/file-owners.js';
import { canManageKommun } from './tenant.policy.js';
import { findKommunById } from './tenant.repository.js';

/** files.owner_id is the kommun's id. */
export const kommunLogoOwner = defineFileOwner({
  type: 'tenants.logo',
  isPublic: async (db, ref) => ref.ownerId === ref.kommunId && (await findKommunById(db, ref.kommunId))?.settings.logoFileId === ref.fileId,
  canRead: async (_db, actor, ref) => ref.ownerId === ref.kommunId && canManageKommun(actor),
});
