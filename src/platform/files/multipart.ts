// @fastify/multipart runs with attachFieldsToBody: true, so a multipart request.body holds part
// objects ({ value } for text, { toBuffer(), filename } for files), arrays when a name repeats.
// Routes want plain values: this turns such a body into strings + files in one place, so schemas,
// formValues() and CSRF handling see the same shape as for an urlencoded form.
import type { UploadInput } from './file.service.js';

export interface MultipartForm {
  /** Text fields; a repeated name (checkbox group) becomes an array. */
  fields: Record<string, string | string[]>;
  /** Non-empty file parts by field name, already read into memory (the size limit has been applied). */
  files: Record<string, UploadInput[]>;
}

interface FieldPart {
  type: 'field';
  value: unknown;
}

interface FilePart {
  type: 'file';
  filename?: string;
  toBuffer(): Promise<Buffer>;
}

function isFieldPart(part: unknown): part is FieldPart {
  return typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'field';
}

function isFilePart(part: unknown): part is FilePart {
  return typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'file' && typeof (part as { toBuffer?: unknown }).toBuffer === 'function';
}

/**
 * Reads a multipart body. An urlencoded body (a browser that dropped the enctype, or a test) is
 * passed through as fields. A file input left empty arrives as a part without a name and bytes;
 * (browsers send filename=""; some clients omit the name) it is dropped here, so "no file chosen" means the name is absent from `files`.
 */
export async function readMultipartForm(body: unknown): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, files: {} };
  if (!body || typeof body !== 'object') return form;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    const parts = Array.isArray(raw) ? raw : [raw];
    for (const part of parts) {
      if (typeof part === 'string') {
        addField(form, name, part);
      } else if (isFieldPart(part)) {
        addField(form, name, typeof part.value === 'string' ? part.value : String(part.value ?? ''));
      } else if (isFilePart(part)) {
        const data = await part.toBuffer();
        if (data.length === 0 && !part.filename) continue;
        (form.files[name] ??= []).push({ filename: part.filename ?? '', data });
      }
    }
  }
  return form;
}

function addField(form: MultipartForm, name: string, value: string): void {
  const existing = form.fields[name];
  if (existing === undefined) form.fields[name] = value;
  else form.fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** The first file sent under `name`, if any. */
export function firstFile(form: MultipartForm, name: string): UploadInput | undefined {
  return form.files[name]?.[0];
}
