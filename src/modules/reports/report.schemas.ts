// What a report form (and the JSON behind it) may send. One set of limits for the schemas, the
// form's maxlength and the tests. The schemas check shape; the service checks what needs the
// kommun (its categories, its boundary, its places) and the clock.
import { z } from 'zod';
import { isId } from '../../platform/db/ids.js';
import type { FieldErrors } from '../../platform/http/errors.js';
import { zodToFieldErrors } from '../../platform/http/forms.js';
import { dayParts, weekDays } from './report.when.js';

export const reportLimits = {
  description: 4000,
  locationText: 200,
  email: 254,
  /** The form shows this many reports per page (public list and staff queue). */
  listPageSize: 25,
  photos: 3,
  photoBytes: 10 * 1024 * 1024,
  /** How far back "the last time it happened" may be. */
  observedYears: 2,
  /** How many nearby reports are offered as "me too". */
  nearbyShown: 5,
  referenceLength: 8,
} as const;

/** A repeated form field arrives as a string (one box ticked) or a list; JSON sends a list. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(item).max(20));

const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(max)).optional().default('');

/** A coordinate typed in a field: decimal point or comma, as Swedish keyboards write it. */
const coordinate = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const text = v.trim().replace(',', '.');
  return text === '' ? undefined : Number(text);
}, z.number({ message: 'reports.form.coordinateInvalid' }).finite({ message: 'reports.form.coordinateInvalid' }).optional());

const optionalId = z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isId, { message: 'validation.chooseOne' }).optional());

/** Where and what: the first step, also the query of the details step. */
export const locationAndCategorySchema = z.object({
  category: z.string({ message: 'reports.form.categoryRequired' }).min(1, { message: 'reports.form.categoryRequired' }).max(40),
  placeId: optionalId,
  lat: coordinate,
  lon: coordinate,
});
export type LocationAndCategory = z.output<typeof locationAndCategorySchema>;

/** When it feels unsafe: parts of the day (or "always") and days (none ticked = every day). */
export const whenSchema = z.object({
  when: listOf(z.enum([...dayParts, 'always'], { message: 'reports.form.whenInvalid' })),
  days: listOf(z.enum(weekDays, { message: 'reports.form.whenInvalid' })),
  observedOn: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'reports.form.dateInvalid' }).optional()),
});

export const reportFormSchema = locationAndCategorySchema.extend({
  ...whenSchema.shape,
  locationText: optionalText(reportLimits.locationText),
  description: optionalText(reportLimits.description),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.union([z.literal(''), z.email({ message: 'validation.email' }).max(reportLimits.email)])).optional().default(''),
  /** The form's one-time key (a UUID made when the form was shown). */
  idempotencyKey: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isId).optional()),
});
export type ReportFormInput = z.output<typeof reportFormSchema>;

/**
 * A report form's fields, each parsed on its own, so that one wrong field does not hide the
 * others' problems: the checks that need the kommun run on every field that did parse, and the
 * person sees everything to correct at once.
 */
export function parseReportFields(body: unknown): { data: Partial<ReportFormInput>; errors: FieldErrors } {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, schema] of Object.entries(reportFormSchema.shape)) {
    const result = (schema as z.ZodType).safeParse(raw[name]);
    if (result.success) data[name] = result.data;
    else errors[name] = zodToFieldErrors(result.error)._form ?? 'validation.invalid';
  }
  return { data: data as Partial<ReportFormInput>, errors };
}

/** A "me too" on an existing report, with the supporter's own times. */
export const supportFormSchema = whenSchema.pick({ when: true, days: true });
export type SupportFormInput = z.output<typeof supportFormSchema>;

export const referenceParams = z.object({ reference: z.string().regex(/^[0-9A-Za-z-]{8,12}$/) });

/** Public list filters (the map's and the list's). */
export const publicListQuery = z.object({
  kategori: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(40).optional()),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'fixed', 'closed']).optional()),
  tid: z.preprocess((v) => (v === '' ? undefined : v), z.enum(dayParts).optional()),
  period: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['30', '90', '365', 'all']).optional()),
  efter: z.string().max(200).optional(),
});
export type PublicListQuery = z.output<typeof publicListQuery>;
