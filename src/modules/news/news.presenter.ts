import { fileUrl } from '../../platform/files/index.js';
import type { Locale, Translate } from '../../platform/i18n/i18n.js';
import type { ContentRow, ListItem, Publisher, TranslationRow } from './news.repository.js';
import type { ContentJson } from './news.schemas.js';

/** How pages and the feed name a publisher: a kommun by its name, a police area as "Polisen – Lokalpolisområde Täby". */
export function publisherLabel(t: Translate, publisher: Pick<Publisher, 'name' | 'kind'>): string {
  return publisher.kind === 'lokalpolisomrade' ? t('news.publisher.police', { name: publisher.name }) : publisher.name;
}

/** What a reader sees: the English translation when asked for and present, else the original. */
export interface LocalisedContent {
  title: string;
  summary: string;
  bodyHtml: string;
  /** Language of the text shown, for lang="" on the article when it differs from the page. */
  textLocale: Locale;
}

export function localise(row: Pick<ContentRow | ListItem, 'title' | 'summary'> & { bodyHtml?: string }, translation: TranslationRow | undefined, locale: Locale): LocalisedContent {
  if (locale !== 'sv' && translation) {
    return { title: translation.title, summary: translation.summary, bodyHtml: translation.bodyHtml, textLocale: locale };
  }
  return { title: row.title, summary: row.summary, bodyHtml: row.bodyHtml ?? '', textLocale: 'sv' };
}

/** The item as JSON; its image's address is under the kommun's (`kommunSlug`). */
export function toContentJson(row: ContentRow, kommunSlug: string): ContentJson {
  return {
    id: row.id,
    kind: row.kind,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    bodyMarkdown: row.bodyMd,
    bodyHtml: row.bodyHtml,
    status: row.status,
    publishedAt: row.publishedAt,
    updatedAt: row.contentUpdatedAt,
    image: row.imageFileId ? { url: fileUrl(kommunSlug, row.imageFileId), alt: row.imageAlt, credit: row.imageCredit } : null,
    publisher: { ...row.publisher },
  };
}

/** The item as staff read it over the API: with the reviewer's note to the author. */
export function toStaffContentJson(row: ContentRow, kommunSlug: string): ContentJson & { reviewNote: string } {
  return { ...toContentJson(row, kommunSlug), reviewNote: row.reviewNote };
}

/** Cursor text for keyset links of published lists: "<published_at>_<id>" (read back in news.schemas.ts). */
export function encodeCursor(item: { publishedAt: string; id: string }): string {
  return `${item.publishedAt}_${item.id}`;
}

/** Cursor text for the staff list, which walks the last edit: "<updated_at>_<id>". */
export function encodeEditedCursor(row: { updatedAt: string; id: string }): string {
  return `${row.updatedAt}_${row.id}`;
}


/** An item in the public JSON list. */
export function toListItemJson(item: ListItem, kommunSlug: string) {
  return { id: item.id, slug: item.slug, title: item.title, summary: item.summary, publishedAt: item.publishedAt, url: `/${kommunSlug}/nyheter/${item.slug}`, publisher: { ...item.publisher } };
}

/** What an audit row keeps of an item before and after a change (never the whole body). */
export function toAuditView(row: ContentRow | undefined) {
  if (!row) return undefined;
  return {
    kind: row.kind,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    status: row.status,
    publishedAt: row.publishedAt,
    imageFileId: row.imageFileId,
    imageAlt: row.imageAlt,
    imageCredit: row.imageCredit,
    bodyLength: row.bodyMd.length,
    publisherOrganisationId: row.publisher.id,
    publisher: row.publisher.name,
    reviewNote: row.reviewNote,
  };
}
