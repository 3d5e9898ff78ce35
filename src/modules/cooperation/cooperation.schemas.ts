// The inputs of the cooperation module, one zod schema per thing a person sends, shared by the
// HTML forms (strings) and the JSON API (typed values). Limits live in one object for schema,
// maxlength attributes and tests. Messages are i18n keys.
import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
import { hasUnnamedImageOrLink } from '../../platform/views/markdown.js';
import { activityStatuses, activityTypes, assessments, entryVisibilities, indicatorDirections, responsibleParties } from './cooperation.tables.js';

export const coopLimits = {
  title: 200,
  slug: 120,
  shortText: 1_000,
  body: 20_000,
  role: 120,
  theme: 80,
  unit: 40,
  placesPerActivity: 20,
  indicatorsPerActivity: 12,
  activitiesPerPlan: 500,
  valuesPerEntry: 12,
  entryFilesPerEntry: 3,
  /** Entries per page of a public timeline: each may carry figures and photos. */
  timelinePageSize: 10,
  /** The newest entries on a staff page (internal ones included); older ones are in the export. */
  staffTimelineSize: 30,
  feedSize: 30,
  /** The largest absolute indicator value: bigger numbers are typing mistakes, not measurements. */
  maxIndicatorValue: 1e12,
} as const;

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = (max: number) => z.string().trim().max(max, `validation.tooLong|${max}`);
const requiredText = (max: number) => text(max).min(1, 'validation.required');

/** A real calendar date as YYYY-MM-DD (no 2017-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
export const calendarDate = () => z.string().trim().refine(isCalendarDate, 'cooperation.errors.date');
const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
export const optionalDate = () => z.preprocess(emptyToUndefined, calendarDate().optional());

/** A number from a form ("12,5" as Swedes write it) or from JSON. */
const numberInput = (value: unknown) => {
  if (typeof value === 'string') {
    const trimmed = value.trim().replace(/\s/g, '').replace(',', '.');
    if (trimmed === '') return undefined;
    return Number(trimmed);
  }
  return value;
};
export const decimal = () =>
  z.preprocess(
    numberInput,
    z
      .number({ error: 'cooperation.errors.number' })
      .refine(Number.isFinite, 'cooperation.errors.number')
      .refine((n) => Math.abs(n) <= coopLimits.maxIndicatorValue, 'cooperation.errors.numberTooBig'),
  );
export const optionalDecimal = () => z.preprocess((v) => numberInput(v), decimal().optional());
const progressValue = () =>
  z.preprocess(numberInput, z.number({ error: 'cooperation.errors.progress' }).int('cooperation.errors.progress').min(0, 'cooperation.errors.progress').max(100, 'cooperation.errors.progress'));

const markdown = (max = coopLimits.body) =>
  z
    .string()
    .max(max, `validation.tooLong|${max}`)
    .refine((s) => !hasUnnamedImageOrLink(s), 'news.markdownUnnamed');

const slug = () =>
  z
    .string()
    .trim()
    .max(coopLimits.slug, `validation.tooLong|${coopLimits.slug}`)
    .refine((s) => s === '' || slugPattern.test(s), 'validation.slug');

const id = () => z.string().regex(idPattern, 'validation.invalid');
/** A list of ids from repeated form fields (one string, several, or none) or a JSON array. */
const idList = (max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(id()).max(max, `validation.tooBig|${max}`));

/** The version a form was loaded with; a save that finds another has met a concurrent edit. */
export const lockVersion = () => z.preprocess(numberInput, z.number().int().min(0));

function periodInOrder<T extends { periodStart: string; periodEnd: string }>(value: T, ctx: z.RefinementCtx): void {
  if (value.periodEnd < value.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'cooperation.errors.periodEndBeforeStart' });
}

// ---- plans --------------------------------------------------------------------------------------

export const planInputSchema = z
  .object({
    title: requiredText(coopLimits.title),
    slug: slug().default(''),
    summary: markdown().default(''),
    periodStart: calendarDate(),
    periodEnd: calendarDate(),
    agreementId: z.preprocess(emptyToUndefined, id().optional()),
  })
  .superRefine(periodInOrder);
export type PlanInput = z.output<typeof planInputSchema>;

export const planUpdateSchema = z.object({ input: planInputSchema, lockVersion: lockVersion() });

export const decisionSchema = z.object({
  decidedByBody: requiredText(coopLimits.role),
  decidedOn: calendarDate(),
  diarienummer: text(coopLimits.role).default(''),
});
export type DecisionInput = z.output<typeof decisionSchema>;

// ---- activities ---------------------------------------------------------------------------------

export const activityInputSchema = z
  .object({
    title: requiredText(coopLimits.title),
    slug: slug().default(''),
    problem: text(coopLimits.shortText).default(''),
    cause: text(coopLimits.shortText).default(''),
    description: markdown().default(''),
    operationalGoal: text(coopLimits.shortText).default(''),
    startsOn: calendarDate(),
    /** Empty for an ongoing activity. */
    endsOn: optionalDate(),
    followUpMethod: text(coopLimits.shortText).default(''),
    responsibleParty: z.enum(responsibleParties, { error: 'validation.chooseOne' }),
    responsibleOrganisationId: z.preprocess(emptyToUndefined, id().optional()),
    responsibleRole: text(coopLimits.role).default(''),
    activityType: z.enum(activityTypes, { error: 'validation.chooseOne' }),
    theme: text(coopLimits.theme).default(''),
    placeIds: idList(coopLimits.placesPerActivity).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.endsOn !== undefined && value.endsOn < value.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'cooperation.errors.endBeforeStart' });
  });
export type ActivityInput = z.output<typeof activityInputSchema>;

// ---- indicators ---------------------------------------------------------------------------------

export const indicatorInputSchema = z.object({
  name: requiredText(coopLimits.title),
  unit: requiredText(coopLimits.unit),
  baseline: optionalDecimal(),
  baselineOn: optionalDate(),
  target: optionalDecimal(),
  direction: z.enum(indicatorDirections, { error: 'validation.chooseOne' }),
});
export type IndicatorInput = z.output<typeof indicatorInputSchema>;

/** One measured value: a date and a number, in the indicator's unit (the unit, if sent, must be the indicator's). */
export const indicatorValueSchema = z.object({
  indicatorId: id(),
  measuredOn: z.preprocess((v) => (v === undefined ? '' : v), calendarDate()),
  value: decimal(),
  unit: z.preprocess(emptyToUndefined, text(coopLimits.unit).optional()),
});
export type IndicatorValueInput = z.output<typeof indicatorValueSchema>;

// ---- follow-up entries --------------------------------------------------------------------------

export const entryInputSchema = z.object({
  happenedOn: calendarDate(),
  title: requiredText(coopLimits.title),
  body: markdown().default(''),
  visibility: z.enum(entryVisibilities, { error: 'validation.chooseOne' }),
  authorRole: text(coopLimits.role).default(''),
  /** Changes to the activity that the entry records; left out, each stays as it is. */
  status: z.preprocess(emptyToUndefined, z.enum(activityStatuses, { error: 'validation.chooseOne' }).optional()),
  progress: z.preprocess(emptyToUndefined, progressValue().optional()),
  assessment: z.preprocess(emptyToUndefined, z.enum(assessments, { error: 'validation.chooseOne' }).optional()),
  assessmentText: text(coopLimits.shortText).default(''),
  values: z.array(indicatorValueSchema.omit({ measuredOn: true }).extend({ measuredOn: optionalDate() })).max(coopLimits.valuesPerEntry).default([]),
});
export type EntryInput = z.output<typeof entryInputSchema>;
