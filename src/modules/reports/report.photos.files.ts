// The file owners of report photos. A photo between the review and the send of the form belongs
// to a draft (a random id carried, signed, in the form): never public, nobody else reads it, and
// the files clean-up deletes it after a day unless the report takes it over. A sent photo
// belongs to its report_photos row: public only while staff have published it and the report
// is published; staff who reach the report may see it (and its kept original) meanwhile.
import { defineFileOwner } from '../../platform/files/index.js';
import { reportReader } from './report.policy.js';
import { findPhotoForReader, isPhotoFilePublic } from './report.photos.repository.js';

export const pendingPhotoOwner = defineFileOwner({
  type: 'reports.photo_pending',
  isPublic: async () => false,
  canRead: async () => false,
});

export const photoOwner = defineFileOwner({
  type: 'reports.photo',
  isPublic: (db, ref) => isPhotoFilePublic(db, ref.kommunId, ref.ownerId, ref.fileId),
  canRead: async (db, actor, ref) => {
    const photo = await findPhotoForReader(db, reportReader(actor, ref.kommunId), ref.ownerId);
    return photo !== undefined && (photo.file_id === ref.fileId || photo.original_file_id === ref.fileId);
  },
});

export const reportFileOwners = [pendingPhotoOwner, photoOwner] as const;
