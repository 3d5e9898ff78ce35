// A samverkansöverenskommelse's content, one schema for the staff form and any JSON client. A
// decided version is a record of what was agreed: this shape is stored as the version's
// content_json, so a change here must still read old versions (defaults, never renames).
// Title, period, decision and change note have columns of their own.
import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
import { safeLocalPath } from '../../platform/http/forms.js';
import { hasUnnamedImageOrLink } from '../../platform/views/markdown.js';
import { calendarDate, coopLimits, lockVersion, slugPattern } from './cooperation.schemas.js';

export const agreementLimits = {
  groups: 10,
  signatories: 12,
  annexes: 12,
  partners: 20,
  path: 300,
  /** Empty rows the staff form offers after the filled ones, so a row can be added without JavaScript. */
  spareRows: 2,
} as const;

export const annexKinds = ['situation_picture', 'action_plan', 'follow_up_plan', 'communication_plan', 'other'] as const;
export type AnnexKind = (typeof annexKinds)[number];

const text = (max: number) => z.string().trim().max(max, `validation.tooLong|${max}`);
const requiredText = (max: number) => text(max).min(1, 'validation.required');
const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const id = () => z.string().regex(idPattern, 'validation.invalid');
const optionalId = () => z.preprocess(emptyToUndefined, id().optional());
const markdown = () =>
  z
    .string()
    .max(coopLimits.body, `validation.tooLong|${coopLimits.body}`)
    .refine((s) => !hasUnnamedImageOrLink(s), 'news.markdownUnnamed');

/** A path within the site ("/vallentuna/atgardsplaner/2017"): never another host. */
const sitePath = () =>
  text(agreementLimits.path).refine((value) => value === '' || (value.startsWith('/') && safeLocalPath(value, '') === value), 'cooperation.agreement.errors.path');

export const agreementGroupSchema = z.object({
  name: requiredText(coopLimits.title),
  /** Who sits in the group, by role ("kommundirektör, lokalpolisområdeschef"): never names. */
  members: text(coopLimits.shortText).default(''),
  meetingRhythm: text(coopLimits.role).default(''),
});
export type AgreementGroup = z.output<typeof agreementGroupSchema>;

export const agreementSignatorySchema = z.object({
  role: requiredText(coopLimits.role),
  organisation: requiredText(coopLimits.title),
});
export type AgreementSignatory = z.output<typeof agreementSignatorySchema>;

/** A document attached to an annex: a kernel file owned by the version it was uploaded to (agreement.files.ts). */
export const annexDocumentSchema = z.object({
  fileId: id(),
  filename: z.string().max(200).default(''),
  sizeBytes: z.number().int().min(0).default(0),
});
export type AnnexDocument = z.output<typeof annexDocumentSchema>;

/** What the form sends for one annex; the document, if any, is named by its file id only. */
export const annexInputSchema = z.object({
  kind: z.enum(annexKinds, { error: 'validation.chooseOne' }),
  title: requiredText(coopLimits.title),
  planId: optionalId(),
  path: sitePath().default(''),
  fileId: optionalId(),
});
export type AnnexInput = z.output<typeof annexInputSchema>;

/** One annex as stored: exactly one of a plan, a path or a document. */
export const annexSchema = z.object({
  kind: z.enum(annexKinds).catch('other'),
  title: z.string().default(''),
  planId: z.string().nullable().default(null),
  path: z.string().default(''),
  document: annexDocumentSchema.nullable().catch(null).default(null),
});
export type Annex = z.output<typeof annexSchema>;

export const agreementPartySchema = z.object({ id: z.string(), name: z.string().default('') });
export type AgreementParty = z.output<typeof agreementPartySchema>;

/** Everything a version stores besides its title, period, decision and change note. */
export const agreementContentSchema = z.object({
  purpose: z.string().default(''),
  goals: z.string().default(''),
  /** Names as they were when the version was saved: a decided text does not change when an organisation is renamed. */
  policeArea: agreementPartySchema.nullable().catch(null).default(null),
  partners: z.array(agreementPartySchema).catch([]).default([]),
  groups: z.array(agreementGroupSchema).catch([]).default([]),
  signatories: z.array(agreementSignatorySchema).catch([]).default([]),
  annexes: z.array(annexSchema).catch([]).default([]),
  implementationPeriod: z.string().default(''),
  followUpPeriod: z.string().default(''),
  updatePeriod: z.string().default(''),
});
export type AgreementContent = z.output<typeof agreementContentSchema>;

