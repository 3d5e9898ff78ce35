// The files news items own: the main image and the attachments ("Mer information"). Anyone may
// see them while the item is published; staff who may read drafts may see them in the item's
// kommun. Replacing or removing one deletes it at once (no retention: news keeps no evidence).
import type { Actor } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/database.js';
import { defineFileOwner, type FileOwnerRef } from '../../platform/files/index.js';
import { contentReader } from './news.policy.js';
import { findContentForReader, isAttachmentOfPublishedItem, isImageOfPublishedItem } from './news.repository.js';

async function staffMayRead(db: Db, actor: Actor, ref: FileOwnerRef): Promise<boolean> {
  const reader = contentReader(actor, ref.kommunId);
  return reader.seesDrafts && (await findContentForReader(db, reader, ref.ownerId)) !== undefined;
}

/** files.owner_id is the content item's id. */
export const newsImageOwner = defineFileOwner({
  type: 'news.image',
  isPublic: (db, ref) => isImageOfPublishedItem(db, ref.kommunId, ref.ownerId, ref.fileId),
  canRead: staffMayRead,
});

/** files.owner_id is the content item's id (not the attachment row's), like the image's. */
export const newsAttachmentOwner = defineFileOwner({
  type: 'news.attachment',
  isPublic: (db, ref) => isAttachmentOfPublishedItem(db, ref.kommunId, ref.ownerId, ref.fileId),
  canRead: staffMayRead,
});
