// Turns the staff pages' form posts into what the services take. Every problem is gathered so the
// person sees them all at once; the values they typed come back for the page to show again. The
// löfte form's numbered slots ("items.0.text") become the nested shape the schema reads, and the
// follow-up form's files are checked and re-encoded here, before any transaction starts.
import type { z } from 'zod';
import { UploadRejected, firstFile, prepareUpload, type MultipartForm } from '../../platform/files/index.js';
import { ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { formValues, type PostedFields } from '../../platform/http/forms.js';
import { parseInput } from '../../platform/http/forms.js';
import { entryInputSchema, lockVersion as lockVersionSchema, type EntryInput } from './cooperation.schemas.js';
import type { EntryFile } from './entry.service.js';
import type { IndicatorRow } from './indicator.repository.js';
import { promiseInputSchema, promiseLimits, type PromiseInput } from './promise.schemas.js';

export type Fields = PostedFields;

export interface FormResult<T> {
  /** What the person typed, for showing the form again (repeated fields joined by newlines). */
  values: Record<string, string>;
  errors: FieldErrors;
  data?: T;
  /** The version the form was loaded with (edit forms). */
  lockVersion?: number;
}

/** Slots the löfte form offers; empty slots are left out of what is saved. */
export const promiseItemSlots = 6;
export const signatorySlots = 4;
export const entryFileSlots = [1, 2, 3] as const;

export function collectErrors(errors: FieldErrors, parse: () => void): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [name, message] of Object.entries(error.fields)) errors[name] ??= message;
  }
}

/** The hidden lockVersion of an edit or action form; a missing or garbled one is a form error. */
export function readLockVersion(fields: Fields, errors: FieldErrors = {}): number | undefined {
  const parsed = lockVersionSchema().safeParse(fields.lockVersion);
  if (parsed.success) return parsed.data;
  errors._form ??= 'cooperation.staff.errors.lockVersion';
  return undefined;
}

/** Parses a flat form with a schema; with `edit`, the hidden lockVersion too. */
export function readForm<S extends z.ZodType>(schema: S, fields: Fields, options: { edit?: boolean } = {}): FormResult<z.output<S>> {
  const errors: FieldErrors = {};
  let data: z.output<S> | undefined;
  collectErrors(errors, () => {
    data = parseInput(schema, fields);
  });
  const lockVersion = options.edit ? readLockVersion(fields, errors) : undefined;
  const result: FormResult<z.output<S>> = { values: formValues(fields), errors };
  if (lockVersion !== undefined) result.lockVersion = lockVersion;
  if (Object.keys(errors).length === 0 && data !== undefined) result.data = data;
  return result;
}

const field = (fields: Fields, name: string): string => {
  const value = fields[name];
  return typeof value === 'string' ? value : '';
};
const list = (fields: Fields, name: string): string[] => {
  const value = fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : value === '' ? [] : [value];
};

/**
 * The löfte form: numbered item and signatory slots become arrays. A slot left wholly empty is
 * not a promise; its index in the saved list differs from the slot's, so errors are mapped back.
 */
export function readPromiseForm(fields: Fields, options: { edit: boolean }): FormResult<PromiseInput> {
  const errors: FieldErrors = {};
  const itemSlots: number[] = [];
  const items = [];
  for (let slot = 0; slot < promiseLimits.items; slot += 1) {
    const text = field(fields, `items.${slot}.text`);
    const activityIds = list(fields, `items.${slot}.activityIds`);
    if (text.trim() === '' && activityIds.length === 0) continue;
    itemSlots.push(slot);
    items.push({ party: field(fields, `items.${slot}.party`), text, activityIds });
  }
  const signatorySlotsUsed: number[] = [];
  const signatories = [];
  for (let slot = 0; slot < signatorySlots; slot += 1) {
    const role = field(fields, `signatories.${slot}.role`);
    const organisation = field(fields, `signatories.${slot}.organisation`);
    if (role.trim() === '' && organisation.trim() === '') continue;
    signatorySlotsUsed.push(slot);
    signatories.push({ role, organisation });
  }
  const input = {
    title: field(fields, 'title'),
    slug: field(fields, 'slug'),
    periodStart: field(fields, 'periodStart'),
    periodEnd: field(fields, 'periodEnd'),
    changeNote: field(fields, 'changeNote'),
    situation: field(fields, 'situation'),
    expectedEffect: field(fields, 'expectedEffect'),
    followUp: field(fields, 'followUp'),
    items,
    signatories,
  };
  let data: PromiseInput | undefined;
  collectErrors(errors, () => {
    data = parseInput(promiseInputSchema, input);
  });
  const mapped = mapSlotErrors(errors, { items: itemSlots, signatories: signatorySlotsUsed });
  const lockVersion = options.edit ? readLockVersion(fields, mapped) : undefined;
  const result: FormResult<PromiseInput> = { values: formValues(fields), errors: mapped };
  if (lockVersion !== undefined) result.lockVersion = lockVersion;
  if (Object.keys(mapped).length === 0 && data) result.data = data;
  return result;
}