export const agreementInputSchema = z
  .object({
    title: requiredText(coopLimits.title),
    slug: z
      .string()
      .trim()
      .max(coopLimits.slug, `validation.tooLong|${coopLimits.slug}`)
      .refine((s) => s === '' || slugPattern.test(s), 'validation.slug')
      .default(''),
    periodStart: calendarDate(),
    periodEnd: calendarDate(),
    purpose: markdown().default(''),
    goals: markdown().default(''),
    policeAreaId: optionalId(),
    partnerIds: z
      .preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(id()).max(agreementLimits.partners, `validation.tooBig|${agreementLimits.partners}`))
      .default([]),
    groups: z.array(agreementGroupSchema).max(agreementLimits.groups, `validation.tooBig|${agreementLimits.groups}`).default([]),
    signatories: z.array(agreementSignatorySchema).max(agreementLimits.signatories, `validation.tooBig|${agreementLimits.signatories}`).default([]),
    annexes: z.array(annexInputSchema).max(agreementLimits.annexes, `validation.tooBig|${agreementLimits.annexes}`).default([]),
    implementationPeriod: text(coopLimits.shortText).default(''),
    followUpPeriod: text(coopLimits.shortText).default(''),
    updatePeriod: text(coopLimits.shortText).default(''),
    changeNote: text(coopLimits.shortText).default(''),
  })
  .superRefine((value, ctx) => {
    if (value.periodEnd < value.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'cooperation.errors.periodEndBeforeStart' });
    value.annexes.forEach((annex, index) => {
      const targets = [annex.planId, annex.path || undefined, annex.fileId].filter((t) => t !== undefined).length;
      if (targets !== 1) ctx.addIssue({ code: 'custom', path: ['annexes', index, 'path'], message: 'cooperation.agreement.errors.annexTarget' });
      else if (annex.planId && annex.kind !== 'action_plan') ctx.addIssue({ code: 'custom', path: ['annexes', index, 'planId'], message: 'cooperation.agreement.errors.planOnlyForActionPlan' });
    });
  });
export type AgreementInput = z.output<typeof agreementInputSchema>;

export const agreementSaveSchema = z.object({ input: agreementInputSchema, lockVersion: lockVersion() });

export const agreementLockSchema = z.object({ lockVersion: lockVersion() });

/** The form fields of a new annex document; the file itself comes as a multipart part. */
export const annexUploadSchema = z.object({
  kind: z.enum(annexKinds, { error: 'validation.chooseOne' }),
  title: requiredText(coopLimits.title),
  lockVersion: lockVersion(),
});

