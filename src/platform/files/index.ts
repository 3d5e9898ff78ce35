// Files: uploads (read only on routes that declare them, within size and concurrency limits,
// checked by their bytes and re-encoded) and the stored files themselves. Must not know about
// modules: whatever a module needs here goes through this index.
import { defineModule } from '../module.js';
import { filesMessages } from './files.messages.js';

export { formatBytes } from './file-size.js';
export { prepareUpload, UploadRejected, type PreparedFile, type UploadInput } from './file.service.js';
export { firstFile, readUploadForm, UploadsBusyError, UploadTooLargeError, type MultipartForm, type UploadLimits } from './multipart.js';
export { handleUploadError } from './upload.views.js';

export const filesFeature = defineModule({
  name: 'files',
  messages: filesMessages,
});
