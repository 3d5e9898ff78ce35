import { z } from 'zod';
import { slugify as slugifyText } from '../../platform/validation/slug.js';
import { hasUnnamedImageOrLink } from '../../platform/views/markdown.js';

/** One set of limits for schema, form maxlength attributes and tests. */
export const newsLimits = {
  title: 200,
  slug: 120,
  summary: 500,
  body: 50_000,
  imageAlt: 300,
  imageCredit: 200,
  attachmentTitle: 200,
  attachmentsPerItem: 20,
  /** File inputs for new attachments per save; with the main image this stays under the kernel's five-file limit. */
  attachmentSlots: 3,
  listPageSize: 20,
  feedSize: 30,
} as const;

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) => z.string().trim().max(max);

/** A Markdown body: an image without a description or a link without text is refused, not published as an empty link. */
const markdown = () =>
  z
    .string()
    .max(newsLimits.body)
    .refine((s) => !hasUnnamedImageOrLink(s), 'news.markdownUnnamed')
    .default('');

/** Shared by the staff form and POST /api/v1/{kommun}/content. */
export const contentInputSchema = z.object({
  kind: z.enum(['news', 'page']).default('news'),
  title: text(newsLimits.title).min(1),
  slug: z
    .string()
    .trim()
    .max(newsLimits.slug)
    .refine((s) => s === '' || slugPattern.test(s), 'validation.slug')
    .default(''),
  summary: text(newsLimits.summary).default(''),
  body: markdown(),
  easyBody: markdown(),
  titleEn: text(newsLimits.title).default(''),
  summaryEn: text(newsLimits.summary).default(''),
  bodyEn: markdown(),
  imageAlt: text(newsLimits.imageAlt).default(''),
  imageCredit: text(newsLimits.imageCredit).default(''),
});

export type ContentInput = z.output<typeof contentInputSchema>;

/** The fields of contentInputSchema, for PATCH (only these keys are taken from a request). */
export const contentInputKeys = Object.keys(contentInputSchema.shape) as (keyof ContentInput)[];

const attachmentSlotNumbers = Array.from({ length: newsLimits.attachmentSlots }, (_, i) => i + 1);

/** "attachment1" … "attachment3": one file input and one title per slot. */
export const attachmentSlots = attachmentSlotNumbers.map((n) => ({ file: `attachment${n}`, title: `attachmentTitle${n}` }));

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the staff form sends besides the content itself: image removal, attachment titles and removals. */
export const contentFormExtrasSchema = z.object({
  removeImage: z
    .union([z.string(), z.boolean()])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
  removeAttachment: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(idPattern)).max(newsLimits.attachmentsPerItem)),
  ...Object.fromEntries(attachmentSlots.map((slot) => [slot.title, text(newsLimits.attachmentTitle).default('')])),
});

/** "Prata trygghet med oss!" → "prata-trygghet-med-oss". */
export function slugify(title: string): string {
  return slugifyText(title, newsLimits.slug, 'sida');
}