/** Reads a stored version's content; what no longer fits falls back to defaults rather than failing the page. */
export function readAgreementContent(json: string): AgreementContent {
  try {
    const parsed = agreementContentSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return agreementContentSchema.parse({});
}

// ---- the staff form: flat fields ("groups.0.name") to the nested input, and back -------------

const rowFields = {
  groups: ['name', 'members', 'meetingRhythm'],
  signatories: ['role', 'organisation'],
  annexes: ['kind', 'title', 'planId', 'path', 'fileId'],
} as const;
type RowList = keyof typeof rowFields;
/** Fields that alone do not make a row worth keeping (a select's default). */
const defaultOnly: Partial<Record<RowList, readonly string[]>> = { annexes: ['kind'] };

export interface AgreementFormRows {
  /** The nested object for agreementInputSchema. */
  nested: Record<string, unknown>;
  /** For each list, the form's row number of each kept row, to put errors back on the right row. */
  rowNumbers: Record<RowList, number[]>;
}

/**
 * Gathers the form's numbered rows into lists, leaving out rows the person left empty (the
 * spare rows). The row numbers are kept so an error on the second kept row lands on the form
 * row it came from.
 */
export function nestAgreementForm(fields: Record<string, unknown>): AgreementFormRows {
  const nested: Record<string, unknown> = {};
  const rowNumbers = { groups: [], signatories: [], annexes: [] } as Record<RowList, number[]>;
  const rows: Record<RowList, Map<number, Record<string, string>>> = { groups: new Map(), signatories: new Map(), annexes: new Map() };
  for (const [key, value] of Object.entries(fields)) {
    const match = /^(groups|signatories|annexes)\.(\d{1,2})\.([A-Za-z]+)$/.exec(key);
    if (!match) {
      nested[key] = value;
      continue;
    }
    const list = match[1] as RowList;
    const field = match[3]!;
    if (!(rowFields[list] as readonly string[]).includes(field) || typeof value !== 'string') continue;
    const n = Number(match[2]);
    const row = rows[list].get(n) ?? {};
    row[field] = value;
    rows[list].set(n, row);
  }
  for (const list of Object.keys(rows) as RowList[]) {
    const kept = [...rows[list].entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, row]) => Object.entries(row).some(([field, v]) => v.trim() !== '' && !(defaultOnly[list] ?? []).includes(field)));
    nested[list] = kept.map(([, row]) => row);
    rowNumbers[list] = kept.map(([n]) => n);
  }
  return { nested, rowNumbers };
}

/** Moves an error on "groups.1.name" (the second kept row) to the form row it came from. */
export function errorsToFormRows(errors: Record<string, string>, rowNumbers: AgreementFormRows['rowNumbers']): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const match = /^(groups|signatories|annexes)\.(\d+)(\..*)?$/.exec(key);
    if (!match) {
      mapped[key] = message;
      continue;
    }
    const list = match[1] as RowList;
    const row = rowNumbers[list][Number(match[2])] ?? Number(match[2]);
    mapped[`${list}.${row}${match[3] ?? `.${rowFields[list][0]}`}`] = message;
  }
  return mapped;
}

/** A stored version as the form's flat values, for the editor and for a new version's draft. */
export function agreementFormValues(version: { title: string; slug: string; periodStart: string; periodEnd: string; changeNote: string; content: AgreementContent }): Record<string, string> {
  const c = version.content;
  const values: Record<string, string> = {
    title: version.title,
    slug: version.slug,
    periodStart: version.periodStart,
    periodEnd: version.periodEnd,
    changeNote: version.changeNote,
    purpose: c.purpose,
    goals: c.goals,
    policeAreaId: c.policeArea?.id ?? '',
    partnerIds: c.partners.map((p) => p.id).join('\n'),
    implementationPeriod: c.implementationPeriod,
    followUpPeriod: c.followUpPeriod,
    updatePeriod: c.updatePeriod,
  };
  c.groups.forEach((g, i) => Object.assign(values, { [`groups.${i}.name`]: g.name, [`groups.${i}.members`]: g.members, [`groups.${i}.meetingRhythm`]: g.meetingRhythm }));
  c.signatories.forEach((s, i) => Object.assign(values, { [`signatories.${i}.role`]: s.role, [`signatories.${i}.organisation`]: s.organisation }));
  c.annexes.forEach((a, i) =>
    Object.assign(values, {
      [`annexes.${i}.kind`]: a.kind,
      [`annexes.${i}.title`]: a.title,
      [`annexes.${i}.planId`]: a.planId ?? '',
      [`annexes.${i}.path`]: a.path,
      [`annexes.${i}.fileId`]: a.document?.fileId ?? '',
    }),
  );
  return values;
}

/** How many rows of a list the form shows: the highest filled row, plus spare rows. */
export function formRowCount(values: Record<string, string>, list: RowList): number {
  let highest = -1;
  for (const key of Object.keys(values)) {
    const match = new RegExp(`^${list}\\.(\\d+)\\.`).exec(key);
    if (match && values[key]?.trim()) highest = Math.max(highest, Number(match[1]));
  }
  const max = list === 'groups' ? agreementLimits.groups : list === 'signatories' ? agreementLimits.signatories : agreementLimits.annexes;
  return Math.min(max, highest + 1 + agreementLimits.spareRows);
}
