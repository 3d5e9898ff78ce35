// Files: uploads (read only on routes that declare them, within size and concurrency limits,
// checked by their bytes and re-encoded) and stored files, each owned by a record of a module
// that decides who may see it (file-owners.ts), served at /{kommun}/filer/{id} and deleted when
// its owner lets go of it. Must not know about modules: they declare `fileOwners` in their
// manifests and use what this index exports.
import { defineModule } from '../module.js';
import * as filesOwners from './migrations/2026_12_02_0002_files_owners.js';
import { filesMessages } from './files.messages.js';
import { registerFileRoutes } from './file.routes.js';
import { deleteDueFilesNow } from './file.service.js';

export { formatBytes } from './file-size.js';
export { defineFileOwner, type FileOwnerRef, type FileOwnerType } from './file-owners.js';
export { fileUrl } from './file-url.js';
export { detachFile, listFilesOf, prepareUpload, readFileOf, reownFile, storeFile, UploadRejected, type FileOwnership, type PreparedFile, type UploadInput } from './file.service.js';
export { firstFile, readUploadForm, UploadsBusyError, UploadTooLargeError, type MultipartForm, type UploadLimits } from './multipart.js';
export { handleUploadError } from './upload.views.js';

export const filesFeature = defineModule({
  name: 'files',
  migrations: { '2026_12_02_0002_files_owners': filesOwners },
  messages: filesMessages,
  routes: registerFileRoutes,
  jobs: [
    {
      name: 'files.cleanup',
      everyMs: 10 * 60_000,
      run: async (ctx) => {
        const deleted = await deleteDueFilesNow(ctx.db);
        if (deleted > 0) ctx.logger.info({ deleted }, 'deleted files removed from their owners');
      },
    },
  ],
});
