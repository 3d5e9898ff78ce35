import { z } from 'zod';
import { idPattern } from '../../platform/db/ids.js';
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
  reviewNote: 2000,
} as const;

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) => z.string().trim().max(max);

/** A Markdown body: an image without a description or a link without text is refused, not published as an empty link. */
const markdown = () =>
  z
    .string()
    .max(newsLimits.body)
    .refine((s) => !hasUnnamedImageOrLink(s), 'news.markdownUnnamed');

// The fields as the person sends them, without defaults, so that a PATCH can tell a field left
// out from one emptied.
const contentFields = {
  title: text(newsLimits.title).min(1),
  slug: z
    .string()
    .trim()
    .max(newsLimits.slug)
    .refine((s) => s === '' || slugPattern.test(s), 'validation.slug'),
  summary: text(newsLimits.summary),
  body: markdown(),
  easyBody: markdown(),
  titleEn: text(newsLimits.title),
  summaryEn: text(newsLimits.summary),
  bodyEn: markdown(),
  imageAlt: text(newsLimits.imageAlt),
  imageCredit: text(newsLimits.imageCredit),
};

/** Shared by the staff form and POST /api/v1/{kommun}/content. */
export const contentInputSchema = z.object({
  kind: z.enum(['news', 'page']).default('news'),
  title: contentFields.title,
  slug: contentFields.slug.default(''),
  summary: contentFields.summary.default(''),
  body: contentFields.body.default(''),
  easyBody: contentFields.easyBody.default(''),
  titleEn: contentFields.titleEn.default(''),
  summaryEn: contentFields.summaryEn.default(''),
  bodyEn: contentFields.bodyEn.default(''),
  imageAlt: contentFields.imageAlt.default(''),
  imageCredit: contentFields.imageCredit.default(''),
});

export type ContentInput = z.output<typeof contentInputSchema>;

/**
 * A new item (the editor's first save, POST /api/v1/{kommun}/content): the content, and the
 * organisation it is published by. Chosen once; left out, it is the kommun where the author
 * writes for it, else the police area.
 */
export const newContentInputSchema = contentInputSchema.extend({
  publisherOrganisationId: z.string().regex(idPattern, 'news.publisherNotYours').optional().meta({ description: 'news.api.publisherChoice' }),
});
export type NewContentInput = z.output<typeof newContentInputSchema>;

/** The reviewer's note when sending an item back (form and JSON). */
export const reviewNoteSchema = z.object({ reviewNote: text(newsLimits.reviewNote).min(1) });
export type ReviewNoteInput = z.output<typeof reviewNoteSchema>;

/**
 * The publish form: the version (content_updated_at) of the item the person saw, so that an edit
 * made meanwhile is read before it is published. Anything else in it is ignored.
 */
export const publishFormSchema = z.object({
  version: z
    .string()
    .max(40)
    .optional()
    .catch(undefined),
});

/** PATCH /api/v1/{kommun}/content/{id}: the fields sent replace the stored ones; the kind stays. */
export const contentPatchSchema = z.object(contentFields).partial();
export type ContentPatch = z.output<typeof contentPatchSchema>;

const attachmentSlotNumbers = Array.from({ length: newsLimits.attachmentSlots }, (_, i) => i + 1);

/** "attachment1" … "attachment3": one file input and one title per slot. */
export const attachmentSlots = attachmentSlotNumbers.map((n) => ({ file: `attachment${n}`, title: `attachmentTitle${n}` }));


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

// ---- addresses and queries -----------------------------------------------------------------

/** An item's id in an address; anything else names no item (404). */
export const contentIdParams = z.object({ id: z.string().regex(idPattern) });

/** A published item's address; anything else names no item (404). */
export const contentSlugParams = z.object({ slug: z.string().max(newsLimits.slug).regex(slugPattern) });

const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

/** Cursor text "<ISO time>_<id>" of the last item seen (see encodeCursor in news.presenter.ts). */
function decodeTimeAndId(value: string | undefined): { at: string; id: string } | undefined {
  const match = value === undefined ? null : cursorPattern.exec(value);
  return match ? { at: match[1]!, id: match[2]! } : undefined;
}

// A position in a list; one that cannot be read (an old or edited link) means the first page.
const lenientCursor = <T>(toCursor: (at: string, id: string) => T) =>
  z
    .string()
    .max(100)
    .optional()
    .transform((value) => {
      const found = decodeTimeAndId(value);
      return found ? toCursor(found.at, found.id) : undefined;
    })
    .catch(undefined)
    .meta({ description: 'news.api.cursor' });

/** Published lists walk (published_at, id). */
const publishedCursor = lenientCursor((publishedAt, id) => ({ publishedAt, id }));
/** The staff list walks (updated_at, id). */
const editedCursor = lenientCursor((updatedAt, id) => ({ updatedAt, id }));

/** /{kommun}/nyheter: older (efter) or newer (fore) than an item. */
export const publicListQuery = z.object({ efter: publishedCursor, fore: publishedCursor });

export const staffKindParam = { news: 'nyheter', page: 'sidor' } as const;

/** Which list the staff page shows (typ=sidor for pages; anything else is news). */
const staffKind = z
  .string()
  .optional()
  .transform((value) => (value === staffKindParam.page ? 'page' : 'news'))
  .catch('news' as const);

export const staffListQuery = z.object({ typ: staffKind, efter: editedCursor });
export const newItemQuery = z.object({ typ: staffKind });

export const apiListQuery = z.object({ after: publishedCursor });

/** /{kommun}/admin/nyheter/granskning: older than an item (efter). */
export const reviewListQuery = z.object({ efter: editedCursor });

// ---- JSON answers ----------------------------------------------------------------------------

const timestamp = z.string().meta({ format: 'date-time' });

/** Who publishes an item: the kommun, or a police area (lokalpolisområde) serving it. */
const publisherJson = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['kommun', 'lokalpolisomrade', 'partner']),
  })
  .meta({ description: 'news.api.publisher' });

export const contentJsonSchema = z.object({
  id: z.string(),
  kind: z.enum(['news', 'page']),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  bodyMarkdown: z.string(),
  bodyHtml: z.string(),
  status: z.enum(['draft', 'in_review', 'published']).meta({ description: 'news.api.status' }),
  publishedAt: timestamp.nullable(),
  updatedAt: timestamp,
  image: z.object({ url: z.string(), alt: z.string(), credit: z.string() }).nullable(),
  publisher: publisherJson,
});
export type ContentJson = z.output<typeof contentJsonSchema>;

/** A staff answer: the item (with the reviewer's note), and what the caller may do with it. */
export const staffContentResponse = z.object({
  data: contentJsonSchema.extend({ reviewNote: z.string().meta({ description: 'news.api.reviewNote' }) }),
  can: z.object({ update: z.boolean(), publish: z.boolean(), unpublish: z.boolean(), requestReview: z.boolean(), sendBack: z.boolean() }),
});

export const newsItemResponse = z.object({ data: contentJsonSchema });

export const newsListResponse = z.object({
  data: z.array(
    z.object({ id: z.string(), slug: z.string(), title: z.string(), summary: z.string(), publishedAt: timestamp, url: z.string(), publisher: publisherJson }),
  ),
  /** Pass as `after` for the next page; null on the last. */
  next: z.string().nullable(),
});
