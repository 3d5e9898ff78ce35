// A medborgarlöfte's content, one schema for the staff form and the JSON API. The published
// text is what was promised: versions keep it (promise.service.ts), and this shape is stored as
// the version's content_json, so a change here must read old versions too (defaults, not renames).
import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
import { calendarDate, coopLimits, lockVersion, slugPattern } from './cooperation.schemas.js';

export const promiseLimits = { items: 12, activitiesPerItem: 10, signatories: 10 } as const;
export const promiseParties = ['police', 'kommun', 'joint'] as const;
export type PromiseParty = (typeof promiseParties)[number];

const text = (max: number) => z.string().trim().max(max, `validation.tooLong|${max}`);

export const promiseItemSchema = z.object({
  party: z.enum(promiseParties, { error: 'validation.chooseOne' }),
  text: text(coopLimits.shortText).min(1, 'validation.required'),
  activityIds: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(idPattern, 'validation.invalid')).max(promiseLimits.activitiesPerItem)).default([]),
});
export type PromiseItem = z.output<typeof promiseItemSchema>;

export const signatorySchema = z.object({
  role: text(coopLimits.role).min(1, 'validation.required'),
  organisation: text(coopLimits.title).min(1, 'validation.required'),
});
export type Signatory = z.output<typeof signatorySchema>;

/** What a version stores besides its title and period. */
export const promiseContentSchema = z.object({
  situation: z.string().max(coopLimits.body, `validation.tooLong|${coopLimits.body}`).default(''),
  items: z.array(promiseItemSchema).max(promiseLimits.items, `validation.tooBig|${promiseLimits.items}`).default([]),
  expectedEffect: text(coopLimits.shortText).default(''),
  followUp: text(coopLimits.shortText).default(''),
  signatories: z.array(signatorySchema).max(promiseLimits.signatories).default([]),
});
export type PromiseContent = z.output<typeof promiseContentSchema>;

export const promiseInputSchema = z
  .object({
    title: text(coopLimits.title).min(1, 'validation.required'),
    slug: z
      .string()
      .trim()
      .max(coopLimits.slug)
      .refine((s) => s === '' || slugPattern.test(s), 'validation.slug')
      .default(''),
    periodStart: calendarDate(),
    periodEnd: calendarDate(),
    changeNote: text(coopLimits.shortText).default(''),
  })
  .extend(promiseContentSchema.shape)
  .superRefine((value, ctx) => {
    if (value.periodEnd < value.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'cooperation.errors.periodEndBeforeStart' });
  });
export type PromiseInput = z.output<typeof promiseInputSchema>;

export const promiseSaveSchema = z.object({ input: promiseInputSchema, lockVersion: lockVersion() });

/** Reads a stored version's content; a stored value that no longer fits falls back to defaults rather than failing the page. */
export function readPromiseContent(json: string): PromiseContent {
  try {
    const parsed = promiseContentSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return promiseContentSchema.parse({});
}