/** "items.1.text" of the saved list → the form slot it came from ("items.3.text"). */
export function mapSlotErrors(errors: FieldErrors, slots: Record<string, readonly number[]>): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [name, message] of Object.entries(errors)) {
    const match = /^(items|signatories)\.(\d+)\.(.+)$/.exec(name);
    const slot = match ? slots[match[1]!]?.[Number(match[2])] : undefined;
    mapped[match && slot !== undefined ? `${match[1]}.${slot}.${match[3]}` : name] = message;
  }
  return mapped;
}

/** Stored promise content → the form's slot fields, for showing a saved draft or a conflict. */
export function promiseFormValues(v: { title: string; slug: string; periodStart: string; periodEnd: string; changeNote: string; content: PromiseInput | Omit<PromiseInput, 'title' | 'slug' | 'periodStart' | 'periodEnd' | 'changeNote'> }): Record<string, string> {
  const values: Record<string, string> = {
    title: v.title,
    slug: v.slug,
    periodStart: v.periodStart,
    periodEnd: v.periodEnd,
    changeNote: v.changeNote,
    situation: v.content.situation,
    expectedEffect: v.content.expectedEffect,
    followUp: v.content.followUp,
  };
  v.content.items.forEach((item, i) => {
    values[`items.${i}.party`] = item.party;
    values[`items.${i}.text`] = item.text;
    values[`items.${i}.activityIds`] = item.activityIds.join('\n');
  });
  v.content.signatories.forEach((s, i) => {
    values[`signatories.${i}.role`] = s.role;
    values[`signatories.${i}.organisation`] = s.organisation;
  });
  return values;
}

const imageName = /\.(jpe?g|png|webp)$/i;

/**
 * The follow-up form: the entry's fields, one value field per indicator ("value.<id>", blank =
 * none) and up to three files, each a photo (needs a description) or a document.
 */
export async function readEntryForm(form: MultipartForm, indicators: readonly IndicatorRow[]): Promise<FormResult<{ input: EntryInput; files: EntryFile[] }> & { filesSent: boolean }> {
  const fields = form.fields;
  const errors: FieldErrors = {};
  const values = indicators.flatMap((indicator) => {
    const typed = field(fields, `value.${indicator.id}`);
    return typed.trim() === '' ? [] : [{ indicatorId: indicator.id, value: typed }];
  });
  let input: EntryInput | undefined;
  collectErrors(errors, () => {
    input = parseInput(entryInputSchema, { ...fields, values });
  });
  // A value's error names its row in the list; the form names the indicator's field.
  for (const name of Object.keys(errors)) {
    const match = /^values\.(\d+)\./.exec(name);
    const indicatorId = match ? values[Number(match[1])]?.indicatorId : undefined;
    if (indicatorId) {
      errors[`value.${indicatorId}`] ??= errors[name]!;
      delete errors[name];
    }
  }
  const files: EntryFile[] = [];
  for (const slot of entryFileSlots) {
    const upload = firstFile(form, `file${slot}`);
    const title = field(fields, `fileTitle${slot}`);
    if (!upload) continue;
    const kind = imageName.test(upload.filename) ? 'image' : 'document';
    if (kind === 'image' && title.trim() === '') errors[`fileTitle${slot}`] ??= 'cooperation.errors.imageNeedsAlt';
    try {
      files.push({ file: await prepareUpload(kind, upload), title });
    } catch (error) {
      if (!(error instanceof UploadRejected)) throw error;
      errors[`file${slot}`] = error.problem;
    }
  }
  const filesSent = Object.keys(form.files).length > 0;
  const result = { values: formValues(fields), errors, filesSent };
  if (Object.keys(errors).length > 0 || !input) return result;
  return { ...result, data: { input, files } };
}
