import { z } from 'zod';

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
  listPageSize: 20,
  feedSize: 30,
} as const;

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) => z.string().trim().max(max);

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
  body: z.string().max(newsLimits.body).default(''),
  easyBody: z.string().max(newsLimits.body).default(''),
  titleEn: text(newsLimits.title).default(''),
  summaryEn: text(newsLimits.summary).default(''),
  bodyEn: z.string().max(newsLimits.body).default(''),
  imageAlt: text(newsLimits.imageAlt).default(''),
  imageCredit: text(newsLimits.imageCredit).default(''),
});

export type ContentInput = z.output<typeof contentInputSchema>;

/** "Prata trygghet med oss!" → "prata-trygghet-med-oss" (å/ä → a, ö → o). */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, newsLimits.slug)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'sida';
}
