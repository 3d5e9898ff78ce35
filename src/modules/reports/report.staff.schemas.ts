// What the staff pages of reports accept: the queue's filters (a GET form), and each action's
// form. Limits in one object for the schemas, the fields' maxlength and the tests.
import { z } from 'zod';
import { isId } from '../../platform/db/ids.js';
import { placeLimits } from '../../platform/places/index.js';
import { reportStatuses } from './report.states.js';
import { dayParts } from './report.when.js';

export const staffLimits = {
  note: 4000,
  response: 4000,
  templateTitle: 120,
  templateBody: 4000,
  /** Reports one bulk action may change. */
  bulk: 100,
  /** A named place's neighbourhood in the queue's area filter. */
  areaRadiusMetres: 500,
  queuePageSize: 25,
  /** Places a name search in the queue's place filters offers (and reads reports from). */
  placeMatches: 20,
  /** Text searched in place names: as long as a name. */
  placeSearch: placeLimits.name,
} as const;

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const id = z.string().refine(isId, { message: 'validation.chooseOne' });
/** Text searched in place names: trimmed, and only blanks is no search. No control characters: no place name has one (a NUL the kernel refuses before this). */
export const placeSearch = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() || undefined : v),
  z
    .string({ message: 'validation.invalid' })
    .max(staffLimits.placeSearch, { message: `validation.tooLong|${staffLimits.placeSearch}` })
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, { message: 'validation.invalid' })
    .optional(),
);
/** A real calendar date (2026-02-30 is refused, not rolled over into March). */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'reports.form.dateInvalid' })
  .refine((v) => {
    const parsed = new Date(`${v}T00:00:00Z`);
    // Within years both databases' timestamps read (the day after 9999-12-31 is not one).
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v && v >= '1900-01-01' && v <= '2999-12-31';
  }, { message: 'reports.form.dateInvalid' });

export const moderationFilters = ['vantar', 'publicerad', 'avvisad'] as const;
export const queueSorts = { nyast: 'newest', aldst: 'oldest', instammer: 'support' } as const;

/** The queue's filters; every one optional, so the bare address is the newest reports. */
export const queueQuery = z.object({
  granskning: optional(z.enum(moderationFilters)),
  status: optional(z.enum(reportStatuses)),
  typ: optional(z.enum(['open', 'fixed', 'closed'])),
  kategori: optional(z.string().max(40)),
  /** A place by id (links from other pages, and the matches of a name search), or by name. */
  plats: optional(id),
  platsnamn: placeSearch,
  /** A place's neighbourhood, the place given as `plats` is. */
  omrade: optional(id),
  omradesnamn: placeSearch,
  /** The map's view: minLon,minLat,maxLon,maxLat. */
  bbox: optional(z.string().regex(/^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$/, { message: 'validation.invalid' })),
  fran: optional(date),
  till: optional(date),
  tid: optional(z.enum(dayParts)),
  tilldelad: optional(z.union([z.literal('ingen'), id])),
  sortering: optional(z.enum(Object.keys(queueSorts) as [keyof typeof queueSorts, ...(keyof typeof queueSorts)[]])),
  efter: optional(z.string().max(200)),
});
export type QueueQuery = z.output<typeof queueQuery>;

export const reportIdParams = z.object({ id: z.string().refine(isId) });
/** `mall`: a response template to start the response form from (a link, so it works without JavaScript). */
export const staffReportQuery = z.object({ mall: z.preprocess(blankToUndefined, z.string().refine(isId).optional()).catch(undefined) });
export const templateIdParams = z.object({ id: z.string().refine(isId) });

/** The version the form was shown with: a later change makes the form stale (409). */
const version = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ message: 'validation.invalid' }).int().min(1));

const text = (max: number, required = true) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), required ? z.string({ message: 'validation.required' }).min(1, { message: 'validation.required' }).max(max, { message: `validation.tooLong|${max}` }) : z.string().max(max, { message: `validation.tooLong|${max}` }).default(''));

export const moderateForm = z.object({
  version,
  decision: z.enum(['publish', 'publish_hidden', 'reject'], { message: 'validation.chooseOne' }),
  publicDescription: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(4000, { message: 'validation.tooLong|4000' })),
});

export const statusForm = z.object({
  version,
  status: z.enum(reportStatuses, { message: 'validation.chooseOne' }),
  /** A public response sent with the change (optional); named apart from the response form's field on the same page. */
  statusResponse: text(staffLimits.response, false),
});

export const assignForm = z.object({ version, organisationId: z.preprocess(blankToUndefined, id.optional()) });
export const noteForm = z.object({ body: text(staffLimits.note) });
export const responseForm = z.object({ version, response: text(staffLimits.response) });
export const activityForm = z.object({ version, activityId: z.preprocess(blankToUndefined, id.optional()) });
export const duplicateForm = z.object({ version, reference: z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(20) });

export const bulkForm = z.object({
  ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().refine(isId)).max(staffLimits.bulk, { message: `reports.staff.bulk.tooMany|${staffLimits.bulk}` })),
  action: z.enum(['status', 'assign', 'publish'], { message: 'validation.chooseOne' }),
  // Named apart from the queue's filters on the same page (one id per field on a page).
  bulkStatus: optional(z.enum(reportStatuses)),
  bulkOrganisationId: optional(id),
});

export const templateForm = z.object({
  status: optional(z.enum(reportStatuses)),
  title: text(staffLimits.templateTitle),
  body: text(staffLimits.templateBody),
  position: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : 0), z.number({ message: 'validation.invalid' }).int().min(0).max(999)),
});
export type TemplateInput = z.output<typeof templateForm>;

/** Valid values of the staff forms' fields, for the fuzzer to start from (manifest testing.fuzzHints). */
export const reportStaffFuzzHints = {
  version: ['1'],
  decision: ['publish', 'publish_hidden', 'reject'],
  publicDescription: ['Klotter på väntkuren.'],
  status: ['confirmed', 'fixed'],
  response: ['Vi har beställt sanering.'],
  body: ['Ring fastighetsägaren.'],
  reference: ['ABCD-EFGH'],
  action: ['status', 'assign', 'publish'],
  bulkStatus: ['confirmed'],
  statusResponse: ['Vi tittar på det.'],
  granskning: ['vantar'],
  typ: ['open'],
  sortering: ['instammer'],
  fran: ['2026-01-01'],
  till: ['2026-12-31'],
  tid: ['night'],
  tilldelad: ['ingen'],
  platsnamn: ['station'],
  omradesnamn: ['kulturhuset'],
  title: ['Åtgärdat'],
  position: ['1'],
} as const;
