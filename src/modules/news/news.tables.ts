import type { Timestamp } from '../../platform/db/tables.js';

export interface ContentItemTable {
  id: string;
  kommun_id: string;
  kind: 'news' | 'page';
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  body_html: string;
  easy_body_md: string;
  easy_body_html: string;
  image_file_id: string | null;
  image_alt: string;
  image_credit: string;
  /** draft → in_review (when the kommun requires the other party's review) → published. */
  status: 'draft' | 'in_review' | 'published';
  published_at: Timestamp | null;
  content_updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The organisation on whose behalf the item is published: the kommun, or a police area serving it. */
  publisher_organisation_id: string;
  /** The reviewer's note to the author when they sent the item back; empty otherwise. */
  review_note: string;
  /** Who asked for the review that is pending; they cannot be its reviewer. */
  review_requested_by: string | null;
}

export interface ContentTranslationTable {
  content_id: string;
  locale: string;
  title: string;
  summary: string;
  body_md: string;
  body_html: string;
  updated_at: Timestamp;
}

export interface ContentAttachmentTable {
  id: string;
  content_id: string;
  file_id: string;
  title: string;
  position: number;
}

declare module '../../platform/db/tables.js' {
  interface Tables {
    content_items: ContentItemTable;
    content_translations: ContentTranslationTable;
    content_attachments: ContentAttachmentTable;
  }
}
