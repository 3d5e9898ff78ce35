// Turns the staff editor's multipart post into what the service takes. Every problem is gathered
// (text fields, each upload) so the person sees them all at once, and uploads are checked and
// re-encoded here, before any transaction starts: a refused file can never leave half a record.
import { UploadRejected, prepareUpload, type PreparedFile, type UploadInput } from '../../platform/files/file.service.js';
import { firstFile, type MultipartForm } from '../../platform/files/multipart.js';
import { ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { formValues, parseInput } from '../../platform/http/forms.js';
import { attachmentSlots, contentFormExtrasSchema, contentInputSchema, newContentInputSchema, type NewContentInput } from './news.schemas.js';
import type { ContentFiles } from './news.service.js';

export interface ContentSubmission {
  /** With the chosen publisher when the item is new. */
  input: NewContentInput;
  files: ContentFiles & { removeImage: boolean; removeAttachmentIds: string[] };
}

export interface ContentFormResult {
  /** What the person typed, for re-rendering after an error (never the files). */
  values: Record<string, string>;
  /** Attachment ids ticked for removal, to keep the ticks after an error. */
  removeAttachmentIds: string[];
  /** Files were sent; after an error they must be chosen again, and the form says so. */
  filesSent: boolean;
  submission?: ContentSubmission;
  errors: FieldErrors;
}

function collect(errors: FieldErrors, parse: () => void): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [name, message] of Object.entries(error.fields)) errors[name] ??= message;
  }
}

async function prepare(kind: 'image' | 'document', upload: UploadInput, field: string, errors: FieldErrors): Promise<PreparedFile | undefined> {
  try {
    return await prepareUpload(kind, upload);
  } catch (error) {
    if (!(error instanceof UploadRejected)) throw error;
    errors[field] = error.problem;
    return undefined;
  }
}

/** Checks the editor's form, as read by readUploadForm; a new item's form also names its publisher. */
export async function readContentForm(form: MultipartForm, options: { isNew: boolean }): Promise<ContentFormResult> {
  const values = formValues(form.fields);
  const errors: FieldErrors = {};

  let input: NewContentInput | undefined;
  let extras: ReturnType<typeof contentFormExtrasSchema.parse> | undefined;
  collect(errors, () => {
    input = parseInput(options.isNew ? newContentInputSchema : contentInputSchema, form.fields);
  });
  collect(errors, () => {
    extras = parseInput(contentFormExtrasSchema, form.fields);
  });
  const removeAttachmentIds = extras?.removeAttachment ?? [];
  const filesSent = Object.keys(form.files).length > 0;

  const imageUpload = firstFile(form, 'image');
  const image = imageUpload ? await prepare('image', imageUpload, 'image', errors) : undefined;

  const attachments: { file: PreparedFile; title: string }[] = [];
  for (const slot of attachmentSlots) {
    const upload = firstFile(form, slot.file);
    const title = extras ? String((extras as Record<string, unknown>)[slot.title] ?? '') : '';
    if (!upload) {
      // A title without a file is most likely a forgotten file, not an intention.
      if (title !== '') errors[slot.file] ??= 'news.attachmentFileMissing';
      continue;
    }
    const file = await prepare('document', upload, slot.file, errors);
    if (file) attachments.push({ file, title });
  }

  if (Object.keys(errors).length > 0 || !input || !extras) return { values, removeAttachmentIds, filesSent, errors };
  return {
    values,
    removeAttachmentIds,
    filesSent,
    errors,
    submission: { input, files: { image, attachments, removeImage: extras.removeImage, removeAttachmentIds } },
  };
}
