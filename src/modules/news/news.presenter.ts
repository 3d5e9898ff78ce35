import { fileUrl } from '../../platform/files/index.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { ContentRow, ListItem, TranslationRow } from './news.repository.js';

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
export function toContentJson(row: ContentRow, kommunSlug: string) {
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
  };
}

/** Cursor text for keyset links: "<published_at>_<id>". */
export function encodeCursor(item: { publishedAt: string; id: string }): string {
  return `${item.publishedAt}_${item.id}`;
}

export function decodeCursor(value: unknown): { publishedAt: string; id: string } | undefined {
  if (typeof value !== 'string' || value.length > 100) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/.exec(value);
  return match ? { publishedAt: match[1]!, id: match[2]! } : undefined;
}
