// Reading an upload form. Only routes that declare `config: { upload: { maxFiles } }` accept a
// multipart body: the kernel answers 415 everywhere else before reading it, and leaves the CSRF
// check of an upload to this function. A handler calls readUploadForm only after its own
// permission check, so nobody without the right to upload makes the server read the body.
// In order, before any file byte is read: the declared length against the request cap, the CSRF
// token (the x-csrf-token header, or else the first part, which must be the _csrf field), and an
// upload slot of this instance; then the parts, with per-file, per-request and count limits.
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError, CsrfError, PayloadTooLargeError, TooManyRequestsError } from '../http/errors.js';
import { csrfTokenMatches, isMultipartRequest } from '../http/kernel.plugin.js';
import type { UploadInput } from './file.service.js';

/** What an upload route declares in its route config. */
export interface UploadLimits {
  /** File parts one form may carry. */
  maxFiles: number;
  /** Bytes one request may carry, all parts together; at most UPLOAD_MAX_REQUEST_BYTES. */
  maxBytes?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the few routes that take files: they alone accept multipart bodies. */
    upload?: UploadLimits;
  }
}

export const uploadFieldLimits = {
  /** Text parts besides the files; the news editor sends about 40 at most. */
  fields: 100,
  /** Bytes of one text part, as for an url-encoded form (bodyLimitBytes). */
  fieldBytes: 256 * 1024,
} as const;

export class UploadTooLargeError extends PayloadTooLargeError {
  /**
   * The text fields read before the refusal (those placed before the files in the form), so a
   * route can show its form again with what was typed; absent when nothing was read.
   */
  fieldsRead?: Record<string, string | string[]>;
  constructor(
    readonly limitBytes: number,
    readonly scope: 'file' | 'request',
  ) {
    super(scope === 'file' ? 'upload.fileTooLarge' : 'upload.requestTooLarge');
  }
}

export class UploadsBusyError extends TooManyRequestsError {
  constructor() {
    super(5, 'upload.busy');
  }
}

/** A body that is not well-formed multipart (cut off, no boundary, broken part headers). */
export class MalformedUploadError extends AppError {
  readonly status = 400;
  readonly code = 'bad_request';
  constructor() {
    super('errors.badRequest');
  }
}

export interface MultipartForm {
  /** Text fields; a repeated name (checkbox group) becomes an array. */
  fields: Record<string, string | string[]>;
  /** Non-empty file parts by field name, read into memory within the limits. */
  files: Record<string, UploadInput[]>;
}

/**
 * Reads the form of an upload route. An url-encoded or JSON body (a browser that dropped the
 * enctype, a script) was already parsed and CSRF-checked by the kernel; it is returned as fields.
 * A file input left empty arrives as a part without a name and bytes (browsers send
 * filename=""): it is dropped, so "no file chosen" means the name is absent from `files`.
 */
