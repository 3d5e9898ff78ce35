// What the administration pages of reports accept: a category (flat form fields, its extra
// questions in fixed slots q0…q9 so the form works without JavaScript) and a blocked sender.
import { z } from 'zod';
import { isId } from '../../platform/db/ids.js';
import { isChecked } from '../../platform/http/forms.js';
import { categoryLimits, categoryQuestionSchema, questionDatatypes, type CategoryQuestion } from './report.categories.js';

export const adminLimits = { blockReason: 500, position: 9999 } as const;

const trimmed = (max: number, required = false) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === undefined ? '' : v),
    required ? z.string().min(1, { message: 'validation.required' }).max(max, { message: `validation.tooLong|${max}` }) : z.string().max(max, { message: `validation.tooLong|${max}` }),
  );
const checkbox = z.preprocess(isChecked, z.boolean());

/** A category's code: lower-case letters, digits and dashes; it is the Open311 service_code. */
export const categoryCode = z
  .string()
  .trim()
  .regex(new RegExp(`^[a-z0-9][a-z0-9-]{0,${categoryLimits.code - 1}}$`), { message: 'reports.admin.categories.codeInvalid' });

export const questionSlots = Array.from({ length: categoryLimits.questions }, (_, i) => i);
type QuestionField = 'code' | 'datatype' | 'required' | 'label_sv' | 'label_en' | 'hint_sv' | 'hint_en' | 'values';
export const slotField = (i: number, field: QuestionField) => `q${i}_${field}`;

const slotShape: Record<string, z.ZodType> = {};
for (const i of questionSlots) {
  slotShape[slotField(i, 'code')] = trimmed(40);
  slotShape[slotField(i, 'datatype')] = z.preprocess((v) => (v === '' || v === undefined ? 'string' : v), z.enum(questionDatatypes, { message: 'validation.chooseOne' }));
  slotShape[slotField(i, 'required')] = checkbox;
  slotShape[slotField(i, 'label_sv')] = trimmed(categoryLimits.questionLabel);
  slotShape[slotField(i, 'label_en')] = trimmed(categoryLimits.questionLabel);
  slotShape[slotField(i, 'hint_sv')] = trimmed(categoryLimits.questionLabel);
  slotShape[slotField(i, 'hint_en')] = trimmed(categoryLimits.questionLabel);
  slotShape[slotField(i, 'values')] = trimmed(4000);
}

const baseShape = {
  name_sv: trimmed(categoryLimits.name, true),
  name_en: trimmed(categoryLimits.name),
  description_sv: trimmed(categoryLimits.description),
  description_en: trimmed(categoryLimits.description),
  notice_sv: trimmed(categoryLimits.notice),
  notice_en: trimmed(categoryLimits.notice),
  sensitive: checkbox,
  publishAtOnce: checkbox,
  position: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' || v === undefined ? 0 : v), z.number({ message: 'validation.invalid' }).int({ message: 'validation.invalid' }).min(0, { message: 'validation.invalid' }).max(adminLimits.position, { message: 'validation.invalid' })),
  /** When the category was last saved as the form was shown ('' for a default never saved). */
  updatedAt: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(40)),
};

export interface CategoryInput {
  name: { sv: string; en: string };
  description: { sv: string; en: string };
  notice: { sv: string; en: string };
  sensitive: boolean;
  publishAtOnce: boolean;
  position: number;
  questions: CategoryQuestion[];
}

/** "key|Svenskt namn|English name", one value a line; undefined when a line is not of that form. */
export function parseValueLines(text: string): CategoryQuestion['values'] | undefined {
  const values: CategoryQuestion['values'] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const [key, sv, en, ...rest] = line.split('|').map((p) => p.trim());
    if (!key || !sv || rest.length > 0) return undefined;
    values.push({ key, name: { sv, en: en ?? '' } });
  }
  return values;
}

export function valueLinesOf(question: CategoryQuestion): string {
  return question.values.map((v) => `${v.key}|${v.name.sv}|${v.name.en}`).join('\n');
}

type Raw = Record<string, unknown>;

function questionsOf(raw: Raw, ctx: z.RefinementCtx): CategoryQuestion[] {
  const questions: CategoryQuestion[] = [];
  const codes = new Set<string>();
  for (const i of questionSlots) {
    const f = (name: QuestionField) => raw[slotField(i, name)];
    const code = String(f('code') ?? '');
    const label = { sv: String(f('label_sv') ?? ''), en: String(f('label_en') ?? '') };
    const valuesText = String(f('values') ?? '');
    // An empty slot (no code, no label) is no question.
    if (code === '' && label.sv === '' && label.en === '' && valuesText === '') continue;
    const issue = (field: QuestionField, message: string) => ctx.addIssue({ code: 'custom', path: [slotField(i, field)], message });
    if (code === '') issue('code', 'validation.required');
    else if (codes.has(code)) issue('code', 'reports.admin.categories.questionCodeTaken');
    if (label.sv === '') issue('label_sv', 'validation.required');
    const datatype = f('datatype') as CategoryQuestion['datatype'];
    const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
    const values = isList ? parseValueLines(valuesText) : [];
    if (values === undefined) issue('values', 'reports.admin.categories.valuesInvalid');
    else if (isList && values.length === 0) issue('values', 'reports.admin.categories.valuesMissing');
    const question = { code, datatype, required: Boolean(f('required')), label, hint: { sv: String(f('hint_sv') ?? ''), en: String(f('hint_en') ?? '') }, values: values ?? [] };
    const checked = categoryQuestionSchema.safeParse(question);
    if (!checked.success && code !== '' && label.sv !== '' && values !== undefined) {
      const path = String(checked.error.issues[0]?.path[0] ?? 'code');
      issue(path === 'values' ? 'values' : path === 'code' ? 'code' : 'label_sv', path === 'values' ? 'reports.admin.categories.valuesInvalid' : path === 'code' ? 'reports.admin.categories.questionCodeInvalid' : 'validation.invalid');
    }
    codes.add(code);
    if (checked.success) questions.push(checked.data);
  }
  return questions;
}

function toInput(raw: Raw, ctx: z.RefinementCtx): CategoryInput {
  const s = (k: string) => String(raw[k] ?? '');
  return {
    name: { sv: s('name_sv'), en: s('name_en') },
    description: { sv: s('description_sv'), en: s('description_en') },
    notice: { sv: s('notice_sv'), en: s('notice_en') },
    sensitive: Boolean(raw.sensitive),
    publishAtOnce: Boolean(raw.publishAtOnce),
    position: Number(raw.position),
    questions: questionsOf(raw, ctx),
  };
}

/** Editing a category: everything but its code. */
export const categoryEditForm = z.object({ ...baseShape, ...slotShape }).transform((raw, ctx) => ({ updatedAt: raw.updatedAt as string, input: toInput(raw, ctx) }));

/** A new category: the code too (stable from then on). */
export const categoryCreateForm = z.object({ ...baseShape, ...slotShape, code: z.preprocess((v) => (typeof v === 'string' ? v : ''), categoryCode) }).transform((raw, ctx) => ({ code: raw.code as string, input: toInput(raw, ctx) }));

export const categoryCodeParams = z.object({ code: categoryCode });
export const activeForm = z.object({ active: z.enum(['on', 'off'], { message: 'validation.chooseOne' }), updatedAt: baseShape.updatedAt });

export const blockForm = z.object({ reason: trimmed(adminLimits.blockReason, true) });
export const blockIdParams = z.object({ id: z.string().refine(isId) });