export async function readUploadForm(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): Promise<MultipartForm> {
  const limits = request.routeOptions.config.upload;
  if (!limits) throw new Error(`readUploadForm on ${request.routeOptions.url ?? '?'}, which declares no config.upload`);
  if (!isMultipartRequest(request)) return { fields: plainFields(request.body), files: {} };

  const maxBytes = Math.min(limits.maxBytes ?? Infinity, ctx.config.uploadMaxRequestBytes);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new UploadTooLargeError(maxBytes, 'request');
  const header = request.headers['x-csrf-token'];
  const tokenInHeader = header !== undefined;
  if (tokenInHeader && !csrfTokenMatches(ctx, request, header)) throw new CsrfError();

  const parts = request.parts({
    limits: {
      fileSize: ctx.config.uploadMaxBytes,
      files: limits.maxFiles,
      fields: uploadFieldLimits.fields,
      fieldSize: uploadFieldLimits.fieldBytes,
      parts: limits.maxFiles + uploadFieldLimits.fields,
    },
  });
  const form: MultipartForm = { fields: {}, files: {} };
  // Past a limit, busboy goes on reading the body to discard it, as fast as it arrives; a
  // refused upload stops the reading at once (and the answer closes the connection).
  const stopReading = () => {
    request.raw.unpipe();
    request.raw.pause();
  };
  const budget = { left: maxBytes, maxBytes, maxFileBytes: ctx.config.uploadMaxBytes, stopReading };
  let slotTaken = false;
  const takeSlot = async () => {
    const release = await ctx.uploadSlots.acquire(ctx.config.uploadSlotWaitMs);
    if (!release) throw new UploadsBusyError();
    // The files stay in memory until the answer has gone out (the handler checks and stores
    // them), so the slot is held until then, or until the client goes away.
    if (reply.raw.destroyed) release();
    else reply.raw.once('close', release);
    slotTaken = true;
  };

  if (tokenInHeader) await takeSlot();
  try {
    for await (const part of parts) {
      if (!slotTaken) {
        // The first part must prove the form came from our page before anything else is read.
        if (part.type !== 'field' || part.fieldname !== '_csrf' || !csrfTokenMatches(ctx, request, part.value)) throw new CsrfError();
        await takeSlot();
        continue;
      }
      await readPart(part, form, budget);
    }
  } catch (error) {
    stopReading();
    // Ours, or the plugin's own 4xx (too many files or fields); anything else is busboy saying
    // the body is not multipart as it should be: the sender's fault.
    const status = (error as { statusCode?: unknown }).statusCode;
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw Object.assign(new UploadTooLargeError(budget.maxFileBytes, 'file'), { fieldsRead: form.fields });
    if (error instanceof UploadTooLargeError) error.fieldsRead = form.fields;
    if (error instanceof AppError || (typeof status === 'number' && status >= 400 && status < 500)) throw error;
    throw new MalformedUploadError();
  }
  // With no parts at all, there was no token either.
  if (!slotTaken) throw new CsrfError();
  return form;
}

/** Adds one part to the form, counting its bytes against what the request may still carry. */
async function readPart(part: Multipart, form: MultipartForm, budget: { left: number; maxBytes: number; maxFileBytes: number; stopReading: () => void }): Promise<void> {
  const spend = (bytes: number) => {
    budget.left -= bytes;
    if (budget.left < 0) throw new UploadTooLargeError(budget.maxBytes, 'request');
  };
  if (part.type === 'field') {
    // Busboy cuts a longer value silently; saving half a text is worse than refusing it.
    if (part.valueTruncated) throw new PayloadTooLargeError();
    const value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
    spend(Buffer.byteLength(value) + Buffer.byteLength(part.fieldname));
    if (part.fieldname !== '_csrf') addField(form, part.fieldname, value);
    return;
  }
  const data = await readFile(part.file, spend, budget);
  if (data.length > 0 || part.filename) (form.files[part.fieldname] ??= []).push({ filename: part.filename, data });
}

/**
 * Reads one file part. Past the per-file limit busboy stops handing over bytes but goes on
 * reading (and discarding) the rest of the part, so its 'limit' event, not the end of the
 * stream, is where a too large file is refused; destroying the stream stops the reading.
 */
function readFile(file: MultipartFile['file'], spend: (bytes: number) => void, limits: { maxFileBytes: number; stopReading: () => void }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const fail = (error: unknown) => {
      limits.stopReading();
      file.removeAllListeners('data');
      file.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    file.on('data', (chunk: Buffer) => {
      try {
        spend(chunk.length);
        chunks.push(chunk);
      } catch (error) {
        fail(error);
      }
    });
    const tooLarge = () => fail(new UploadTooLargeError(limits.maxFileBytes, 'file'));
    // A large chunk may have crossed the limit before this part reached us.
    if (file.truncated) return tooLarge();
    file.once('limit', tooLarge);
    file.once('error', fail);
    file.once('end', () => (file.truncated ? tooLarge() : resolve(Buffer.concat(chunks))));
  });
}

function plainFields(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (!body || typeof body !== 'object') return fields;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    if (Array.isArray(value)) fields[name] = value.filter((v) => typeof v === 'string');
    else if (typeof value === 'string') fields[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fields[name] = String(value);
  }
  return fields;
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
